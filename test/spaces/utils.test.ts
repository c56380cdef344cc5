import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GymError } from '../../src/errors.js';
import { logger } from '../../src/logger.js';
import {
  Box,
  batchSpace,
  Dict,
  Discrete,
  flatdim,
  flatten,
  flattenSpace,
  MultiBinary,
  MultiDiscrete,
  Tuple,
  unflatten,
} from '../../src/spaces/index.js';
import { buildSpace, spaceSpecArb } from './arbitraries.js';

logger.setLevel('silent');

function goalSpace() {
  return new Dict({
    observation: new Box(-Infinity, Infinity, [4], 'float64'),
    achieved_goal: new Box(-Infinity, Infinity, [3], 'float64'),
    desired_goal: new Box(-Infinity, Infinity, [3], 'float64'),
  });
}

describe('flatten / unflatten', () => {
  it('round-trip any sample and land in flattenSpace', () => {
    fc.assert(
      fc.property(spaceSpecArb(2), fc.nat(), (spec, seed) => {
        const space = buildSpace(spec, seed);
        const flatSpace = flattenSpace(space);
        for (let i = 0; i < 3; i++) {
          const x = space.sample();
          const flat = flatten(space, x);
          expect(flat.length).toBe(flatdim(space));
          expect(flatSpace.shape).toEqual([flat.length]);
          expect(flat.constructor).toBe(flatSpace.sample().constructor);
          expect(flatSpace.contains(flat)).toBe(true);
          expect(unflatten(space, flat)).toStrictEqual(x);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('flattens a GoalEnv observation to one Float64Array in key order', () => {
    const space = goalSpace();
    const obs = {
      observation: Float64Array.of(1, 2, 3, 4),
      achieved_goal: Float64Array.of(5, 6, 7),
      desired_goal: Float64Array.of(8, 9, 10),
    };
    const flat = flatten(space, obs);
    expect(flat).toBeInstanceOf(Float64Array);
    expect(Array.from(flat)).toEqual([5, 6, 7, 8, 9, 10, 1, 2, 3, 4]);
    const box = flattenSpace(space);
    expect(box.dtype).toBe('float64');
    expect(box.shape).toEqual([10]);
    expect(box.isBounded('below')).toBe(false);
    expect(unflatten(space, flat)).toStrictEqual(obs);
  });

  it('one-hot encodes Discrete and MultiDiscrete, copies Box and MultiBinary', () => {
    expect(Array.from(flatten(new Discrete(4, { start: 2 }), 3))).toEqual([0, 1, 0, 0]);
    expect(flatten(new Discrete(4), 0)).toBeInstanceOf(Int32Array);
    expect(Array.from(flatten(new MultiDiscrete([2, 3], { start: [0, 1] }), Int32Array.of(1, 3)))).toEqual([
      0, 1, 0, 0, 1,
    ]);
    expect(Array.from(flatten(new Box(0, 9, [2, 2], 'int16'), Int16Array.of(1, 2, 3, 4)))).toEqual([
      1, 2, 3, 4,
    ]);
    expect(flatten(new MultiBinary(3), Int8Array.of(1, 0, 1))).toBeInstanceOf(Int8Array);
    const mixed = new Tuple([new Box(0, 1, [1]), new Discrete(2)]);
    expect(flatten(mixed, [Float32Array.of(0.5), 1])).toBeInstanceOf(Float64Array); // float32 + int32 → float64
    const small = new Tuple([new Box(0, 1, [1]), new MultiBinary(2)]);
    expect(flatten(small, [Float32Array.of(0.5), Int8Array.of(1, 0)])).toBeInstanceOf(Float32Array);
  });

  it('computes flatdim', () => {
    expect(flatdim(new Box(0, 1, [2, 3]))).toBe(6);
    expect(flatdim(new Discrete(5))).toBe(5);
    expect(flatdim(new MultiBinary([2, 2]))).toBe(4);
    expect(flatdim(new MultiDiscrete([2, 3, 4]))).toBe(9);
    expect(flatdim(new Tuple([new Discrete(5), goalSpace()]))).toBe(15);
  });

  it('throws on invalid elements and invalid one-hots', () => {
    expect(() => flatten(new Discrete(3), 3)).toThrow(GymError);
    expect(() => flatten(new Box(0, 1, [2]), Float32Array.of(1))).toThrow(/expected 2 values/);
    expect(() => flatten(new MultiDiscrete([2]), Int32Array.of(2))).toThrow(GymError);
    expect(() => flatten(goalSpace(), { observation: new Float64Array(4) } as never)).toThrow(/no key/);
    expect(() => unflatten(new Discrete(3), [0, 0, 0])).toThrow(/all zero/);
    expect(() => unflatten(new Discrete(3), [1, 1, 0])).toThrow(/one-hot/);
    expect(() => unflatten(new Discrete(3), [0, 0.5, 0])).toThrow(/one-hot/);
    expect(() => unflatten(new Discrete(3), [0, 1])).toThrow(/expected 3 values/);
    expect(() => unflatten(new MultiDiscrete([2, 2]), [1, 0, 0, 0])).toThrow(/one-hot/);
    expect(unflatten(new MultiDiscrete([2, 2], { start: [5, 0] }), [0, 1, 1, 0])).toStrictEqual(
      Int32Array.of(6, 0),
    );
  });

  it('flattens spaces to Boxes with the Gymnasium bounds', () => {
    expect(flattenSpace(new Discrete(3, { start: 4 })).equals(new Box(0, 1, [3], 'int32'))).toBe(true);
    expect(flattenSpace(new MultiBinary([2, 2])).equals(new Box(0, 1, [4], 'int8'))).toBe(true);
    expect(flattenSpace(new MultiDiscrete([2, 3])).equals(new Box(0, 1, [5], 'int32'))).toBe(true);
    expect(flattenSpace(new Box([[-1, 0]], [[1, 2]])).equals(new Box([-1, 0], [1, 2]))).toBe(true);
    const tuple = flattenSpace(new Tuple([new Box(-2, 2, [1]), new MultiBinary(2)]));
    expect(tuple.equals(new Box([-2, 0, 0], [2, 1, 1]))).toBe(true);
  });
});

describe('batchSpace', () => {
  it('batches a Box with tiled bounds and a copied (not shared) generator', () => {
    const single = new Box([-1, 0], [1, Infinity], null, 'float64', { seed: 3 });
    const batched = batchSpace(single, 3);
    expect(batched.shape).toEqual([3, 2]);
    expect(batched.dtype).toBe('float64');
    expect(Array.from(batched.low)).toEqual([-1, 0, -1, 0, -1, 0]);
    expect(Array.from(batched.high)).toEqual([1, Infinity, 1, Infinity, 1, Infinity]);
    expect(batched.rng.getState()).toEqual(single.rng.getState());
    expect(batched.rng).not.toBe(single.rng);
    const x = batched.sample();
    expect(single.rng.getState()).not.toEqual(batched.rng.getState());
    expect(batched.contains(x)).toBe(true);
    const ints = batchSpace(new Box(-Infinity, Infinity, [2], 'int8'), 2);
    expect(ints.isBounded('below')).toBe(false);
  });

  it('batches Discrete, MultiDiscrete and MultiBinary as Gymnasium does', () => {
    const d = batchSpace(new Discrete(4, { start: 1 }), 3);
    expect(d).toBeInstanceOf(MultiDiscrete);
    expect(d.nvec).toEqual([4, 4, 4]);
    expect(d.start).toEqual([1, 1, 1]);
    const md = batchSpace(new MultiDiscrete([2, 3], { start: [1, 0], dtype: 'int16' }), 2);
    expect(md).toBeInstanceOf(Box);
    expect(md.dtype).toBe('int16');
    expect(md.shape).toEqual([2, 2]);
    expect(Array.from(md.low)).toEqual([1, 0, 1, 0]);
    expect(Array.from(md.high)).toEqual([2, 2, 2, 2]);
    const mb = batchSpace(new MultiBinary([2, 3]), 4);
    expect(mb.equals(new Box(0, 1, [4, 2, 3], 'int8'))).toBe(true);
  });

  it('batches Dict and Tuple child by child, keeping the key order', () => {
    const dict = new Dict(
      [
        ['z', new Discrete(2)],
        ['a', new Box(-1, 1, [3], 'float64')],
      ],
      { seed: 1 },
    );
    const batched = batchSpace(dict, 2);
    expect(batched).toBeInstanceOf(Dict);
    expect(batched.keys()).toEqual(['z', 'a']);
    expect(batched.get('a').shape).toEqual([2, 3]);
    expect(batched.contains({ z: Int32Array.of(0, 1), a: new Float64Array(6) })).toBe(true);
    const goal = batchSpace(goalSpace(), 4);
    expect(
      goal.contains({
        observation: new Float64Array(16),
        achieved_goal: new Float64Array(12),
        desired_goal: new Float64Array(12),
      }),
    ).toBe(true);
    const tuple = batchSpace(new Tuple([new Discrete(3), new MultiBinary(2)]), 5);
    expect(tuple).toBeInstanceOf(Tuple);
    expect(String(tuple)).toBe('Tuple(MultiDiscrete([3 3 3 3 3]), Box(0, 1, (5, 2), int8))');
  });

  it('produces spaces whose samples are contained, for any space', () => {
    fc.assert(
      fc.property(spaceSpecArb(2), fc.integer({ min: 1, max: 4 }), fc.nat(), (spec, n, seed) => {
        const batched = batchSpace(buildSpace(spec, seed), n);
        expect(batched.contains(batched.sample())).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects a non-positive batch size', () => {
    expect(() => batchSpace(new Discrete(2), 0)).toThrow(/positive integer/);
    expect(() => batchSpace(new Discrete(2), 1.5)).toThrow(GymError);
  });
});
