/**
 * Timing helpers for benchmarks: interleaved repetitions and medians, so that ratios are measured in one run
 * under the same machine load (never in tests).
 *
 * @module
 */
import { median } from '../evaluation/wilson.js';

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
