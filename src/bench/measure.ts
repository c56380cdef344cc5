/**
 * Timing helpers for benchmarks: interleaved repetitions and medians, so that ratios are measured in one run
 * under the same machine load (never in tests).
 *
 * @module
 */
import type { Env } from '../core/env.js';
import type { ActionInput } from '../core/types.js';
import { median } from '../evaluation/wilson.js';
import type { Rng } from '../random/rng.js';

/** Wall time of `fn()`, ms. */
export function timeMs(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/**
 * Runs every contender once per repetition, in the same order each time (after one untimed warm-up
 * round for the JIT), and returns the per-contender times in ms.
 */
export function interleaved(contenders: readonly (() => void)[], repetitions: number): number[][] {
  for (const c of contenders) c();
  const times = contenders.map(() => [] as number[]);
  for (let r = 0; r < repetitions; r++) {
    contenders.forEach((c, i) => {
      times[i]!.push(timeMs(c));
    });
  }
  return times;
}

/** Median of the per-repetition ratios a[r] / b[r]. */
export function medianRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((x, i) => x / b[i]!));
}

/**
 * One env step with a uniform random action in [-1, 1] drawn from `rng` into `action` (reused, so the loop
 * does not allocate), resetting the env when its episode ends.
 */
export function randomActionStep(env: Env<unknown, ActionInput>, rng: Rng, action: Float32Array): void {
  for (let k = 0; k < action.length; k++) action[k] = rng.uniform(-1, 1);
  const r = env.step(action);
  if (r.terminated || r.truncated) env.reset();
}
