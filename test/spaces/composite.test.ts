import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GymError, InvalidSeed } from '../../src/errors.js';
import { logger } from '../../src/logger.js';
import { Rng } from '../../src/random/rng.js';
import {
  Box,
  Dict,
  Discrete,
  MultiBinary,
  MultiDiscrete,
  type Space,
  Tuple,
} from '../../src/spaces/index.js';
import { buildSpace, spaceSpecArb } from './arbitraries.js';

logger.setLevel('silent');

function goalSpace(seed?: number) {
  return new Dict(
    {
      observation: new Box(-Infinity, Infinity, [4], 'float64'),
      desired_goal: new Box(-Infinity, Infinity, [2], 'float64'),
      achieved_goal: new Box(-Infinity, Infinity, [2], 'float64'),
    },
    { seed },
  );
}

describe('samples of any space', () => {
  it('are contained (random nested Dict/Tuple of every leaf kind)', () => {
    fc.assert(
      fc.property(spaceSpecArb(3), fc.nat(), (spec, seed) => {
        const space = buildSpace(spec);
        space.seed(seed);
        for (let i = 0; i < 5; i++) expect(space.contains(space.sample())).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('are reproducible under the same seed (seed() or construction seed)', () => {
    fc.assert(
      fc.property(spaceSpecArb(2), fc.nat({ max: 2 ** 40 }), (spec, seed) => {
        const a = buildSpace(spec);
        const b = buildSpace(spec, seed);
        expect(a.seed(seed)).toEqual(buildSpace(spec).seed(seed));
        const xs = Array.from({ length: 3 }, () => a.sample());
        expect(Array.from({ length: 3 }, () => b.sample())).toEqual(xs);
        a.seed(seed);
        expect(Array.from({ length: 3 }, () => a.sample())).toEqual(xs);
      }),
      { numRuns: 100 },
    );
  });

  it('differ across seeds', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), fc.nat({ max: 2 ** 40 }), (s1, s2) => {
        fc.pre(s1 !== s2);
        const space = new Tuple([goalSpace(), new Box(-1, 1, [3])]);
        space.seed(s1);
        const x = space.sample();
        space.seed(s2);
        expect(space.sample()).not.toEqual(x);
      }),
      { numRuns: 50 },
    );
  });
});

describe('Dict', () => {
  it('sorts the keys of a plain object and keeps the order of entries or a Map', () => {
    const sorted = goalSpace();
    expect(sorted.keys()).toEqual(['achieved_goal', 'desired_goal', 'observation']);
    expect([...sorted]).toEqual(['achieved_goal', 'desired_goal', 'observation']);
    expect(Object.keys(sorted.sample())).toEqual(['achieved_goal', 'desired_goal', 'observation']);
    const ordered = new Dict([
      ['z', new Discrete(2)],
      ['a', new Discrete(3)],
    ]);
    expect(ordered.keys()).toEqual(['z', 'a']);
    expect(Object.keys(ordered.sample())).toEqual(['z', 'a']);
    const fromMap = new Dict(
      new Map<string, Space<unknown>>([
        ['b', new Discrete(2)],
        ['a', new Discrete(2)],
      ]),
    );
    expect(fromMap.keys()).toEqual(['b', 'a']);
    expect(fromMap.size).toBe(2);
    expect(fromMap.entries().map((e) => e[0])).toEqual(['b', 'a']);
  });

  it('gives access by key and throws for an unknown key', () => {
    const space = goalSpace();
    expect(space.get('observation').shape).toEqual([4]);
    expect(() => space.get('nope' as never)).toThrow(GymError);
  });

  it('rejects values that are not spaces and repeated keys', () => {
    expect(() => new Dict({ a: 3 as never })).toThrow(/not a Space/);
    expect(
      () =>
        new Dict([
          ['a', new Discrete(2)],
          ['a', new Discrete(3)],
        ]),
    ).toThrow(/appears twice/);
  });

  it('seeds each child with a sub-seed drawn from its own generator, in key order', () => {
    const space = goalSpace();
    const seeds = space.seed(42);
    expect(Object.keys(seeds)).toEqual(['achieved_goal', 'desired_goal', 'observation']);
    const rng = Rng.fromSeed(42);
    for (const k of space.keys()) {
      const sub = seeds[k] as number;
      expect(sub).toBe(rng.integer(0, 2 ** 31 - 1));
      expect(sub).toBeGreaterThanOrEqual(0);
      expect(sub).toBeLessThan(2 ** 31 - 1);
    }
    const x = space.sample();
    const separate = new Box(-Infinity, Infinity, [4], 'float64', { seed: seeds.observation as number });
    expect(separate.sample()).toEqual(x.observation);
    expect(goalSpace(42).sample()).toEqual(x);
  });

  it('seeds children directly from an object with the same keys, and from entropy without a seed', () => {
    const space = goalSpace();
    expect(space.seed({ observation: 1, achieved_goal: 2, desired_goal: 3 })).toEqual({
      achieved_goal: 2,
      desired_goal: 3,
      observation: 1,
    });
    expect(space.sample().observation).toEqual(
      new Box(-Infinity, Infinity, [4], 'float64', { seed: 1 }).sample(),
    );
    expect(() => space.seed({ observation: 1, achieved_goal: 2 })).toThrow(InvalidSeed);
    expect(() => space.seed({ observation: 1, achieved_goal: 2, desired_goal: 3, extra: 4 })).toThrow(
      /do not match/,
    );
    expect(() => space.seed([1, 2, 3])).toThrow(InvalidSeed);
    expect(() => space.seed(-5)).toThrow(InvalidSeed);
    const used = space.seed();
    expect(Object.values(used).every((s) => typeof s === 'number')).toBe(true);
    const nested = new Dict({ inner: goalSpace(), flag: new Discrete(2) });
    const tree = nested.seed(7);
    expect(typeof tree.flag).toBe('number');
    expect(Object.keys(tree.inner as object)).toEqual(['achieved_goal', 'desired_goal', 'observation']);
    const copy = new Dict({ inner: goalSpace(), flag: new Discrete(2) }, { seed: tree });
    nested.seed(tree);
    expect(copy.sample()).toEqual(nested.sample());
  });

  it('passes per-key masks to the subspaces', () => {
    const space = new Dict({ a: new Discrete(3), b: new Box(0, 1, [1]) }, { seed: 1 });
    expect(space.sample({ mask: { a: Int8Array.of(0, 0, 1), b: null } }).a).toBe(2);
    expect(() => space.sample({ mask: { a: Int8Array.of(0, 0, 1) } })).toThrow(/keys/);
  });

  it('contains objects with exactly the same keys and contained values', () => {
    const space = new Dict({ a: new Discrete(3), b: new Box(0, 1, [2], 'float64') });
    expect(space.contains({ a: 1, b: Float64Array.of(0, 1) })).toBe(true);
    expect(space.contains({ b: Float64Array.of(0, 1), a: 1 })).toBe(true);
    expect(space.contains({ a: 3, b: Float64Array.of(0, 1) })).toBe(false);
    expect(space.contains({ a: 1 })).toBe(false);
    expect(space.contains({ a: 1, b: Float64Array.of(0, 1), c: 0 })).toBe(false);
    expect(space.contains([1, Float64Array.of(0, 1)])).toBe(false);
    expect(space.contains(null)).toBe(false);
  });

  it('is equal for the same keys in the same order with equal subspaces; prints like Gymnasium', () => {
    const a = new Dict({ a: new Discrete(3), b: new MultiBinary(2) });
    expect(a.equals(new Dict({ b: new MultiBinary(2), a: new Discrete(3) }))).toBe(true);
    expect(
      a.equals(
        new Dict([
          ['b', new MultiBinary(2)],
          ['a', new Discrete(3)],
        ]),
      ),
    ).toBe(false);
    expect(a.equals(new Dict({ a: new Discrete(3), b: new MultiBinary(3) }))).toBe(false);
    expect(a.equals(new Dict({ a: new Discrete(3) }))).toBe(false);
    expect(String(a)).toBe("Dict('a': Discrete(3), 'b': MultiBinary(2))");
  });
});

describe('Tuple', () => {
  it('samples, contains and indexes its parts', () => {
    const space = new Tuple([new Discrete(2), new Box(-1, 1, [3]), new MultiDiscrete([2, 2])], { seed: 3 });
    const x = space.sample();
    expect(x).toHaveLength(3);
    expect(space.contains(x)).toBe(true);
    expect(space.length).toBe(3);
    expect(space.get(1).shape).toEqual([3]);
    expect([...space].length).toBe(3);
    expect(() => space.get(3 as never)).toThrow(GymError);
    expect(space.contains([x[0], x[1]])).toBe(false);
    expect(space.contains([2, x[1], x[2]])).toBe(false);
    expect(space.contains({ 0: x[0], 1: x[1], 2: x[2], length: 3 })).toBe(false);
  });

  it('seeds children with derived sub-seeds or an explicit array', () => {
    const space = new Tuple([new Discrete(5), new Box(0, 1, [2])]);
    const seeds = space.seed(11);
    const rng = Rng.fromSeed(11);
    expect(seeds).toEqual([rng.integer(0, 2 ** 31 - 1), rng.integer(0, 2 ** 31 - 1)]);
    expect(space.seed([4, 5])).toEqual([4, 5]);
    expect(space.sample()[1]).toEqual(new Box(0, 1, [2], 'float32', { seed: 5 }).sample());
    expect(() => space.seed([1])).toThrow(/2 subspaces/);
    expect(() => space.seed({ a: 1 })).toThrow(InvalidSeed);
    expect(space.seed()).toHaveLength(2);
  });

  it('passes per-part masks; compares element-wise; prints like Gymnasium', () => {
    const space = new Tuple([new Discrete(3), new Discrete(2)], { seed: 1 });
    expect(space.sample({ mask: [Int8Array.of(0, 1, 0), null] })[0]).toBe(1);
    expect(() => space.sample({ mask: [null] })).toThrow(/length 2/);
    expect(space.equals(new Tuple([new Discrete(3), new Discrete(2)]))).toBe(true);
    expect(space.equals(new Tuple([new Discrete(2), new Discrete(3)]))).toBe(false);
    expect(space.equals(new Tuple([new Discrete(3)]))).toBe(false);
    expect(String(space)).toBe('Tuple(Discrete(3), Discrete(2))');
    expect(() => new Tuple([new Discrete(2), 'x' as never])).toThrow(/entry 1 is not a Space/);
  });
});
