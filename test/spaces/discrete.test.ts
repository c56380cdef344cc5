import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GymError, InvalidBound } from '../../src/errors.js';
import { Discrete, MultiBinary, MultiDiscrete } from '../../src/spaces/index.js';

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('Discrete', () => {
  it('samples contained integers in [start, start + n)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: -100, max: 100 }),
        fc.nat(),
        (n, start, seed) => {
          const space = new Discrete(n, { start, seed });
          expect(space.shape).toEqual([]);
          for (let i = 0; i < 20; i++) {
            const x = space.sample();
            expect(Number.isInteger(x)).toBe(true);
            expect(space.contains(x)).toBe(true);
          }
        },
      ),
    );
  });

  it('reaches every value and is reproducible under a seed', () => {
    const space = new Discrete(4, { start: 2, seed: 5 });
    const xs = Array.from({ length: 200 }, () => space.sample());
    expect(new Set(xs)).toEqual(new Set([2, 3, 4, 5]));
    space.seed(5);
    expect(Array.from({ length: 200 }, () => space.sample())).toEqual(xs);
  });

  it('contains only integer numbers in range', () => {
    const space = new Discrete(3, { start: -1 });
    expect([-1, 0, 1].every((x) => space.contains(x))).toBe(true);
    for (const x of [-2, 2, 0.5, Number.NaN, true, '0', null, [0], Int32Array.of(0)]) {
      expect(space.contains(x)).toBe(false);
    }
  });

  it('samples under a mask (uniform among allowed, start if none)', () => {
    const space = new Discrete(5, { start: 10, seed: 1 });
    const mask = Int8Array.of(0, 1, 0, 1, 0);
    const xs = new Set(Array.from({ length: 100 }, () => space.sample({ mask })));
    expect(xs).toEqual(new Set([11, 13]));
    expect(space.sample({ mask: new Int8Array(5) })).toBe(10);
    expect(space.sample({ mask: [0, 0, 1, 0, 0] })).toBe(12);
    expect(() => space.sample({ mask: Int8Array.of(0, 1) })).toThrow(/length 5/);
    expect(() => space.sample({ mask: Int8Array.of(0, 2, 0, 0, 0) })).toThrow(/0 or 1/);
  });

  it('samples from a probability vector', () => {
    const space = new Discrete(3, { seed: 2 });
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[space.sample({ probability: Float64Array.of(0.2, 0, 0.8) })]! += 1;
    expect(counts[1]).toBe(0);
    expect(counts[0]! / 3000).toBeCloseTo(0.2, 1);
    expect(space.sample({ probability: [0, 1, 0] })).toBe(1);
    expect(() => space.sample({ probability: [0.5, 0.6, 0] })).toThrow(/sum to 1/);
    expect(() => space.sample({ probability: [1.5, -0.5, 0] })).toThrow(/in \[0, 1\]/);
    expect(() => space.sample({ mask: [1, 1, 1], probability: [1, 0, 0] })).toThrow(/only one of/);
  });

  it('throws InvalidBound for a bad n or start', () => {
    for (const n of [0, -1, 1.5, Number.NaN]) {
      const e = errorOf(() => new Discrete(n));
      expect(e).toBeInstanceOf(InvalidBound);
      expect((e as Error).message).toMatch(/n must be a positive integer/);
    }
    expect(errorOf(() => new Discrete(2, { start: 0.5 }))).toBeInstanceOf(InvalidBound);
    expect((errorOf(() => new Discrete(10, { start: 2 ** 31 - 5 })) as Error).message).toMatch(/int32 range/);
  });

  it('compares n, start and dtype; prints like Gymnasium; flattens', () => {
    expect(new Discrete(3).equals(new Discrete(3))).toBe(true);
    expect(new Discrete(3).equals(new Discrete(4))).toBe(false);
    expect(new Discrete(3).equals(new Discrete(3, { start: 1 }))).toBe(false);
    expect(new Discrete(3).equals(new MultiDiscrete([3]))).toBe(false);
    expect(String(new Discrete(3))).toBe('Discrete(3)');
    expect(String(new Discrete(3, { start: -1 }))).toBe('Discrete(3, start=-1)');
    expect(new Discrete(3).isNpFlattenable).toBe(true);
  });
});

describe('MultiBinary', () => {
  it('samples contained Int8Arrays of 0/1 for any shape', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
        fc.nat(),
        (shape, seed) => {
          const space = new MultiBinary(shape, { seed });
          const x = space.sample();
          expect(x).toBeInstanceOf(Int8Array);
          expect(x.length).toBe(shape.reduce((a, b) => a * b, 1));
          expect(space.contains(x)).toBe(true);
        },
      ),
    );
  });

  it('samples under a mask and with probabilities', () => {
    const space = new MultiBinary(4, { seed: 3 });
    for (let i = 0; i < 20; i++) {
      const x = space.sample({ mask: Int8Array.of(0, 1, 2, 2) });
      expect([x[0], x[1]]).toEqual([0, 1]);
    }
    expect(Array.from(space.sample({ probability: Float64Array.of(0, 1, 0, 1) }))).toEqual([0, 1, 0, 1]);
    expect(() => space.sample({ mask: Int8Array.of(0, 1, 3, 0) })).toThrow(GymError);
    expect(() => space.sample({ probability: [0, 1, 2, 0] })).toThrow(GymError);
    expect(() => space.sample({ mask: new Int8Array(4), probability: new Float64Array(4) })).toThrow(
      /only one of/,
    );
  });

  it('contains arrays of the right size with values 0 or 1', () => {
    const space = new MultiBinary([2, 2]);
    expect(space.contains(Int8Array.of(0, 1, 1, 0))).toBe(true);
    expect(space.contains([0, 1, 1, 0])).toBe(true);
    expect(
      space.contains([
        [0, 1],
        [1, 0],
      ]),
    ).toBe(true);
    expect(space.contains(Float64Array.of(0, 1, 1, 0))).toBe(true);
    expect(space.contains(Int8Array.of(0, 1, 2, 0))).toBe(false);
    expect(space.contains(Int8Array.of(0, 1, 1))).toBe(false);
    expect(space.contains([[0, 1, 1, 0]])).toBe(false);
    expect(space.contains(0)).toBe(false);
  });

  it('validates n, compares shapes and prints like Gymnasium', () => {
    expect(errorOf(() => new MultiBinary(0))).toBeInstanceOf(InvalidBound);
    expect(errorOf(() => new MultiBinary([2, -1]))).toBeInstanceOf(InvalidBound);
    expect(new MultiBinary(3).equals(new MultiBinary([3]))).toBe(true);
    expect(new MultiBinary(3).equals(new MultiBinary(4))).toBe(false);
    expect(String(new MultiBinary(5))).toBe('MultiBinary(5)');
    expect(String(new MultiBinary([2, 3]))).toBe('MultiBinary((2, 3))');
  });
});

describe('MultiDiscrete', () => {
  it('samples contained Int32Arrays by default', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: -5, max: 5 })), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.nat(),
        (pairs, seed) => {
          const space = new MultiDiscrete(
            pairs.map((p) => p[0]),
            { start: pairs.map((p) => p[1]), seed },
          );
          expect(space.dtype).toBe('int32');
          for (let i = 0; i < 10; i++) {
            const x = space.sample();
            expect(x).toBeInstanceOf(Int32Array);
            expect(space.contains(x)).toBe(true);
          }
        },
      ),
    );
  });

  it('uses the requested integer dtype and nested nvec shapes', () => {
    const space = new MultiDiscrete(
      [
        [2, 3],
        [4, 5],
      ],
      { dtype: 'uint8', seed: 1 },
    );
    expect(space.shape).toEqual([2, 2]);
    const x = space.sample();
    expect(x).toBeInstanceOf(Uint8Array);
    expect(space.contains(x)).toBe(true);
  });

  it('checks integer dtype castability, shape and per-element range', () => {
    const space = new MultiDiscrete([3, 2], { start: [1, -1] });
    expect(space.contains(Int32Array.of(1, -1))).toBe(true);
    expect(space.contains(Int32Array.of(3, 0))).toBe(true);
    expect(space.contains(Int8Array.of(3, 0))).toBe(true);
    expect(space.contains([3, 0])).toBe(true);
    expect(space.contains(Int32Array.of(4, 0))).toBe(false);
    expect(space.contains(Int32Array.of(0, 0))).toBe(false);
    expect(space.contains(Int32Array.of(1, 1))).toBe(false);
    expect(space.contains(Float64Array.of(1, 0))).toBe(false);
    expect(space.contains(Uint32Array.of(1, 0))).toBe(false);
    expect(space.contains([1.5, 0])).toBe(false);
    expect(space.contains(Int32Array.of(1))).toBe(false);
  });

  it('samples with per-element masks and probabilities', () => {
    const space = new MultiDiscrete([3, 2], { start: [10, 0], seed: 2 });
    for (let i = 0; i < 20; i++) {
      const x = space.sample({ mask: [Int8Array.of(0, 0, 1), Int8Array.of(0, 0)] });
      expect(Array.from(x)).toEqual([12, 0]);
    }
    expect(
      Array.from(space.sample({ probability: [Float64Array.of(0, 1, 0), Float64Array.of(0, 1)] })),
    ).toEqual([11, 1]);
    expect(() => space.sample({ mask: [Int8Array.of(0, 1)] })).toThrow(/length 2/);
    expect(() => space.sample({ mask: [Int8Array.of(0, 1), Int8Array.of(0, 1)] })).toThrow(/mask\[0\]/);
  });

  it('throws InvalidBound for bad nvec, start or dtype', () => {
    expect((errorOf(() => new MultiDiscrete([2, 0])) as Error).message).toMatch(
      /nvec must hold positive integers/,
    );
    expect(errorOf(() => new MultiDiscrete([2, 1.5]))).toBeInstanceOf(InvalidBound);
    expect((errorOf(() => new MultiDiscrete([2, 2], { start: [0, 0, 0] })) as Error).message).toMatch(
      /shape of nvec/,
    );
    expect((errorOf(() => new MultiDiscrete([2], { dtype: 'float32' as never })) as Error).message).toMatch(
      /integer dtype/,
    );
    expect((errorOf(() => new MultiDiscrete([300], { dtype: 'uint8' })) as Error).message).toMatch(
      /outside the uint8 range/,
    );
    expect(errorOf(() => new MultiDiscrete([2], { dtype: 'uint8', start: [-1] }))).toBeInstanceOf(
      InvalidBound,
    );
  });

  it('compares dtype, shape, nvec and start; prints like Gymnasium', () => {
    const a = new MultiDiscrete([3, 2, 2]);
    expect(a.equals(new MultiDiscrete([3, 2, 2]))).toBe(true);
    expect(a.equals(new MultiDiscrete([3, 2, 3]))).toBe(false);
    expect(a.equals(new MultiDiscrete([3, 2, 2], { start: [0, 0, 1] }))).toBe(false);
    expect(a.equals(new MultiDiscrete([3, 2, 2], { dtype: 'int16' }))).toBe(false);
    expect(String(a)).toBe('MultiDiscrete([3 2 2])');
    expect(String(new MultiDiscrete([10, 2], { start: [-1, 0] }))).toBe(
      'MultiDiscrete([10  2], start=[-1  0])',
    );
  });
});
