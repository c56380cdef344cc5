/**
 * Flattening of spaces and elements (Gymnasium `gymnasium.spaces.utils`) and batching of spaces for vector
 * envs (Gymnasium `gymnasium.vector.utils.batch_space`).
 *
 * @module
 */
import { describeValue, GymError } from '../errors.js';
import { Rng } from '../random/rng.js';
import { Box } from './box.js';
import { Dict, type SpaceMap } from './dict.js';
import { Discrete } from './discrete.js';
import { type BoxArray, type DType, type IntArray, promoteAllDTypes, typedArrayFor } from './dtype.js';
import { flattenNested, isNumericTypedArray } from './internal.js';
import { MultiBinary } from './multi-binary.js';
import { MultiDiscrete } from './multi-discrete.js';
import type { Space } from './space.js';
import { Tuple } from './tuple.js';

function unsupported(fn: string, space: Space<unknown>): never {
  throw new GymError(`${fn}: ${String(space)} is not flattenable`, 'not_flattenable');
}

/** Subspaces of a Dict (in key order) or Tuple. */
function children(space: Dict | Tuple): Space<unknown>[] {
  return space instanceof Dict ? space.keys().map((k) => space.get(k)) : [...space.spaces];
}

/**
 * Length of the flattened elements of `space`: Box/MultiBinary → number of values; Discrete → `n`;
 * MultiDiscrete → `sum(nvec)`; Dict/Tuple → sum over the subspaces.
 *
 * @throws GymError if the space (or a subspace) is not flattenable
 */
export function flatdim(space: Space<unknown>): number {
  if (space instanceof Box || space instanceof MultiBinary) return space.size;
  if (space instanceof Discrete) return space.n;
  if (space instanceof MultiDiscrete) return space.nvec.reduce((a, b) => a + b, 0);
  if (space instanceof Dict || space instanceof Tuple) {
    if (!space.isNpFlattenable) unsupported('flatdim', space);
    return children(space).reduce((acc, s) => acc + flatdim(s), 0);
  }
  return unsupported('flatdim', space);
}

/** The dtype of the flattened elements (the dtype of {@link flattenSpace}). */
function flatDType(space: Space<unknown>): DType {
  if (space instanceof Box || space instanceof MultiDiscrete) return space.dtype;
  if (space instanceof MultiBinary) return 'int8';
  if (space instanceof Discrete) return space.dtype;
  if (space instanceof Dict || space instanceof Tuple) {
    const parts = children(space);
    if (parts.length === 0) throw new GymError(`cannot flatten an empty ${String(space)}`, 'not_flattenable');
    return promoteAllDTypes(parts.map(flatDType));
  }
  return unsupported('flatten', space);
}

/** Copies a numeric array-like (typed, plain or nested) of `size` values; throws on a wrong length. */
function numericValues(x: unknown, size: number, what: string): ArrayLike<number> {
  const values = isNumericTypedArray(x) ? x : typeof x === 'number' ? [x] : flattenNested(x)?.values;
  if (values === undefined || values.length !== size) {
    throw new GymError(
      `flatten: expected ${size} values for ${what}, got ${describeValue(x)}`,
      'invalid_element',
    );
  }
  return values;
}

/**
 * Flattens an element of `space` into a 1-D typed array: Box/MultiBinary → row-major copy in the space
 * dtype; Discrete → one-hot of length `n` at `x − start`; MultiDiscrete → concatenated one-hots; Tuple/Dict →
 * concatenation of the subspaces' flattenings in space order (Dict: the space's key order), in the promoted
 * dtype (a GoalEnv Dict of three float64 Boxes flattens to one `Float64Array`).
 *
 * @throws GymError if the space is not flattenable or `x` does not fit it (wrong length, value out of range)
 */
export function flatten<T>(space: Space<T>, x: T): BoxArray {
  const s = space as Space<unknown>;
  const dtype = flatDType(s);
  const out = typedArrayFor(dtype, flatdim(s));
  writeFlat(s, x, out, 0);
  return out;
}

function writeFlat(space: Space<unknown>, x: unknown, out: BoxArray, offset: number): number {
  if (space instanceof Box || space instanceof MultiBinary) {
    const values = numericValues(x, space.size, String(space));
    for (let i = 0; i < space.size; i++) out[offset + i] = values[i]!;
    return offset + space.size;
  }
  if (space instanceof Discrete) {
    if (!space.contains(x)) {
      throw new GymError(
        `flatten: ${describeValue(x)} is not an element of ${String(space)}`,
        'invalid_element',
      );
    }
    out[offset + (x as number) - space.start] = 1;
    return offset + space.n;
  }
  if (space instanceof MultiDiscrete) {
    const values = numericValues(x, space.size, String(space));
    let at = offset;
    for (let i = 0; i < space.size; i++) {
      const k = values[i]! - space.start[i]!;
      if (!Number.isInteger(k) || k < 0 || k >= space.nvec[i]!) {
        throw new GymError(
          `flatten: value ${values[i]} at ${i} is outside ${String(space)}`,
          'invalid_element',
        );
      }
      out[at + k] = 1;
      at += space.nvec[i]!;
    }
    return at;
  }
  if (space instanceof Dict) {
    if (typeof x !== 'object' || x === null) {
      throw new GymError(
        `flatten: expected an object for ${String(space)}, got ${describeValue(x)}`,
        'invalid_element',
      );
    }
    let at = offset;
    for (const k of space.keys()) {
      if (!Object.hasOwn(x, k))
        throw new GymError(`flatten: the element has no key '${k}'`, 'invalid_element');
      at = writeFlat(space.get(k), (x as Record<string, unknown>)[k], out, at);
    }
    return at;
  }
  if (space instanceof Tuple) {
    if (!Array.isArray(x) || x.length !== space.length) {
      throw new GymError(
        `flatten: expected an array of ${space.length} parts, got ${describeValue(x)}`,
        'invalid_element',
      );
    }
    let at = offset;
    space.spaces.forEach((s, i) => {
      at = writeFlat(s, x[i], out, at);
    });
    return at;
  }
  return unsupported('flatten', space);
}

/**
 * Inverts {@link flatten}: rebuilds an element of `space` (typed arrays in the subspaces' dtypes).
 *
 * @throws GymError if the length is wrong, a one-hot segment is not exactly one 1 among 0s, or the space
 *   is not flattenable
 */
export function unflatten<T>(space: Space<T>, x: ArrayLike<number>): T {
  const s = space as Space<unknown>;
  const dim = flatdim(s);
  if (typeof x !== 'object' || x === null || x.length !== dim) {
    throw new GymError(
      `unflatten: expected ${dim} values for ${String(space)}, got ${describeValue(x)}`,
      'invalid_element',
    );
  }
  return readFlat(s, x, 0) as T;
}

function oneHotIndex(x: ArrayLike<number>, offset: number, n: number, space: Space<unknown>): number {
  let index = -1;
  for (let i = 0; i < n; i++) {
    const v = x[offset + i];
    if (v === 1 && index === -1) index = i;
    else if (v !== 0) {
      throw new GymError(
        `unflatten: values [${offset}, ${offset + n}) are not a valid one-hot for ${String(space)}`,
        'invalid_one_hot',
      );
    }
  }
  if (index === -1) {
    throw new GymError(
      `unflatten: values [${offset}, ${offset + n}) are all zero, not a one-hot for ${String(space)}`,
      'invalid_one_hot',
    );
  }
  return index;
}

function readFlat(space: Space<unknown>, x: ArrayLike<number>, offset: number): unknown {
  if (space instanceof Box || space instanceof MultiBinary) {
    const out = typedArrayFor(space.dtype, space.size);
    for (let i = 0; i < space.size; i++) out[i] = x[offset + i]!;
    return out;
  }
  if (space instanceof Discrete) return space.start + oneHotIndex(x, offset, space.n, space);
  if (space instanceof MultiDiscrete) {
    const out = typedArrayFor(space.dtype, space.size);
    let at = offset;
    for (let i = 0; i < space.size; i++) {
      out[i] = space.start[i]! + oneHotIndex(x, at, space.nvec[i]!, space);
      at += space.nvec[i]!;
    }
    return out;
  }
  if (space instanceof Dict) {
    const out: Record<string, unknown> = {};
    let at = offset;
    for (const k of space.keys()) {
      const child = space.get(k);
      out[k] = readFlat(child, x, at);
      at += flatdim(child);
    }
    return out;
  }
  if (space instanceof Tuple) {
    let at = offset;
    return space.spaces.map((child) => {
      const part = readFlat(child, x, at);
      at += flatdim(child);
      return part;
    });
  }
  return unsupported('unflatten', space);
}

/**
 * The Box that flattened elements belong to: Box → the same bounds flattened to `[size]`;
 * Discrete/MultiBinary/MultiDiscrete → `Box(0, 1, [flatdim], dtype)`; Tuple/Dict → the concatenation of the
 * subspaces' flattened bounds, in the promoted dtype. Sampling it is not equivalent to sampling `space`
 * (one-hot structure is lost). The new Box has its own, unseeded generator.
 *
 * @throws GymError if the space is not flattenable
 */
export function flattenSpace(space: Space<unknown>): Box<BoxArray> {
  if (space instanceof Box) return new Box(space.low, space.high, [space.size], space.dtype) as Box<BoxArray>;
  if (space instanceof Discrete || space instanceof MultiBinary || space instanceof MultiDiscrete) {
    return new Box(0, 1, [flatdim(space)], flatDType(space)) as Box<BoxArray>;
  }
  if (space instanceof Dict || space instanceof Tuple) {
    if (!space.isNpFlattenable) unsupported('flattenSpace', space);
    const dtype = flatDType(space);
    const parts = children(space).map(flattenSpace);
    const size = parts.reduce((a, p) => a + p.size, 0);
    const low = new Float64Array(size);
    const high = new Float64Array(size);
    let at = 0;
    for (const p of parts) {
      low.set(p.low, at);
      high.set(p.high, at);
      at += p.size;
    }
    return new Box(low, high, [size], dtype) as Box<BoxArray>;
  }
  return unsupported('flattenSpace', space);
}

/**
 * The space of `n` stacked elements of `S` (see {@link batchSpace}): Box → Box; Discrete → MultiDiscrete;
 * MultiDiscrete → integer Box; MultiBinary → int8 Box; Dict/Tuple → Dict/Tuple of batched subspaces.
 */
export type BatchedSpace<S> =
  S extends Box<infer A>
    ? Box<A>
    : S extends Discrete
      ? MultiDiscrete<Int32Array>
      : S extends MultiDiscrete<infer A extends IntArray>
        ? Box<A>
        : S extends MultiBinary
          ? Box<Int8Array>
          : S extends Dict<infer M>
            ? Dict<{ [K in keyof M]: Extract<BatchedSpace<M[K]>, Space<unknown>> }>
            : S extends Tuple<infer T>
              ? Tuple<{ [K in keyof T]: Extract<BatchedSpace<T[K]>, Space<unknown>> }>
              : Space<unknown>;

/**
 * The space of `n` stacked elements (Gymnasium `batch_space`), as observed or acted on by a vector env:
 * Box → Box of shape `[n, ...shape]` with the bounds tiled; Discrete → `MultiDiscrete` of `n` copies of `n`
 * with the same start; MultiDiscrete → integer Box `[start, start + nvec − 1]` of shape `[n, ...shape]`;
 * MultiBinary → `Box(0, 1, [n, ...shape], 'int8')`; Dict/Tuple → Dict/Tuple of the batched subspaces (same
 * key order), so a batched Dict element is an object of batched arrays, not an array of objects.
 *
 * Each batched space's generator starts as a copy of the single space's generator (not shared); an
 * unseeded single space gets its entropy generator created first, as in Gymnasium.
 *
 * @throws GymError if `n` is not a positive integer or the space type is not supported
 */
export function batchSpace<S extends Space<unknown>>(space: S, n: number): BatchedSpace<S> {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) {
    throw new GymError(
      `batchSpace: n must be a positive integer, got ${describeValue(n)}`,
      'invalid_batch_size',
      { n },
    );
  }
  return batch(space, n) as BatchedSpace<S>;
}

function copiedRng(space: Space<unknown>): Rng {
  return Rng.fromState(space.rng.getState());
}

function tile(values: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(values.length * n);
  for (let r = 0; r < n; r++) out.set(values, r * values.length);
  return out;
}

function batch(space: Space<unknown>, n: number): Space<unknown> {
  const seed = copiedRng(space);
  if (space instanceof Box) {
    // Unbounded coordinates stay unbounded (signed-int bounds map back to the same dtype limits).
    const low = Float64Array.from(space.low, (v, i) => (space.boundedBelow[i] ? v : -Infinity));
    const high = Float64Array.from(space.high, (v, i) => (space.boundedAbove[i] ? v : Infinity));
    return new Box(tile(low, n), tile(high, n), [n, ...space.shape], space.dtype, { seed });
  }
  if (space instanceof Discrete) {
    return new MultiDiscrete(new Array<number>(n).fill(space.n), {
      dtype: space.dtype,
      start: new Array<number>(n).fill(space.start),
      seed,
    });
  }
  if (space instanceof MultiDiscrete) {
    const high = space.start.map((s, i) => s + space.nvec[i]! - 1);
    return new Box(tile(space.start, n), tile(high, n), [n, ...space.shape], space.dtype, { seed });
  }
  if (space instanceof MultiBinary) return new Box(0, 1, [n, ...space.shape], 'int8', { seed });
  if (space instanceof Dict) {
    return new Dict(
      space.keys().map((k) => [k, batch(space.get(k), n)] as const),
      { seed },
    ) as Dict<SpaceMap>;
  }
  if (space instanceof Tuple)
    return new Tuple(
      space.spaces.map((s) => batch(s, n)),
      { seed },
    );
  throw new GymError(`batchSpace: ${String(space)} is not supported`, 'unsupported_space');
}
