/**
 * fast-check generators of space *descriptions* (plain data) and a builder, so that a property can build
 * several independent instances of the same space. Shared by the spaces tests.
 */
import fc from 'fast-check';
import {
  Box,
  Dict,
  Discrete,
  type DType,
  type IntDType,
  MultiBinary,
  MultiDiscrete,
  type Space,
  Tuple,
} from '../../src/spaces/index.js';

const F32_MAX = 3.4028234663852886e38;

/** Plain-data description of a space. */
export type SpaceSpec =
  | { kind: 'box'; dtype: DType; shape: number[]; low: number[]; high: number[] }
  | { kind: 'discrete'; n: number; start: number }
  | { kind: 'multibinary'; shape: number[] }
  | { kind: 'multidiscrete'; dtype: IntDType; nvec: number[]; start: number[] }
  | { kind: 'dict'; entries: [string, SpaceSpec][]; sorted: boolean }
  | { kind: 'tuple'; items: SpaceSpec[] };

const INT_RANGES: Record<string, [number, number]> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
  bool: [0, 1],
};

const shapeArb = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 5 })).map((s) => [...s]),
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).map((s) => [...s]),
);

type Manner = 'both' | 'below' | 'above' | 'none';

function finiteFor(dtype: DType): fc.Arbitrary<number> {
  if (dtype === 'float32' || dtype === 'float64') {
    const max = dtype === 'float32' ? F32_MAX : Number.MAX_VALUE;
    return fc.oneof(
      { arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }), weight: 6 },
      { arbitrary: fc.double({ min: -1e30, max: 1e30, noNaN: true }), weight: 1 },
      { arbitrary: fc.constantFrom(-max, max, 0, 1e-30, -1e-30), weight: 1 },
    );
  }
  const [min, max] = INT_RANGES[dtype]!;
  return fc.oneof(
    { arbitrary: fc.integer({ min: Math.max(min, -1000), max: Math.min(max, 1000) }), weight: 6 },
    { arbitrary: fc.integer({ min, max }), weight: 1 },
    { arbitrary: fc.constantFrom(min, max), weight: 1 },
  );
}

function boundPairArb(dtype: DType): fc.Arbitrary<[number, number]> {
  const unsigned = dtype === 'bool' || dtype.startsWith('uint');
  const manners: Manner[] = unsigned ? ['both'] : ['both', 'below', 'above', 'none'];
  const finite = finiteFor(dtype);
  return fc.tuple(fc.constantFrom(...manners), finite, finite).map(([manner, a, b]) => {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    if (manner === 'below') return [lo, Infinity];
    if (manner === 'above') return [-Infinity, hi];
    if (manner === 'none') return [-Infinity, Infinity];
    return [lo, hi];
  });
}

/** A Box description of a given dtype with random shape and per-element boundedness. */
export function boxSpecArb(dtype?: DType): fc.Arbitrary<SpaceSpec> {
  const dtypeArb = dtype
    ? fc.constant(dtype)
    : fc.constantFrom<DType>(
        'float32',
        'float64',
        'int8',
        'int16',
        'int32',
        'uint8',
        'uint16',
        'uint32',
        'bool',
      );
  return dtypeArb.chain((d) =>
    shapeArb.chain((shape) => {
      const size = shape.reduce((a, b) => a * b, 1);
      return fc.array(boundPairArb(d), { minLength: size, maxLength: size }).map(
        (pairs): SpaceSpec => ({
          kind: 'box',
          dtype: d,
          shape,
          low: pairs.map((p) => p[0]),
          high: pairs.map((p) => p[1]),
        }),
      );
    }),
  );
}

const discreteSpecArb: fc.Arbitrary<SpaceSpec> = fc.record({
  kind: fc.constant('discrete' as const),
  n: fc.integer({ min: 1, max: 10 }),
  start: fc.integer({ min: -5, max: 5 }),
});

const multiBinarySpecArb: fc.Arbitrary<SpaceSpec> = shapeArb.map((shape) => ({
  kind: 'multibinary' as const,
  shape,
}));

const multiDiscreteSpecArb: fc.Arbitrary<SpaceSpec> = fc
  .tuple(
    fc.constantFrom<IntDType>('int8', 'int16', 'int32', 'uint8', 'uint16', 'uint32'),
    fc.integer({ min: 1, max: 4 }),
  )
  .chain(([dtype, len]) =>
    fc
      .tuple(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: len, maxLength: len }),
        fc.array(fc.integer({ min: dtype.startsWith('uint') ? 0 : -3, max: 3 }), {
          minLength: len,
          maxLength: len,
        }),
      )
      .map(([nvec, start]): SpaceSpec => ({ kind: 'multidiscrete', dtype, nvec, start })),
  );

/** Any non-composite space description. */
export const leafSpecArb: fc.Arbitrary<SpaceSpec> = fc.oneof(
  boxSpecArb(),
  discreteSpecArb,
  multiBinarySpecArb,
  multiDiscreteSpecArb,
);

const keyArb = fc.constantFrom('a', 'b', 'c', 'obs', 'goal', 'Z', '_x', 'zeta');

/** Any space description, with Dict/Tuple nesting up to `depth` levels. */
export function spaceSpecArb(depth = 2): fc.Arbitrary<SpaceSpec> {
  if (depth === 0) return leafSpecArb;
  const child = spaceSpecArb(depth - 1);
  const dict = fc
    .tuple(
      fc.uniqueArray(fc.tuple(keyArb, child), { minLength: 1, maxLength: 3, selector: (e) => e[0] }),
      fc.boolean(),
    )
    .map(([entries, sorted]): SpaceSpec => ({ kind: 'dict', entries, sorted }));
  const tuple = fc
    .array(child, { minLength: 1, maxLength: 3 })
    .map((items): SpaceSpec => ({ kind: 'tuple', items }));
  return fc.oneof(
    { arbitrary: leafSpecArb, weight: 3 },
    { arbitrary: dict, weight: 1 },
    { arbitrary: tuple, weight: 1 },
  );
}

/** Builds a fresh space from its description (with an optional construction seed). */
export function buildSpace(spec: SpaceSpec, seed?: number): Space<unknown> {
  switch (spec.kind) {
    case 'box':
      return new Box(spec.low, spec.high, spec.shape, spec.dtype, { seed });
    case 'discrete':
      return new Discrete(spec.n, { start: spec.start, seed });
    case 'multibinary':
      return new MultiBinary(spec.shape, { seed });
    case 'multidiscrete':
      return new MultiDiscrete(spec.nvec, { dtype: spec.dtype, start: spec.start, seed });
    case 'dict': {
      const entries = spec.entries.map(([k, s]) => [k, buildSpace(s)] as const);
      return spec.sorted ? new Dict(Object.fromEntries(entries), { seed }) : new Dict(entries, { seed });
    }
    case 'tuple':
      return new Tuple(
        spec.items.map((s) => buildSpace(s)),
        { seed },
      );
  }
}

/** The JSON encoding of an element: typed arrays become arrays of numbers. */
export function toJson(x: unknown): unknown {
  if (ArrayBuffer.isView(x)) return Array.from(x as unknown as ArrayLike<number>);
  if (Array.isArray(x)) return x.map(toJson);
  if (typeof x === 'object' && x !== null) {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, toJson(v)]));
  }
  return x;
}
