import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { GymError, InvalidBound, InvalidSeed } from '../../src/errors.js';
import { logger } from '../../src/logger.js';
import { Box, type BoxArray, type DType, typedArrayFor } from '../../src/spaces/index.js';
import { boxSpecArb, buildSpace } from './arbitraries.js';

const warnings: string[] = [];
logger.setSink((_level, message) => warnings.push(message));
beforeEach(() => {
  warnings.length = 0;
  logger.resetSeen();
});

const ARRAY_OF: Record<DType, string> = {
  float32: 'Float32Array',
  float64: 'Float64Array',
  int8: 'Int8Array',
  int16: 'Int16Array',
  int32: 'Int32Array',
  uint8: 'Uint8Array',
  uint16: 'Uint16Array',
  uint32: 'Uint32Array',
  bool: 'Uint8Array',
};

function expectInvalidBound(fn: () => unknown, code: string, text: RegExp): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InvalidBound);
  expect((error as InvalidBound).code).toBe(code);
  expect((error as InvalidBound).message).toMatch(text);
}

describe('Box construction', () => {
  it('broadcasts scalar bounds and infers shapes', () => {
    const b = new Box(-1, 1, [2, 3]);
    expect(b.shape).toEqual([2, 3]);
    expect(b.size).toBe(6);
    expect(b.dtype).toBe('float32');
    expect(Array.from(b.low)).toEqual(new Array(6).fill(-1));
    expect(new Box(0, 1).shape).toEqual([1]);
    expect(new Box([0, 1, 2], 5).shape).toEqual([3]);
    expect(new Box(0, Float64Array.of(1, 2)).shape).toEqual([2]);
    expect(
      new Box(
        [
          [0, 1],
          [2, 3],
        ],
        5,
      ).shape,
    ).toEqual([2, 2]);
    expect(new Box([0, 1, 2, 3], 5, [2, 2]).shape).toEqual([2, 2]);
  });

  it('stores float32 bounds rounded to float32 and warns when array bounds lose precision', () => {
    const b = new Box(0, [0.1, 0.5]);
    expect(b.high[0]).toBe(Math.fround(0.1));
    expect(warnings.some((w) => w.includes("Box high's precision lowered by casting to float32"))).toBe(true);
    warnings.length = 0;
    const c = new Box(0, [0.1, 0.5], [2], 'float64');
    expect(c.high[0]).toBe(0.1);
    expect(warnings).toEqual([]);
  });

  it('replaces infinite bounds of signed int dtypes by the dtype limits but keeps them unbounded', () => {
    const b = new Box(-Infinity, Infinity, [2], 'int8');
    expect(Array.from(b.low)).toEqual([-128, -128]);
    expect(Array.from(b.high)).toEqual([127, 127]);
    expect(b.isBounded('below')).toBe(false);
    expect(b.isBounded('above')).toBe(false);
  });

  it('reports boundedness per element and overall', () => {
    const b = new Box([-1, -Infinity, 0, -Infinity], [1, 2, Infinity, Infinity], null, 'float64');
    expect(Array.from(b.boundedBelow)).toEqual([1, 0, 1, 0]);
    expect(Array.from(b.boundedAbove)).toEqual([1, 1, 0, 0]);
    expect(b.isBounded()).toBe(false);
    expect(new Box(-1, 1, [3]).isBounded('both')).toBe(true);
    expect(new Box(-1, Infinity, [3]).isBounded('below')).toBe(true);
    expect(() => b.isBounded('sideways' as never)).toThrow(GymError);
  });

  it('throws InvalidBound naming each construction problem', () => {
    expectInvalidBound(
      () => new Box(1, 0),
      'low_greater_than_high',
      /low values must be less than or equal to high/,
    );
    expectInvalidBound(() => new Box([0, 2], [1, 1]), 'low_greater_than_high', /low\[1\]=2 > high\[1\]=1/);
    expectInvalidBound(() => new Box(Number.NaN, 1), 'nan_bound', /low value can be NaN/);
    expectInvalidBound(() => new Box(0, [1, Number.NaN]), 'nan_bound', /high\[1\]=NaN/);
    expectInvalidBound(
      () => new Box([0, 0, 0], [1, 1]),
      'shape_mismatch',
      /low.shape and high.shape don't match/,
    );
    expectInvalidBound(() => new Box([0, 0, 0], 1, [4]), 'shape_mismatch', /low.shape doesn't match/);
    expectInvalidBound(
      () =>
        new Box(
          0,
          [
            [1, 1],
            [1, 1],
          ],
          [4, 1],
        ),
      'shape_mismatch',
      /high.shape doesn't match/,
    );
    expectInvalidBound(
      () => new Box(0, 300, [1], 'uint8'),
      'bound_out_of_dtype_range',
      /out of bounds of the dtype range/,
    );
    expectInvalidBound(() => new Box(-129, 0, [1], 'int8'), 'bound_out_of_dtype_range', /low\[0\]=-129/);
    expectInvalidBound(() => new Box(0, 1e39), 'bound_out_of_dtype_range', /float32 range/);
    expectInvalidBound(
      () => new Box(-Infinity, 1, [1], 'uint8'),
      'infinite_unsigned_bound',
      /unsigned int dtype don't support/,
    );
    expectInvalidBound(() => new Box(0, Infinity, [1], 'bool'), 'infinite_unsigned_bound', /bool/);
    expectInvalidBound(() => new Box(0, 1, [1], 'float16' as DType), 'invalid_dtype', /dtype must be one of/);
    expectInvalidBound(() => new Box(0, 1, [1], 'int64' as DType), 'invalid_dtype', /"int64"/);
    expectInvalidBound(
      () => new Box(0, 1, [-1]),
      'invalid_shape',
      /shape must be an array of non-negative integers/,
    );
    expectInvalidBound(() => new Box(0, 1, [1.5]), 'invalid_shape', /1.5/);
    expectInvalidBound(() => new Box(0.5, 2, [1], 'int32'), 'non_integer_bound', /must be integers/);
    expectInvalidBound(() => new Box('0' as never, 1), 'invalid_bound_type', /number or a rectangular array/);
    expectInvalidBound(() => new Box([[0], [0, 1]] as never, 1), 'invalid_bound_type', /rectangular/);
    expect(() => new Box(0, 1, [1], 'float32', { seed: -1 })).toThrow(InvalidSeed);
  });
});

describe('Box.sample', () => {
  it('returns contained elements of the dtype array type for random bounded, half-bounded and unbounded Boxes', () => {
    fc.assert(
      fc.property(boxSpecArb(), fc.nat({ max: 2 ** 31 }), (spec, seed) => {
        const box = buildSpace(spec, seed) as Box<BoxArray>;
        for (let i = 0; i < 10; i++) {
          const x = box.sample();
          expect(x.constructor.name).toBe(ARRAY_OF[box.dtype]);
          expect(x.length).toBe(box.size);
          expect(box.contains(x)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('covers every dtype', () => {
    for (const dtype of [
      'float32',
      'float64',
      'int8',
      'int16',
      'int32',
      'uint8',
      'uint16',
      'uint32',
      'bool',
    ] as DType[]) {
      fc.assert(
        fc.property(boxSpecArb(dtype), fc.nat(), (spec, seed) => {
          const box = buildSpace(spec, seed) as Box<BoxArray>;
          expect(box.contains(box.sample())).toBe(true);
        }),
        { numRuns: 40 },
      );
    }
  });

  it('draws integers on the closed interval (both ends reachable)', () => {
    const box = new Box(0, 2, [2000], 'int16', { seed: 1 });
    const seen = new Set(box.sample());
    expect([...seen].sort()).toEqual([0, 1, 2]);
    const bool = new Box(0, 1, [200], 'bool', { seed: 2 });
    expect(new Set(bool.sample())).toEqual(new Set([0, 1]));
  });

  it('uses the shifted exponential / normal draws for half- and un-bounded coordinates', () => {
    const box = new Box([3, -Infinity, -Infinity], [Infinity, -3, Infinity], null, 'float64', { seed: 3 });
    const n = 4000;
    const sums = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const x = box.sample();
      for (let j = 0; j < 3; j++) sums[j]! += x[j]!;
    }
    expect(sums[0]! / n).toBeCloseTo(4, 1); // 3 + Exp(1)
    expect(sums[1]! / n).toBeCloseTo(-4, 1); // -3 - Exp(1)
    expect(Math.abs(sums[2]! / n)).toBeLessThan(0.1); // N(0, 1)
  });

  it('handles the full float64 range without overflow', () => {
    const box = new Box(-Number.MAX_VALUE, Number.MAX_VALUE, [5], 'float64', { seed: 4 });
    for (let i = 0; i < 20; i++) expect(box.contains(box.sample())).toBe(true);
  });

  it('is reproducible under a seed and differs across seeds', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), fc.nat({ max: 2 ** 40 }), (s1, s2) => {
        fc.pre(s1 !== s2);
        const box = new Box(-1, 1, [4]);
        expect(box.seed(s1)).toBe(s1);
        const a = [box.sample(), box.sample()];
        box.seed(s1);
        expect([box.sample(), box.sample()]).toEqual(a);
        const other = new Box(-1, 1, [4], 'float32', { seed: s1 });
        expect(other.sample()).toEqual(a[0]);
        box.seed(s2);
        expect(box.sample()).not.toEqual(a[0]);
      }),
      { numRuns: 50 },
    );
  });

  it('reseeds from entropy with seed() and returns the seed used', () => {
    const box = new Box(-1, 1, [4]);
    const s = box.seed();
    expect(typeof s).toBe('number');
    const x = box.sample();
    box.seed(s as number);
    expect(box.sample()).toEqual(x);
    expect(() => box.seed(-1)).toThrow(InvalidSeed);
    expect(() => box.seed(1.5)).toThrow(GymError);
  });

  it('shares a generator passed at construction', () => {
    const a = new Box(-1, 1, [2], 'float64', { seed: 9 });
    const b = new Box(-1, 1, [2], 'float64', { seed: a.rng });
    const first = b.sample();
    expect(a.sample()).not.toEqual(first);
    expect(new Box(-1, 1, [2], 'float64', { seed: 9 }).sample()).toEqual(first);
  });

  it('rejects masks and probabilities', () => {
    const box = new Box(-1, 1, [2]);
    expect(() => box.sample({ mask: new Int8Array(2) })).toThrow(/cannot be provided a mask/);
    expect(() => box.sample({ probability: new Float64Array(2) })).toThrow(/probability/);
  });
});

describe('Box.contains', () => {
  it('applies NumPy safe casting to typed arrays', () => {
    const f32 = new Box(-10, 10, [2]);
    expect(f32.contains(Float32Array.of(1, 2))).toBe(true);
    expect(f32.contains(Int16Array.of(1, 2))).toBe(true);
    expect(f32.contains(Uint8Array.of(1, 2))).toBe(true);
    expect(f32.contains(Int32Array.of(1, 2))).toBe(false);
    expect(f32.contains(Float64Array.of(1, 2))).toBe(false);
    const f64 = new Box(-10, 10, [2], 'float64');
    expect(f64.contains(Float32Array.of(1, 2))).toBe(true);
    expect(f64.contains(Int32Array.of(1, 2))).toBe(true);
    expect(f64.contains(Uint32Array.of(1, 2))).toBe(true);
    const i32 = new Box(-10, 10, [2], 'int32');
    expect(i32.contains(Int32Array.of(1, 2))).toBe(true);
    expect(i32.contains(Int8Array.of(1, 2))).toBe(true);
    expect(i32.contains(Float32Array.of(1, 2))).toBe(false);
    expect(i32.contains(Uint32Array.of(1, 2))).toBe(false);
    const bool = new Box(0, 1, [2], 'bool');
    expect(bool.contains(Uint8Array.of(0, 1))).toBe(true);
    expect(bool.contains(Uint8Array.of(0, 2))).toBe(false);
    expect(f32.contains(new BigInt64Array(2))).toBe(false);
  });

  it('checks length and closed bounds; NaN is never contained', () => {
    const box = new Box([-1, 0], [1, 2], null, 'float64');
    expect(box.contains(Float64Array.of(-1, 2))).toBe(true);
    expect(box.contains(Float64Array.of(-1.0000001, 1))).toBe(false);
    expect(box.contains(Float64Array.of(0, 2.0000001))).toBe(false);
    expect(box.contains(Float64Array.of(0, Number.NaN))).toBe(false);
    expect(box.contains(Float64Array.of(0))).toBe(false);
    expect(box.contains(Float64Array.of(0, 1, 1))).toBe(false);
    expect(new Box(-Infinity, Infinity, [1], 'float64').contains(Float64Array.of(Number.NaN))).toBe(false);
    expect(new Box(-Infinity, Infinity, [1], 'float64').contains(Float64Array.of(Infinity))).toBe(true);
  });

  it('compares float32 data with float32-rounded bounds, float64 data exactly', () => {
    const f32 = new Box(0, 0.1);
    expect(f32.contains(Float32Array.of(0.1))).toBe(true);
    expect(f32.contains([0.1])).toBe(true);
    const f64 = new Box(0, 0.1, [1], 'float64');
    expect(f64.contains(Float64Array.of(0.1))).toBe(true);
    expect(f64.contains(Float64Array.of(0.10000000000000002))).toBe(false);
    expect(f64.contains(Float32Array.of(0.1))).toBe(false); // fround(0.1) > 0.1
  });

  it('accepts plain and nested number arrays with a warning; float data is not in an integer Box', () => {
    const box = new Box(0, 5, [2, 2], 'int32');
    expect(box.contains([1, 2, 3, 4])).toBe(true);
    expect(warnings).toContain('Casting input x to numpy array.');
    expect(
      box.contains([
        [1, 2],
        [3, 4],
      ]),
    ).toBe(true);
    expect(box.contains([[1, 2, 3, 4]])).toBe(false);
    expect(box.contains([1, 2, 3, 4.5])).toBe(false);
    expect(box.contains([1, 2, 3])).toBe(false);
    expect(box.contains([1, 2, 3, 6])).toBe(false);
    expect(box.contains(['1', 2, 3, 4])).toBe(false);
    expect(box.contains(3)).toBe(false);
    expect(new Box(0, 5, [], 'int32').contains(3)).toBe(true);
    expect(box.contains(null)).toBe(false);
    expect(box.contains({ length: 4 })).toBe(false);
    expect(box.contains('abcd')).toBe(false);
  });
});

describe('Box equality and representation', () => {
  it('is equal for the same shape, dtype and allclose bounds', () => {
    const a = new Box(-1, 1, [3]);
    expect(a.equals(new Box(-1, 1, [3]))).toBe(true);
    expect(a.equals(new Box([-1, -1, -1], [1, 1, 1.000001]))).toBe(true);
    expect(a.equals(new Box(-1, 1.01, [3]))).toBe(false);
    expect(a.equals(new Box(-1, 1, [3], 'float64'))).toBe(false);
    expect(a.equals(new Box(-1, 1, [1, 3]))).toBe(false);
    expect(new Box(-Infinity, Infinity, [2]).equals(new Box(-Infinity, Infinity, [2]))).toBe(true);
    expect(new Box(-Infinity, 1, [2]).equals(new Box(-1e30, 1, [2]))).toBe(false);
  });

  it('prints like Gymnasium', () => {
    expect(String(new Box(-1, 1, [4]))).toBe('Box(-1.0, 1.0, (4,), float32)');
    expect(String(new Box(-1, 2, [3, 4]))).toBe('Box(-1.0, 2.0, (3, 4), float32)');
    expect(String(new Box([-1, -2], [2, 4]))).toBe('Box([-1. -2.], [2. 4.], (2,), float32)');
    expect(String(new Box([-1, -2, 0.5], [2, 4, 1]))).toBe(
      'Box([-1.  -2.   0.5], [2. 4. 1.], (3,), float32)',
    );
    expect(String(new Box(-Infinity, Infinity, [3], 'float64'))).toBe('Box(-inf, inf, (3,), float64)');
    expect(String(new Box(0, 255, [84, 84, 3], 'uint8'))).toBe('Box(0, 255, (84, 84, 3), uint8)');
    expect(String(new Box(0, 0.1))).toBe('Box(0.0, 0.1, (1,), float32)');
    expect(String(new Box(0, 1e-5, [1], 'float64'))).toBe('Box(0.0, 1e-05, (1,), float64)');
    expect(
      String(
        new Box(
          [
            [0, 1],
            [2, 3],
          ],
          4,
          null,
          'int8',
        ),
      ),
    ).toBe('Box([[0 1]\n [2 3]], 4, (2, 2), int8)');
  });

  it('exposes typedArrayFor', () => {
    expect(typedArrayFor('float32', 2)).toBeInstanceOf(Float32Array);
    expect(typedArrayFor('bool', 2)).toBeInstanceOf(Uint8Array);
    expect(typedArrayFor('uint16', 3)).toEqual(new Uint16Array(3));
  });
});
