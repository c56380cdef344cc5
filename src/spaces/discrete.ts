import { describeValue, InvalidBound } from '../errors.js';
import type { IntDType } from './dtype.js';
import { categorical, checkSampleVector, sampleArgError } from './internal.js';
import { JSON_SCHEMA_DIALECT, type JSONSchema, Space, type SpaceOptions } from './space.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Options of the {@link Discrete} constructor. */
export interface DiscreteOptions extends SpaceOptions {
  /** The smallest element (default 0). */
  readonly start?: number;
}

/** Optional arguments of {@link Discrete.sample} (at most one of them). */
export interface DiscreteSampleOptions {
  /** `n` values of 0/1 (e.g. an `Int8Array`): draw uniformly among the 1s; all zero ⇒ `start`. */
  readonly mask?: ArrayLike<number> | null;
  /** `n` probabilities in [0, 1] summing to 1 (e.g. a `Float64Array`): draw from that categorical. */
  readonly probability?: ArrayLike<number> | null;
}

/**
 * The integers `{start, ..., start + n − 1}` (Gymnasium `Discrete`). Elements are plain `number`s.
 *
 * **TS deviation (int64):** Gymnasium's dtype is int64; here the dtype is `'int32'` and every element must
 * lie in the int32 range.
 *
 * @example
 * ```ts
 * const gripper = new Discrete(3, { start: -1 }); // {-1, 0, 1}
 * gripper.contains(1); // true
 * ```
 */
export class Discrete extends Space<number> {
  /** Elements are scalars: shape `[]`. */
  readonly shape: readonly number[] = Object.freeze([]);
  /** Always `'int32'` (see the int64 deviation). */
  readonly dtype: IntDType = 'int32';
  /** Number of elements. */
  readonly n: number;
  /** The smallest element. */
  readonly start: number;

  /**
   * @param n - number of elements (a positive integer)
   * @param opts - `start` (default 0) and `seed`
   * @throws InvalidBound if `n` is not a positive integer, `start` is not an integer, or the elements leave
   *   the int32 range
   */
  constructor(n: number, opts?: DiscreteOptions) {
    super(opts);
    const start = opts?.start ?? 0;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) {
      throw new InvalidBound(`Discrete n must be a positive integer, got ${describeValue(n)}`, 'invalid_n', {
        n,
      });
    }
    if (typeof start !== 'number' || !Number.isSafeInteger(start)) {
      throw new InvalidBound(
        `Discrete start must be an integer, got ${describeValue(start)}`,
        'invalid_start',
        { start },
      );
    }
    if (start < INT32_MIN || start + n - 1 > INT32_MAX) {
      throw new InvalidBound(
        `Discrete elements [${start}, ${start + n - 1}] leave the int32 range`,
        'bound_out_of_dtype_range',
        { n, start },
      );
    }
    this.n = n;
    this.start = start + 0; // no negative zero
  }

  /** Discrete elements flatten to a one-hot array. */
  override get isNpFlattenable(): boolean {
    return true;
  }

  /**
   * A uniform element, or one drawn under a `mask` (uniform among allowed values, `start` if none is
   * allowed) or from a `probability` vector.
   *
   * @throws GymError if both are given or either is malformed
   */
  sample(opts?: DiscreteSampleOptions): number {
    const mask = opts?.mask;
    const probability = opts?.probability;
    if (mask != null && probability != null) {
      sampleArgError('Discrete', 'only one of `mask` or `probability` can be provided');
    }
    if (mask != null) {
      checkSampleVector(mask, this.n, 'mask', 'Discrete');
      const allowed: number[] = [];
      for (let i = 0; i < this.n; i++) {
        const m = mask[i];
        if (m !== 0 && m !== 1)
          sampleArgError('Discrete', `mask values must be 0 or 1, got ${describeValue(m)} at ${i}`);
        if (m === 1) allowed.push(i);
      }
      if (allowed.length === 0) return this.start;
      return this.start + allowed[this.rng.integer(0, allowed.length)]!;
    }
    if (probability != null) {
      checkSampleVector(probability, this.n, 'probability', 'Discrete');
      return this.start + categorical(probability, this.rng.uniform(), 'Discrete');
    }
    return this.start + this.rng.integer(0, this.n);
  }

  /** True if `x` is an integer `number` in `[start, start + n)` (booleans and non-integers are rejected). */
  contains(x: unknown): boolean {
    return typeof x === 'number' && Number.isInteger(x) && x >= this.start && x < this.start + this.n;
  }

  /** Same `n`, `start` and dtype. */
  override equals(other: Space<unknown>): boolean {
    return (
      other instanceof Discrete &&
      other.n === this.n &&
      other.start === this.start &&
      other.dtype === this.dtype
    );
  }

  /** JSON Schema: an integer in `[start, start + n − 1]`. */
  override toJSONSchema(): JSONSchema {
    return {
      $schema: JSON_SCHEMA_DIALECT,
      type: 'integer',
      minimum: this.start,
      maximum: this.start + this.n - 1,
    };
  }

  /** `Discrete(n)` or `Discrete(n, start=s)`. */
  override toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}
