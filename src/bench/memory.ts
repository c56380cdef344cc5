/**
 * Memory over many resets: RSS and external (WASM) memory sampled along a long run of resets with a few steps
 * each, to show that Rapier worlds are freed and nothing accumulates.
 *
 * @module
 */
import type { ActionInput } from '../core/types.js';
import { make } from '../registry/registry.js';

/** One sample of {@link measureResetMemory}. */
export interface MemorySample {
  readonly resets: number;
  readonly rss_MB: number;
  readonly external_MB: number;
  readonly heapUsed_MB: number;
}

/** Result of {@link measureResetMemory}. */
export interface ResetMemory {
  readonly id: string;
  readonly resets: number;
  readonly samples: readonly MemorySample[];
  /** RSS at the last sample / RSS at the reference sample (reset 10 % of the way in, after warm-up). */
  readonly rssGrowth: number;
  /** External memory at the last sample / at the reference sample. */
  readonly externalGrowth: number;
  /**
   * Whether a full GC ran before every sample (`node --expose-gc`); without it RSS includes garbage not yet
   * collected and the growth figures overstate retention.
   */
  readonly gcBeforeSamples: boolean;
}

const BYTES_PER_MB = 1024 * 1024;

function sample(resets: number): MemorySample {
  const m = process.memoryUsage();
  return {
    resets,
    rss_MB: m.rss / BYTES_PER_MB,
    external_MB: m.external / BYTES_PER_MB,
    heapUsed_MB: m.heapUsed / BYTES_PER_MB,
  };
}

/**
 * Runs `resets` resets of `id` with `stepsPerEpisode` zero-action steps each, sampling memory `samples`
 * times; growth is measured from the 10 % mark (the "from reset 10,000 to 100,000").
 *
 * @param onProgress - called after each sample
 */
export function measureResetMemory(
  id: string,
  resets: number,
  stepsPerEpisode = 2,
  samples = 10,
  onProgress?: (done: number) => void,
): ResetMemory {
  const env = make<unknown, ActionInput>(id);
  const zero = new Float32Array((env.actionSpace.shape ?? [0])[0]!);
  env.reset({ seed: 0 });
  const every = Math.max(1, Math.floor(resets / samples));
  const out: MemorySample[] = [];
  for (let i = 1; i <= resets; i++) {
    env.reset();
    for (let t = 0; t < stepsPerEpisode; t++) env.step(zero);
    if (i % every === 0) {
      (globalThis as { gc?: () => void }).gc?.();
      out.push(sample(i));
      onProgress?.(i);
    }
  }
  env.close();
  const gcBeforeSamples = typeof (globalThis as { gc?: unknown }).gc === 'function';
  const ref = out[0]!;
  const last = out[out.length - 1]!;
  return {
    id,
    resets,
    samples: out,
    rssGrowth: last.rss_MB / ref.rss_MB,
    externalGrowth: last.external_MB / ref.external_MB,
    gcBeforeSamples,
  };
}
