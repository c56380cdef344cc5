import { describeValue, GymError, InvalidBound } from '../errors.js';
import { logger } from '../logger.js';
import {
  type BoxArray,
  canCastDType,
  DTYPES,
  type DType,
  type DTypeArrayMap,
  dtypeOfArray,
  dtypeRange,
  isDType,
  isFloatDType,
  typedArrayFor,
} from './dtype.js';
import { pyTuple, shortArrayRepr } from './format.js';
import {
  allClose,
  checkShape,
  flattenNested,
  isNumericTypedArray,
  type NestedNumbers,
  shapeSize,
  shapesEqual,
  tensorArg,
} from './internal.js';
import {
  JSON_SCHEMA_DIALECT,
  type JSONSchema,
  type SampleOptions,
  Space,
  type SpaceOptions,
} from './space.js';

/** A Box bound: one number for every element, or one per element (flat row-major, or nested by shape). */
export type BoxBound = number | NestedNumbers;

/** In which sense {@link Box.isBounded} checks boundedness. */
export type BoundedManner = 'both' | 'below' | 'above';

/**
 * The implementation of {@link Box} (exported as the `Box` value, whose constructor infers the element
 * type from `dtype`).
 */
class BoxSpace<A extends BoxArray = Float32Array> extends Space<A> {
  /** Shape of an element; elements are flat row-major typed arrays of `size` values. */
  readonly shape: readonly number[];
  /** Element dtype. */
  readonly dtype: DType;
  /** Number of elements (product of `shape`). */
  readonly size: number;
  /**
   * Lower bounds, one per element, as stored in the dtype: float32 bounds are rounded to float32, signed
   * integer `-Infinity` becomes the dtype minimum. Do not mutate.
   */
  readonly low: Float64Array;
  /** Upper bounds, one per element (see {@link BoxSpace.low}). Do not mutate. */
  readonly high: Float64Array;
  /** 1 where the element's lower bound was given finite (`low_i > -Infinity`), else 0. */
  readonly boundedBelow: Uint8Array;
  /** 1 where the element's upper bound was given finite (`high_i < Infinity`), else 0. */
  readonly boundedAbove: Uint8Array;

  /**
   * @param low - lower bound(s): a number (broadcast to `shape`) or an array (its shape is the Box's shape
   *   unless `shape` is given)
   * @param high - upper bound(s), like `low`
   * @param shape - element shape; default: the shape of the array bound(s), or `[1]` for two numbers
   * @param dtype - element dtype (default `'float32'`)
   * @param opts - `seed` of the space's generator
   * @throws InvalidBound for an unknown dtype, a bad shape, bounds whose shapes disagree, NaN bounds,
   *   `low > high`, a bound outside the dtype range, a non-integer bound of an integer dtype, or an infinite
   *   bound of an unsigned/bool dtype
   */
  constructor(
    low: BoxBound,
    high: BoxBound,
    shape?: readonly number[] | null,
    dtype: DType = 'float32',
    opts?: SpaceOptions,
  ) {
    super(opts);
    if (!isDType(dtype)) {
      throw new InvalidBound(
        `Box dtype must be one of ${DTYPES.join(', ')}, got ${describeValue(dtype)}`,
        'invalid_dtype',
        {
          dtype,
        },
      );
    }
    const lo = tensorArg(low, 'Box low');
    const hi = tensorArg(high, 'Box high');
    let resolved: readonly number[];
    if (shape != null) resolved = checkShape(shape, 'Box');
    else if (lo.shape !== null && hi.shape !== null) {
      if (!shapesEqual(lo.shape, hi.shape)) {
        throw new InvalidBound(
          `Box low.shape and high.shape don't match, low.shape=${pyTuple(lo.shape)}, high.shape=${pyTuple(hi.shape)}`,
          'shape_mismatch',
          { lowShape: lo.shape, highShape: hi.shape },
        );
      }
      resolved = Object.freeze(lo.shape);
    } else resolved = Object.freeze(lo.shape ?? hi.shape ?? [1]);
    const size = shapeSize(resolved);
    for (const [name, arg] of [
      ['low', lo],
      ['high', hi],
    ] as const) {
      if (arg.shape === null) continue;
      const fits = arg.values.length === size && (arg.shape.length === 1 || shapesEqual(arg.shape, resolved));
      if (!fits) {
        throw new InvalidBound(
          `Box ${name}.shape doesn't match the shape, ${name}.shape=${pyTuple(arg.shape)}, shape=${pyTuple(resolved)}`,
          'shape_mismatch',
          { [`${name}Shape`]: arg.shape, shape: resolved },
        );
      }
    }
    this.shape = resolved;
    this.dtype = dtype;
    this.size = size;
    this.low = new Float64Array(size);
    this.high = new Float64Array(size);
    this.boundedBelow = new Uint8Array(size);
    this.boundedAbove = new Uint8Array(size);
    let lowRounded = false;
    let highRounded = false;
    for (let i = 0; i < size; i++) {
      const l = castBound(lo.shape === null ? lo.values[0]! : lo.values[i]!, 'low', i, dtype);
      const h = castBound(hi.shape === null ? hi.values[0]! : hi.values[i]!, 'high', i, dtype);
      this.boundedBelow[i] = l.bounded ? 1 : 0;
      this.boundedAbove[i] = h.bounded ? 1 : 0;
      this.low[i] = l.value;
      this.high[i] = h.value;
      lowRounded ||= l.rounded;
      highRounded ||= h.rounded;
      if (l.value > h.value) {
        throw new InvalidBound(
          `Box all low values must be less than or equal to high, low[${i}]=${l.value} > high[${i}]=${h.value}`,
          'low_greater_than_high',
          { index: i, low: l.value, high: h.value },
        );
      }
    }
    if (lowRounded && lo.shape !== null) logger.warn(`Box low's precision lowered by casting to ${dtype}`);
    if (highRounded && hi.shape !== null) logger.warn(`Box high's precision lowered by casting to ${dtype}`);
  }

  /** Box elements always flatten (to a copy in the same dtype). */
  override get isNpFlattenable(): boolean {
    return true;
  }

  /**
   * Whether every element is bounded in the given sense.
   *
   * @param manner - `'both'` (default), `'below'` or `'above'`
   * @throws GymError for another `manner`
   */
  isBounded(manner: BoundedManner = 'both'): boolean {
    const below = this.boundedBelow.every((b) => b === 1);
    const above = this.boundedAbove.every((b) => b === 1);
    if (manner === 'both') return below && above;
    if (manner === 'below') return below;
    if (manner === 'above') return above;
    throw new GymError(
      `manner is not in {'below', 'above', 'both'}, actual value: ${describeValue(manner)}`,
      'invalid_manner',
    );
  }

  /**
   * A random element: per coordinate, `[a, b]` → uniform, `[a, ∞)` → a + Exp(1), `(-∞, b]` → b − Exp(1),
   * `(-∞, ∞)` → N(0, 1). Integer dtypes draw with `high + 1` and take the floor; results are clipped to
   * `[low, high]` (which lies inside the dtype range). Coordinates are drawn in row-major order.
   *
   * @throws GymError if a `mask` or `probability` is given (not supported by Box)
   */
  sample(opts?: SampleOptions): A {
    if (opts?.mask != null) {
      throw new GymError(
        `Box.sample cannot be provided a mask, actual value: ${describeValue(opts.mask)}`,
        'unsupported_mask',
      );
    }
    if (opts?.probability != null) {
      throw new GymError(
        `Box.sample cannot be provided a probability mask, actual value: ${describeValue(opts.probability)}`,
        'unsupported_probability',
      );
    }
    const out = typedArrayFor(this.dtype, this.size);
    const rng = this.rng;
    const integer = !isFloatDType(this.dtype);
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i]!;
      const hi = this.high[i]!;
      const top = integer ? hi + 1 : hi;
      let x: number;
      if (this.boundedBelow[i] && this.boundedAbove[i]) {
        const u = rng.uniform();
        x = lo + (top - lo) * u;
        if (!Number.isFinite(x)) x = lo * (1 - u) + top * u; // top - lo overflowed
      } else if (this.boundedBelow[i]) x = lo + rng.exponential();
      else if (this.boundedAbove[i]) x = top - rng.exponential();
      else x = rng.normal();
      if (integer) x = Math.floor(x);
      out[i] = Math.min(Math.max(x, lo), hi);
    }
    return out as unknown as A;
  }

  /**
   * True if `x` is an element: a typed array of `size` values whose dtype safely casts to the space's
   * (NumPy `can_cast`: int16 → float32 yes, float64 → float32 or any float → int no), or a plain (possibly
   * nested) number array of that many values (cast to the dtype like NumPy; integer dtypes need integer
   * values), with `low <= x <= high` element-wise (NaN fails). A plain array or a number (for shape `[]`)
   * logs the warning "Casting input x to numpy array." like Gymnasium. Allocation-free for typed arrays.
   */
  contains(x: unknown): boolean {
    if (isNumericTypedArray(x)) {
      const from = dtypeOfArray(x);
      if (from === null || !canCastDType(from, this.dtype) || x.length !== this.size) return false;
      const { low, high } = this;
      for (let i = 0; i < this.size; i++) {
        const v = x[i]!;
        if (!(v >= low[i]! && v <= high[i]!)) return false;
      }
      return true;
    }
    logger.warn('Casting input x to numpy array.');
    let values: ArrayLike<number>;
    if (typeof x === 'number') {
      if (this.shape.length !== 0) return false;
      values = [x];
    } else {
      const flat = flattenNested(x);
      if (flat === null || flat.values.length !== this.size) return false;
      if (flat.shape.length !== 1 && !shapesEqual(flat.shape, this.shape)) return false;
      values = flat.values;
    }
    const integer = !isFloatDType(this.dtype);
    for (let i = 0; i < this.size; i++) {
      let v = values[i]!;
      if (integer && !Number.isInteger(v)) return false;
      if (this.dtype === 'float32') v = Math.fround(v);
      if (!(v >= this.low[i]! && v <= this.high[i]!)) return false;
    }
    return true;
  }

  /** Same shape and dtype, bounds equal within NumPy `allclose` tolerance (rtol 1e-5, atol 1e-8). */
  override equals(other: Space<unknown>): boolean {
    return (
      other instanceof BoxSpace &&
      shapesEqual(this.shape, other.shape) &&
      this.dtype === other.dtype &&
      allClose(this.low, other.low) &&
      allClose(this.high, other.high)
    );
  }

  /**
   * JSON Schema of the JSON encoding of an element: an array of exactly `size` numbers (`integer` for
   * integer and bool dtypes) with `minimum`/`maximum` where the bounds are finite.
   */
  override toJSONSchema(): JSONSchema {
    const type = isFloatDType(this.dtype) ? 'number' : 'integer';
    const item = (i: number): JSONSchema => {
      const schema: JSONSchema = { type };
      // `+ 0` turns -0 into 0 (JSON has no negative zero)
      if (i < this.size && Number.isFinite(this.low[i])) schema.minimum = this.low[i]! + 0;
      if (i < this.size && Number.isFinite(this.high[i])) schema.maximum = this.high[i]! + 0;
      return schema;
    };
    const uniform = this.low.every((v) => v === this.low[0]) && this.high.every((v) => v === this.high[0]);
    const schema: JSONSchema = { $schema: JSON_SCHEMA_DIALECT, type: 'array' };
    if (uniform) schema.items = item(0);
    else {
      schema.prefixItems = Array.from({ length: this.size }, (_, i) => item(i));
      schema.items = false;
    }
    schema.minItems = this.size;
    schema.maxItems = this.size;
    return schema;
  }

  /** Gymnasium's repr, e.g. `Box(-1.0, 1.0, (4,), float32)` or `Box([-1. -2.], [2. 4.], (2,), float32)`. */
  override toString(): string {
    return `Box(${shortArrayRepr(this.low, this.shape, this.dtype)}, ${shortArrayRepr(this.high, this.shape, this.dtype)}, ${pyTuple(this.shape)}, ${this.dtype})`;
  }
}
Object.defineProperty(BoxSpace, 'name', { value: 'Box' });

/** Validates one bound value and casts it to the dtype. */
function castBound(
  value: number,
  which: 'low' | 'high',
  index: number,
  dtype: DType,
): { value: number; bounded: boolean; rounded: boolean } {
  if (typeof value !== 'number') {
    throw new InvalidBound(
      `Box ${which} must hold numbers, got ${describeValue(value)} at index ${index}`,
      'invalid_bound_type',
      {
        index,
      },
    );
  }
  if (Number.isNaN(value)) {
    throw new InvalidBound(`No ${which} value can be NaN, ${which}[${index}]=NaN`, 'nan_bound', { index });
  }
  const infinite = which === 'low' ? value === -Infinity : value === Infinity;
  const bounded = !infinite;
  const [min, max] = dtypeRange(dtype);
  if (isFloatDType(dtype)) {
    if (Number.isFinite(value) && (value < min || value > max)) {
      throw new InvalidBound(
        `Box ${which} is out of bounds of the dtype range, ${which}[${index}]=${value}, ${dtype} range=[${min}, ${max}]`,
        'bound_out_of_dtype_range',
        { index, value, dtype },
      );
    }
    const cast = dtype === 'float32' ? Math.fround(value) : value;
    return { value: cast, bounded, rounded: cast !== value };
  }
  if (infinite) {
    if (dtype === 'bool' || dtype.startsWith('uint')) {
      throw new InvalidBound(
        `Box unsigned int dtype don't support ${value}, ${which}[${index}]=${value} with dtype ${dtype}`,
        'infinite_unsigned_bound',
        { index, value, dtype },
      );
    }
    return { value: which === 'low' ? min : max, bounded, rounded: false };
  }
  if (value < min || value > max) {
    throw new InvalidBound(
      `Box ${which} is out of bounds of the dtype range, ${which}[${index}]=${value}, ${dtype} range=[${min}, ${max}]`,
      'bound_out_of_dtype_range',
      { index, value, dtype },
    );
  }
  if (!Number.isInteger(value)) {
    throw new InvalidBound(
      `Box ${which} of an integer dtype must be integers, ${which}[${index}]=${value} with dtype ${dtype}`,
      'non_integer_bound',
      { index, value, dtype },
    );
  }
  return { value, bounded, rounded: false };
}

/**
 * A (possibly unbounded) box in R^n (Gymnasium `Box`): the product of closed intervals `[low_i, high_i]`,
 * each possibly half- or fully unbounded (±Infinity). Elements are flat row-major typed arrays of the
 * dtype's array type (`Float32Array` for the default float32).
 *
 * @typeParam A - the typed array of the elements (inferred from `dtype` by the constructor)
 *
 * @example
 * ```ts
 * const actions = new Box(-1, 1, [4]);                                  // Box<Float32Array>
 * const goals = new Box(-Infinity, Infinity, [3], 'float64');           // Box<Float64Array>
 * String(actions); // 'Box(-1.0, 1.0, (4,), float32)'
 * ```
 */
export type Box<A extends BoxArray = Float32Array> = BoxSpace<A>;

/** The constructor of {@link Box}: infers the element array type from the `dtype` argument. */
export type BoxConstructor = {
  /**
   * A Box of the given bounds, shape and dtype; the element type is the dtype's typed array.
   *
   * @param low - lower bound(s): a number (broadcast to `shape`) or an array (flat row-major, or nested)
   * @param high - upper bound(s), like `low`
   * @param shape - element shape; default: the shape of the array bound(s), or `[1]` for two numbers
   * @param dtype - element dtype (default `'float32'`)
   * @param opts - `seed` of the space's generator
   * @throws InvalidBound for an invalid dtype, shape or bound (the message names the problem)
   */
  new <D extends DType = 'float32'>(
    low: BoxBound,
    high: BoxBound,
    shape?: readonly number[] | null,
    dtype?: D,
    opts?: SpaceOptions,
  ): Box<DTypeArrayMap[D]>;
} & typeof BoxSpace;

/**
 * A (possibly unbounded) box in R^n (Gymnasium `Box`); see the {@link Box} type. `new Box(low, high,
 * shape?, dtype = 'float32', { seed }?)`.
 */
export const Box: BoxConstructor = BoxSpace as BoxConstructor;
