/**
 * Helpers shared by the space classes: shapes, nested number arrays, closeness. Internal to the module.
 *
 * @module
 */
import { describeValue, GymError, InvalidBound } from '../errors.js';
import type { JSONSchema, Space } from './space.js';

/** A number array, possibly nested (row-major), e.g. `[[0, 1], [2, 3]]` for shape `[2, 2]`. */
export type NestedNumbers = ArrayLike<number> | readonly NestedNumbers[];

/** Number of elements of a shape (1 for the scalar shape `[]`). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** True if two shapes are identical. */
export function shapesEqual(a: readonly number[] | null, b: readonly number[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Validates a shape (an array of non-negative safe integers) and returns a frozen copy.
 *
 * @throws InvalidBound naming the bad shape
 */
export function checkShape(shape: unknown, what: string): readonly number[] {
  if (
    !Array.isArray(shape) ||
    !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)
  ) {
    throw new InvalidBound(
      `${what} shape must be an array of non-negative integers, got ${describeShape(shape)}`,
      'invalid_shape',
      {
        shape,
      },
    );
  }
  return Object.freeze([...(shape as number[])]);
}

function describeShape(shape: unknown): string {
  return Array.isArray(shape) ? `[${shape.map((d) => describeValue(d)).join(', ')}]` : describeValue(shape);
}

/** True if `x` is a typed array other than a BigInt array (and not a DataView). */
export function isNumericTypedArray(x: unknown): x is ArrayLike<number> & ArrayBufferView {
  return (
    ArrayBuffer.isView(x) &&
    !(x instanceof DataView) &&
    !(x instanceof BigInt64Array) &&
    !(x instanceof BigUint64Array)
  );
}

/**
 * Flattens a (possibly nested, rectangular) number array row-major and infers its shape. Typed arrays are
 * 1-D. Returns null for ragged arrays, non-numbers (booleans included) and anything that is not an array.
 */
export function flattenNested(x: unknown): { values: number[]; shape: number[] } | null {
  if (isNumericTypedArray(x)) return { values: Array.from(x), shape: [x.length] };
  if (!Array.isArray(x)) return null;
  if (x.length === 0) return { values: [], shape: [0] };
  if (x.every((v) => typeof v === 'number')) return { values: x.slice() as number[], shape: [x.length] };
  const values: number[] = [];
  let inner: number[] | null = null;
  for (const item of x) {
    const sub = flattenNested(item);
    if (sub === null) return null;
    if (inner === null) inner = sub.shape;
    else if (!shapesEqual(inner, sub.shape)) return null;
    for (const v of sub.values) values.push(v);
  }
  return { values, shape: [x.length, ...(inner ?? [])] };
}

/**
 * A space argument given as a scalar, typed array or nested array, as flat values and shape.
 *
 * @throws InvalidBound if the value is neither a number nor a rectangular number array
 */
export function tensorArg(value: unknown, what: string): { values: number[]; shape: number[] | null } {
  if (typeof value === 'number') return { values: [value], shape: null };
  const flat = flattenNested(value);
  if (flat === null) {
    throw new InvalidBound(
      `${what} must be a number or a rectangular array of numbers, got ${describeValue(value)}`,
      'invalid_bound_type',
      {
        value,
      },
    );
  }
  return flat;
}

/** NumPy `isclose(a, b)` with rtol = 1e-5, atol = 1e-8 (equal infinities are close; NaN never). */
export function isClose(a: number, b: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
}

/** NumPy `allclose` over two equally long arrays. */
export function allClose(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!isClose(a[i]!, b[i]!)) return false;
  return true;
}

/** Throws a {@link GymError} about a bad `mask`/`probability` argument of `sample`. */
export function sampleArgError(space: string, message: string): never {
  throw new GymError(`${space}.sample: ${message}`, 'invalid_sample_argument');
}

/**
 * Checks that a `mask`/`probability` argument is an array-like of length `n`.
 *
 * @throws GymError otherwise
 */
export function checkSampleVector(
  value: unknown,
  n: number,
  what: string,
  space: string,
): asserts value is ArrayLike<number> {
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof (value as ArrayLike<number>).length !== 'number'
  ) {
    sampleArgError(space, `${what} must be an array of length ${n}, got ${describeValue(value)}`);
  }
  const length = (value as ArrayLike<number>).length;
  if (length !== n) sampleArgError(space, `${what} must have length ${n}, got length ${length}`);
}

/** A child's schema without its `$schema` keyword, for embedding in a composite schema. */
export function embeddedSchema(space: Space<unknown>): JSONSchema {
  const { $schema: _dialect, ...rest } = space.toJSONSchema();
  return rest;
}

/**
 * Index drawn from a categorical distribution given a uniform `u` in [0, 1).
 *
 * @throws GymError if the probabilities are not in [0, 1] or do not sum to 1 (NumPy `isclose`)
 */
export function categorical(probability: ArrayLike<number>, u: number, space: string): number {
  let sum = 0;
  let last = -1;
  for (let i = 0; i < probability.length; i++) {
    const p = probability[i]!;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new GymError(
        `${space}.sample: probability values must be in [0, 1], got ${describeValue(p)} at ${i}`,
        'invalid_sample_argument',
      );
    }
    sum += p;
    if (p > 0) last = i;
  }
  if (!(Math.abs(sum - 1) <= 1e-8 + 1e-5)) {
    throw new GymError(`${space}.sample: probabilities must sum to 1, got ${sum}`, 'invalid_sample_argument');
  }
  const target = u * sum;
  let acc = 0;
  for (let i = 0; i < probability.length; i++) {
    const p = probability[i]!;
    acc += p;
    if (p > 0 && target < acc) return i;
  }
  return last;
}
