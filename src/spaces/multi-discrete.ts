import { describeValue, InvalidBound } from '../errors.js';
import {
  canCastDType,
  type DTypeArrayMap,
  dtypeOfArray,
  dtypeRange,
  type IntArray,
  type IntDType,
  isIntDType,
  typedArrayFor,
} from './dtype.js';
import { arrayStr } from './format.js';
import {
  categorical,
  checkSampleVector,
  flattenNested,
  isNumericTypedArray,
  type NestedNumbers,
  sampleArgError,
  shapeSize,
  shapesEqual,
  tensorArg,
} from './internal.js';
import { JSON_SCHEMA_DIALECT, type JSONSchema, Space, type SpaceOptions } from './space.js';

/** Options of the {@link MultiDiscrete} constructor. */
export interface MultiDiscreteOptions<D extends IntDType = IntDType> extends SpaceOptions {
  /** Element dtype, an integer dtype (default `'int32'`). */
  readonly dtype?: D;
  /** Smallest value of each element (same shape as `nvec`, or one number for all; default zeros). */
  readonly start?: number | NestedNumbers;
}

/** Optional arguments of {@link MultiDiscrete.sample} (at most one): one array per element, row-major. */
export interface MultiDiscreteSampleOptions {
  /** Per element `i`: `nvec[i]` values of 0/1 (allowed values); all zero ⇒ `start[i]`. */
  readonly mask?: readonly ArrayLike<number>[] | null;
  /** Per element `i`: `nvec[i]` probabilities summing to 1. */
  readonly probability?: readonly ArrayLike<number>[] | null;
}

/**
 * The implementation of {@link MultiDiscrete} (exported as the `MultiDiscrete` value, whose constructor
 * infers the element type from `opts.dtype`).
 */
class MultiDiscreteSpace<A extends IntArray = Int32Array> extends Space<A> {
  /** Number of values of each element, row-major. */
  readonly nvec: readonly number[];
  /** Smallest value of each element, row-major. */
  readonly start: readonly number[];
  /** Shape of an element (the shape of `nvec`). */
  readonly shape: readonly number[];
  /** Element dtype. */
  readonly dtype: IntDType;
  /** Number of values per element (product of `shape`). */
  readonly size: number;

  /**
   * @param nvec - number of values of each element (positive integers; flat, nested, or one number for
   *   shape `[]`)
   * @param opts - `dtype` (default `'int32'`), `start` (default zeros) and `seed`
   * @throws InvalidBound for a non-integer dtype, a non-positive or non-integer `nvec` entry, a `start` of
   *   another shape or with non-integers, or elements outside the dtype range
   */
  constructor(nvec: number | NestedNumbers, opts?: MultiDiscreteOptions) {
    super(opts);
    const dtype = opts?.dtype ?? 'int32';
    if (typeof dtype !== 'string' || !isIntDType(dtype as IntDType)) {
      throw new InvalidBound(
        `MultiDiscrete dtype must be an integer dtype, got ${describeValue(dtype)}`,
        'invalid_dtype',
        { dtype },
      );
    }
    const nv = tensorArg(nvec, 'MultiDiscrete nvec');
    const shape = nv.shape ?? [];
    const size = shapeSize(shape);
    const st = tensorArg(opts?.start ?? 0, 'MultiDiscrete start');
    if (
      st.shape !== null &&
      (st.values.length !== size || !(st.shape.length === 1 || shapesEqual(st.shape, shape)))
    ) {
      throw new InvalidBound(
        `MultiDiscrete start must have the shape of nvec [${shape}], got shape [${st.shape}]`,
        'shape_mismatch',
        { startShape: st.shape, shape },
      );
    }
    const [min, max] = dtypeRange(dtype);
    const starts: number[] = [];
    for (let i = 0; i < size; i++) {
      const n = nv.values[i]!;
      const s = st.shape === null ? st.values[0]! : st.values[i]!;
      if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) {
        throw new InvalidBound(
          `MultiDiscrete nvec must hold positive integers, got nvec[${i}]=${describeValue(n)}`,
          'invalid_nvec',
          {
            index: i,
            value: n,
          },
        );
      }
      if (typeof s !== 'number' || !Number.isSafeInteger(s)) {
        throw new InvalidBound(
          `MultiDiscrete start must hold integers, got start[${i}]=${describeValue(s)}`,
          'invalid_start',
          {
            index: i,
            value: s,
          },
        );
      }
      if (s < min || s + n - 1 > max) {
        throw new InvalidBound(
          `MultiDiscrete element ${i} takes values [${s}, ${s + n - 1}] outside the ${dtype} range [${min}, ${max}]`,
          'bound_out_of_dtype_range',
          { index: i, start: s, n, dtype },
        );
      }
      starts.push(s + 0); // no negative zero
    }
    this.nvec = Object.freeze(nv.values.slice(0, size));
    this.start = Object.freeze(starts);
    this.shape = Object.freeze(shape);
    this.dtype = dtype;
    this.size = size;
  }

  /** MultiDiscrete elements flatten to concatenated one-hot arrays. */
  override get isNpFlattenable(): boolean {
    return true;
  }

  /**
   * Per element `floor(U · nvec[i]) + start[i]`, or under per-element masks or probability vectors (see
   * {@link MultiDiscreteSampleOptions}).
   *
   * @throws GymError if both `mask` and `probability` are given or either is malformed
   */
  sample(opts?: MultiDiscreteSampleOptions): A {
    const mask = opts?.mask;
    const probability = opts?.probability;
    if (mask != null && probability != null) {
      sampleArgError('MultiDiscrete', 'only one of `mask` or `probability` can be provided');
    }
    const out = typedArrayFor(this.dtype, this.size);
    const rng = this.rng;
    if (mask != null) {
      checkSampleVector(mask, this.size, 'mask', 'MultiDiscrete');
      for (let i = 0; i < this.size; i++) {
        const m = mask[i];
        checkSampleVector(m, this.nvec[i]!, `mask[${i}]`, 'MultiDiscrete');
        const allowed: number[] = [];
        for (let j = 0; j < m.length; j++) {
          if (m[j] !== 0 && m[j] !== 1) {
            sampleArgError(
              'MultiDiscrete',
              `mask values must be 0 or 1, got ${describeValue(m[j])} at [${i}][${j}]`,
            );
          }
          if (m[j] === 1) allowed.push(j);
        }
        out[i] = this.start[i]! + (allowed.length === 0 ? 0 : allowed[rng.integer(0, allowed.length)]!);
      }
      return out as unknown as A;
    }
    if (probability != null) {
      checkSampleVector(probability, this.size, 'probability', 'MultiDiscrete');
      for (let i = 0; i < this.size; i++) {
        const p = probability[i];
        checkSampleVector(p, this.nvec[i]!, `probability[${i}]`, 'MultiDiscrete');
        out[i] = this.start[i]! + categorical(p, rng.uniform(), 'MultiDiscrete');
      }
      return out as unknown as A;
    }
    for (let i = 0; i < this.size; i++) out[i] = this.start[i]! + rng.integer(0, this.nvec[i]!);
    return out as unknown as A;
  }

  /**
   * True if `x` has `size` values with `start[i] <= x[i] <= start[i] + nvec[i] − 1`: an integer typed
   * array whose dtype safely casts to the space's, or a (nested) array of integer numbers.
   */
  contains(x: unknown): boolean {
    let values: ArrayLike<number>;
    if (isNumericTypedArray(x)) {
      const from = dtypeOfArray(x);
      if (from === null || from === 'float32' || from === 'float64' || !canCastDType(from, this.dtype))
        return false;
      values = x;
    } else {
      const flat = flattenNested(x);
      if (flat === null || (flat.shape.length !== 1 && !shapesEqual(flat.shape, this.shape))) return false;
      values = flat.values;
    }
    if (values.length !== this.size) return false;
    for (let i = 0; i < this.size; i++) {
      const v = values[i]!;
      const s = this.start[i]!;
      if (!Number.isInteger(v) || v < s || v > s + this.nvec[i]! - 1) return false;
    }
    return true;
  }

  /** Same dtype, shape, `nvec` and `start`. */
  override equals(other: Space<unknown>): boolean {
    return (
      other instanceof MultiDiscreteSpace &&
      other.dtype === this.dtype &&
      shapesEqual(other.shape, this.shape) &&
      other.nvec.every((n, i) => n === this.nvec[i]) &&
      other.start.every((s, i) => s === this.start[i])
    );
  }

  /** JSON Schema: an array of exactly `size` integers, element `i` in `[start[i], start[i] + nvec[i] − 1]`. */
  override toJSONSchema(): JSONSchema {
    const item = (i: number): JSONSchema => ({
      type: 'integer',
      minimum: this.start[i] ?? 0,
      maximum: (this.start[i] ?? 0) + (this.nvec[i] ?? 1) - 1,
    });
    const uniform =
      this.nvec.every((n) => n === this.nvec[0]) && this.start.every((s) => s === this.start[0]);
    const schema: JSONSchema = { $schema: JSON_SCHEMA_DIALECT, type: 'array' };
    if (uniform) schema.items = item(0);
    else {
      schema.prefixItems = this.nvec.map((_, i) => item(i));
      schema.items = false;
    }
    schema.minItems = this.size;
    schema.maxItems = this.size;
    return schema;
  }

  /** Gymnasium's repr: `MultiDiscrete([2 3 4])`, with `, start=[...]` when a start is non-zero. */
  override toString(): string {
    const nvec = arrayStr(this.nvec, this.shape, this.dtype);
    if (this.start.every((s) => s === 0)) return `MultiDiscrete(${nvec})`;
    return `MultiDiscrete(${nvec}, start=${arrayStr(this.start, this.shape, this.dtype)})`;
  }
}
Object.defineProperty(MultiDiscreteSpace, 'name', { value: 'MultiDiscrete' });

/**
 * The product of Discrete spaces (Gymnasium `MultiDiscrete`): element `i` is an integer in
 * `[start[i], start[i] + nvec[i] − 1]`. Elements are flat row-major integer typed arrays (`Int32Array` for
 * the default dtype).
 *
 * **TS deviation (int64):** the default dtype is `'int32'` (Gymnasium: int64).
 *
 * @typeParam A - the typed array of the elements (inferred from `opts.dtype` by the constructor)
 *
 * @example
 * ```ts
 * const keys = new MultiDiscrete([3, 2, 2]);     // MultiDiscrete<Int32Array>
 * keys.contains(Int32Array.of(2, 1, 0));         // true
 * ```
 */
export type MultiDiscrete<A extends IntArray = Int32Array> = MultiDiscreteSpace<A>;

/** The constructor of {@link MultiDiscrete}: infers the element array type from `opts.dtype`. */
export type MultiDiscreteConstructor = {
  /**
   * A MultiDiscrete space with `nvec[i]` values for element `i`.
   *
   * @param nvec - number of values of each element (positive integers; flat or nested)
   * @param opts - `dtype` (default `'int32'`), `start` (default zeros) and `seed`
   * @throws InvalidBound for an invalid dtype, `nvec` or `start` (the message names the problem)
   */
  new <D extends IntDType = 'int32'>(
    nvec: number | NestedNumbers,
    opts?: MultiDiscreteOptions<D>,
  ): MultiDiscrete<DTypeArrayMap[D]>;
} & typeof MultiDiscreteSpace;

/** The product of Discrete spaces (Gymnasium `MultiDiscrete`); see the {@link MultiDiscrete} type. */
export const MultiDiscrete: MultiDiscreteConstructor = MultiDiscreteSpace as MultiDiscreteConstructor;
