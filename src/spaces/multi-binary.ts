import { describeValue, InvalidBound } from '../errors.js';
import { pyTuple } from './format.js';
import {
  checkSampleVector,
  flattenNested,
  isNumericTypedArray,
  sampleArgError,
  shapeSize,
  shapesEqual,
} from './internal.js';
import { JSON_SCHEMA_DIALECT, type JSONSchema, Space, type SpaceOptions } from './space.js';

/** Optional arguments of {@link MultiBinary.sample} (at most one of them), one value per element. */
export interface MultiBinarySampleOptions {
  /** Per element: 0 → 0, 1 → 1, 2 → random bit (e.g. an `Int8Array`). */
  readonly mask?: ArrayLike<number> | null;
  /** Per element: the probability in [0, 1] that the element is 1. */
  readonly probability?: ArrayLike<number> | null;
}

/**
 * Binary arrays of a fixed shape (Gymnasium `MultiBinary`): elements are `Int8Array`s of 0/1, flat
 * row-major.
 *
 * @example
 * ```ts
 * const buttons = new MultiBinary(5);
 * buttons.contains(Int8Array.of(0, 1, 1, 0, 0)); // true
 * ```
 */
export class MultiBinary extends Space<Int8Array> {
  /** The `n` given to the constructor (a length or a shape). */
  readonly n: number | readonly number[];
  /** Shape of an element: `[n]` or `n`. */
  readonly shape: readonly number[];
  /** Always `'int8'`. */
  readonly dtype = 'int8' as const;
  /** Number of binary values per element. */
  readonly size: number;

  /**
   * @param n - number of binary values, or the shape of an element (positive integers)
   * @param opts - `seed` of the space's generator
   * @throws InvalidBound if `n` is not a positive integer or an array of them
   */
  constructor(n: number | readonly number[], opts?: SpaceOptions) {
    super(opts);
    const shape = typeof n === 'number' ? [n] : Array.isArray(n) ? [...n] : null;
    if (shape === null || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d > 0)) {
      throw new InvalidBound(
        `MultiBinary n must be a positive integer or an array of them, got ${describeValue(n)}`,
        'invalid_n',
        {
          n,
        },
      );
    }
    this.n = typeof n === 'number' ? n : Object.freeze([...n]);
    this.shape = Object.freeze(shape);
    this.size = shapeSize(shape);
  }

  /** MultiBinary elements flatten to a copy. */
  override get isNpFlattenable(): boolean {
    return true;
  }

  /**
   * Fair coins per element, or under a `mask` (0/1 fixed, 2 random) or per-element `probability` of 1.
   *
   * @throws GymError if both are given or either is malformed
   */
  sample(opts?: MultiBinarySampleOptions): Int8Array {
    const mask = opts?.mask;
    const probability = opts?.probability;
    if (mask != null && probability != null) {
      sampleArgError('MultiBinary', 'only one of `mask` or `probability` can be provided');
    }
    const out = new Int8Array(this.size);
    const rng = this.rng;
    if (mask != null) {
      checkSampleVector(mask, this.size, 'mask', 'MultiBinary');
      for (let i = 0; i < this.size; i++) {
        const m = mask[i];
        if (m !== 0 && m !== 1 && m !== 2) {
          sampleArgError('MultiBinary', `mask values must be 0, 1 or 2, got ${describeValue(m)} at ${i}`);
        }
      }
      for (let i = 0; i < this.size; i++) {
        const bit = rng.integer(0, 2);
        out[i] = mask[i] === 2 ? bit : mask[i]!;
      }
      return out;
    }
    if (probability != null) {
      checkSampleVector(probability, this.size, 'probability', 'MultiBinary');
      for (let i = 0; i < this.size; i++) {
        const p = probability[i];
        if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
          sampleArgError(
            'MultiBinary',
            `probability values must be in [0, 1], got ${describeValue(p)} at ${i}`,
          );
        }
      }
      for (let i = 0; i < this.size; i++) out[i] = rng.uniform() < probability[i]! ? 1 : 0;
      return out;
    }
    for (let i = 0; i < this.size; i++) out[i] = rng.integer(0, 2);
    return out;
  }

  /** True if `x` is a typed array or (nested) number array of `size` values, each exactly 0 or 1. */
  contains(x: unknown): boolean {
    let values: ArrayLike<number>;
    if (isNumericTypedArray(x)) values = x;
    else {
      const flat = flattenNested(x);
      if (flat === null || (flat.shape.length !== 1 && !shapesEqual(flat.shape, this.shape))) return false;
      values = flat.values;
    }
    if (values.length !== this.size) return false;
    for (let i = 0; i < values.length; i++) {
      if (values[i] !== 0 && values[i] !== 1) return false;
    }
    return true;
  }

  /** Same shape. */
  override equals(other: Space<unknown>): boolean {
    return other instanceof MultiBinary && shapesEqual(other.shape, this.shape);
  }

  /** JSON Schema: an array of exactly `size` integers, each 0 or 1. */
  override toJSONSchema(): JSONSchema {
    return {
      $schema: JSON_SCHEMA_DIALECT,
      type: 'array',
      items: { type: 'integer', minimum: 0, maximum: 1 },
      minItems: this.size,
      maxItems: this.size,
    };
  }

  /** `MultiBinary(5)` or `MultiBinary((2, 3))`. */
  override toString(): string {
    return `MultiBinary(${typeof this.n === 'number' ? this.n : pyTuple(this.n)})`;
  }
}
