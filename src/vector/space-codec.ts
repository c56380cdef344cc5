/**
 * Spaces as structured-cloneable data, so that a worker can tell the main thread its env's spaces (class
 * instances lose their prototype when cloned). Generators are not transferred: decoded spaces are unseeded.
 *
 * @module
 */
import { GymError } from '../errors.js';
import { Box } from '../spaces/box.js';
import { Dict } from '../spaces/dict.js';
import { Discrete } from '../spaces/discrete.js';
import type { DType, IntDType } from '../spaces/dtype.js';
import type { NestedNumbers } from '../spaces/internal.js';
import { MultiBinary } from '../spaces/multi-binary.js';
import { MultiDiscrete } from '../spaces/multi-discrete.js';
import type { Space } from '../spaces/space.js';
import { Tuple } from '../spaces/tuple.js';

/** A space as plain data. */
export type EncodedSpace =
  | {
      readonly type: 'Box';
      readonly low: Float64Array;
      readonly high: Float64Array;
      readonly shape: readonly number[];
      readonly dtype: DType;
    }
  | { readonly type: 'Discrete'; readonly n: number; readonly start: number }
  | {
      readonly type: 'MultiDiscrete';
      readonly nvec: readonly number[];
      readonly start: readonly number[];
      readonly shape: readonly number[];
      readonly dtype: IntDType;
    }
  | { readonly type: 'MultiBinary'; readonly n: number | readonly number[] }
  | { readonly type: 'Dict'; readonly entries: readonly (readonly [string, EncodedSpace])[] }
  | { readonly type: 'Tuple'; readonly spaces: readonly EncodedSpace[] };

/**
 * Encodes a space as plain data.
 *
 * @throws GymError (`unsupported_space`) for space types other than the six built-in ones
 */
export function encodeSpace(space: Space<unknown>): EncodedSpace {
  if (space instanceof Box) {
    return {
      type: 'Box',
      // unbounded coordinates are encoded as ±Infinity so that integer Boxes stay "unbounded"
      low: Float64Array.from(space.low, (v, i) => (space.boundedBelow[i] ? v : -Infinity)),
      high: Float64Array.from(space.high, (v, i) => (space.boundedAbove[i] ? v : Infinity)),
      shape: [...space.shape],
      dtype: space.dtype,
    };
  }
  if (space instanceof Discrete) return { type: 'Discrete', n: space.n, start: space.start };
  if (space instanceof MultiDiscrete) {
    return {
      type: 'MultiDiscrete',
      nvec: [...space.nvec],
      start: [...space.start],
      shape: [...space.shape],
      dtype: space.dtype,
    };
  }
  if (space instanceof MultiBinary)
    return { type: 'MultiBinary', n: Array.isArray(space.n) ? [...space.n] : space.n };
  if (space instanceof Dict) {
    return { type: 'Dict', entries: space.keys().map((k) => [k, encodeSpace(space.get(k))] as const) };
  }
  if (space instanceof Tuple) return { type: 'Tuple', spaces: space.spaces.map((s) => encodeSpace(s)) };
  throw new GymError(
    `async vector envs support Box, Discrete, MultiDiscrete, MultiBinary, Dict and Tuple spaces, got ${space.toString()}`,
    'unsupported_space',
    { space: space.toString() },
  );
}

/**
 * Rebuilds a space encoded by {@link encodeSpace}.
 *
 * @throws GymError (`invalid_space_encoding`) for malformed data
 */
export function decodeSpace(data: unknown): Space<unknown> {
  const d = data as EncodedSpace;
  switch (d?.type) {
    case 'Box':
      return new Box(d.low, d.high, d.shape, d.dtype) as Space<unknown>;
    case 'Discrete':
      return new Discrete(d.n, { start: d.start });
    case 'MultiDiscrete':
      return new MultiDiscrete(nest(d.nvec, d.shape) as NestedNumbers | number, {
        start: nest(d.start, d.shape) as NestedNumbers | number,
        dtype: d.dtype,
      }) as Space<unknown>;
    case 'MultiBinary':
      return new MultiBinary(d.n as number | number[]);
    case 'Dict':
      return new Dict(d.entries.map(([k, s]) => [k, decodeSpace(s)] as const)) as Space<unknown>;
    case 'Tuple':
      return new Tuple(d.spaces.map((s) => decodeSpace(s))) as Space<unknown>;
    default:
      throw new GymError('malformed space encoding from a worker', 'invalid_space_encoding');
  }
}

/** Row-major values as nested arrays of `shape` (a number for shape `[]`). */
type Nested = number | Nested[];

function nest(values: readonly number[], shape: readonly number[]): Nested {
  if (shape.length === 0) return values[0]!;
  if (shape.length === 1) return [...values];
  const [first, ...rest] = shape;
  const stride = values.length / first!;
  return Array.from({ length: first! }, (_, i) => nest(values.slice(i * stride, (i + 1) * stride), rest));
}
