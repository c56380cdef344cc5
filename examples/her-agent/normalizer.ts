/**
 * Running observation normaliser of baselines' HER (`her/normalizer.py`): per-dimension mean and standard
 * deviation from running sums, `clip((x − mean) / std, −clip, clip)`.
 *
 * @module
 */

/** baselines `Normalizer(eps=1e-2)`: smallest standard deviation used, so constant inputs stay finite. */
export const NORMALIZER_MIN_STD = 1e-2;

/** Plain-data state of a {@link Normalizer} (JSON-safe: float64 numbers round-trip exactly through JSON). */
export interface NormalizerState {
  readonly sum: readonly number[];
  readonly sumSq: readonly number[];
  readonly count: number;
}

/**
 * Per-dimension running mean/std normaliser with clipping.
 *
 * @example
 * ```ts
 * const n = new Normalizer(2, 5);
 * n.update(Float64Array.of(0, 1, 2, 3), 2); // two rows
 * const out = new Float32Array(2);
 * n.normalize(Float64Array.of(1, 2), 0, out, 0);
 * ```
 */
export class Normalizer {
  /** Dimension of one row. */
  readonly size: number;
  /** Clip range after normalisation (baselines `norm_clip`). */
  readonly clipRange: number;
  private readonly sum: Float64Array;
  private readonly sumSq: Float64Array;
  private count = 0;
  /** Current mean (updated by {@link Normalizer.recompute}). */
  readonly mean: Float64Array;
  /** Current standard deviation (updated by {@link Normalizer.recompute}). */
  readonly std: Float64Array;

  constructor(size: number, clipRange: number) {
    this.size = size;
    this.clipRange = clipRange;
    this.sum = new Float64Array(size);
    this.sumSq = new Float64Array(size);
    this.mean = new Float64Array(size);
    this.std = new Float64Array(size).fill(1);
  }

  /** Adds `rows` rows of `values` (row-major) to the running sums; call {@link Normalizer.recompute} after. */
  update(values: ArrayLike<number>, rows: number): void {
    const d = this.size;
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < d; i++) {
        const v = values[r * d + i]!;
        this.sum[i] += v;
        this.sumSq[i] += v * v;
      }
    }
    this.count += rows;
  }

  /** Recomputes mean and std from the sums (baselines `recompute_stats`). */
  recompute(): void {
    if (this.count === 0) return;
    const minVar = NORMALIZER_MIN_STD * NORMALIZER_MIN_STD;
    for (let i = 0; i < this.size; i++) {
      const m = this.sum[i]! / this.count;
      this.mean[i] = m;
      this.std[i] = Math.sqrt(Math.max(minVar, this.sumSq[i]! / this.count - m * m));
    }
  }

  /** Normalises one row `values[from .. from+size)` into `out[to .. to+size)`. */
  normalize(values: ArrayLike<number>, from: number, out: Float32Array, to: number): void {
    const c = this.clipRange;
    for (let i = 0; i < this.size; i++) {
      const z = (values[from + i]! - this.mean[i]!) / this.std[i]!;
      out[to + i] = z < -c ? -c : z > c ? c : z;
    }
  }

  /** Plain-data copy of the running sums. */
  getState(): NormalizerState {
    return { sum: Array.from(this.sum), sumSq: Array.from(this.sumSq), count: this.count };
  }

  /** Restores {@link Normalizer.getState} and recomputes mean and std. */
  setState(state: NormalizerState): void {
    if (state.sum.length !== this.size || state.sumSq.length !== this.size) {
      throw new RangeError(`normaliser state has ${state.sum.length} dimensions, expected ${this.size}`);
    }
    this.sum.set(state.sum);
    this.sumSq.set(state.sumSq);
    this.count = state.count;
    this.mean.fill(0);
    this.std.fill(1);
    this.recompute();
  }
}
