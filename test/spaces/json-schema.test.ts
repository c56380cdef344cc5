import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logger } from '../../src/logger.js';
import {
  Box,
  Dict,
  Discrete,
  JSON_SCHEMA_DIALECT,
  MultiBinary,
  MultiDiscrete,
  type Space,
  Tuple,
} from '../../src/spaces/index.js';
import { buildSpace, spaceSpecArb, toJson } from './arbitraries.js';

logger.setLevel('silent');

const ajv = new Ajv2020({ strict: true, allErrors: true });

function validator(space: Space<unknown>): (x: unknown) => boolean {
  const validate = ajv.compile(space.toJSONSchema());
  return (x) => validate(x) as boolean;
}

describe('toJSONSchema', () => {
  it('compiles for any space and accepts the JSON encoding of its samples', () => {
    fc.assert(
      fc.property(spaceSpecArb(2), fc.nat(), (spec, seed) => {
        const space = buildSpace(spec, seed);
        const schema = space.toJSONSchema();
        expect(schema.$schema).toBe(JSON_SCHEMA_DIALECT);
        expect(JSON.parse(JSON.stringify(schema))).toEqual(schema); // plain JSON
        const valid = validator(space);
        for (let i = 0; i < 3; i++) {
          const encoded = JSON.parse(JSON.stringify(toJson(space.sample())));
          expect(valid(encoded)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('rejects out-of-bound, mistyped and wrongly sized Box encodings', () => {
    const valid = validator(new Box([-1, 0], [1, 5], null, 'float64'));
    expect(valid([0.5, 5])).toBe(true);
    expect(valid([1.5, 0])).toBe(false);
    expect(valid([0, -0.1])).toBe(false);
    expect(valid([0])).toBe(false);
    expect(valid([0, 0, 0])).toBe(false);
    expect(valid(['0', 0])).toBe(false);
    const ints = validator(new Box(0, 10, [2], 'int32'));
    expect(ints([1, 10])).toBe(true);
    expect(ints([1.5, 2])).toBe(false);
    expect(ints([1, 11])).toBe(false);
    const f32 = new Box(0, 0.1);
    expect(validator(f32)(toJson(Float32Array.of(0.1)))).toBe(true);
    const unbounded = new Box(-Infinity, Infinity, [2], 'float64').toJSONSchema();
    expect(JSON.stringify(unbounded)).not.toMatch(/minimum|maximum/);
  });

  it('rejects out-of-range Discrete, MultiBinary and MultiDiscrete encodings', () => {
    const d = validator(new Discrete(3, { start: -1 }));
    expect(d(-1)).toBe(true);
    expect(d(2)).toBe(false);
    expect(d(0.5)).toBe(false);
    const mb = validator(new MultiBinary(3));
    expect(mb([0, 1, 1])).toBe(true);
    expect(mb([0, 2, 1])).toBe(false);
    const md = validator(new MultiDiscrete([2, 5], { start: [0, 10] }));
    expect(md([1, 14])).toBe(true);
    expect(md([1, 15])).toBe(false);
    expect(md([2, 10])).toBe(false);
  });

  it('describes Dict as an object with required keys and no others, Tuple with prefixItems', () => {
    const dict = new Dict({ a: new Discrete(2), b: new Box(0, 1, [1]) });
    expect(dict.toJSONSchema()).toMatchObject({
      type: 'object',
      required: ['a', 'b'],
      additionalProperties: false,
    });
    const vd = validator(dict);
    expect(vd({ a: 1, b: [0.5] })).toBe(true);
    expect(vd({ a: 1 })).toBe(false);
    expect(vd({ a: 1, b: [0.5], c: 0 })).toBe(false);
    expect(vd({ a: 2, b: [0.5] })).toBe(false);
    const tuple = new Tuple([new Discrete(2), dict]);
    expect(tuple.toJSONSchema()).toMatchObject({ type: 'array', items: false, minItems: 2, maxItems: 2 });
    expect(Array.isArray(tuple.toJSONSchema().prefixItems)).toBe(true);
    const vt = validator(tuple);
    expect(vt([0, { a: 0, b: [1] }])).toBe(true);
    expect(vt([0, { a: 0, b: [2] }])).toBe(false);
    expect(vt([0])).toBe(false);
    expect(vt([0, { a: 0, b: [1] }, 3])).toBe(false);
  });
});
