/**
 * Type-level checks (verified by `tsc`; the runtime assertions are trivial): element types are inferred
 * from dtypes and subspaces.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  Box,
  batchSpace,
  Dict,
  Discrete,
  MultiBinary,
  MultiDiscrete,
  type Space,
  type SpaceElement,
  Tuple,
} from '../../src/spaces/index.js';

describe('space types', () => {
  it('infer Box element arrays from the dtype', () => {
    const f32 = new Box(-1, 1, [2]);
    const f64 = new Box(-1, 1, [2], 'float64');
    const u8 = new Box(0, 255, [2], 'uint8');
    expectTypeOf(f32).toEqualTypeOf<Box<Float32Array>>();
    expectTypeOf(f32.sample()).toEqualTypeOf<Float32Array>();
    expectTypeOf(f64.sample()).toEqualTypeOf<Float64Array>();
    expectTypeOf(u8.sample()).toEqualTypeOf<Uint8Array>();
    expectTypeOf(new Box<Float64Array>(0, 1, [1], 'float64')).toEqualTypeOf<Box<Float64Array>>();
    expect(f64.sample()).toBeInstanceOf(Float64Array);
  });

  it('infer Dict and Tuple elements from their subspaces', () => {
    const goal = new Dict({
      observation: new Box(-Infinity, Infinity, [4], 'float64'),
      desired_goal: new Box(-Infinity, Infinity, [2], 'float64'),
    });
    expectTypeOf(goal.sample()).toEqualTypeOf<{ observation: Float64Array; desired_goal: Float64Array }>();
    expectTypeOf(goal.get('observation')).toEqualTypeOf<Box<Float64Array>>();
    expectTypeOf(goal).toMatchTypeOf<Space<{ observation: Float64Array; desired_goal: Float64Array }>>();
    const tuple = new Tuple([
      new Discrete(2),
      new MultiBinary(3),
      new MultiDiscrete([2], { dtype: 'uint16' }),
    ]);
    expectTypeOf(tuple.sample()).toEqualTypeOf<[number, Int8Array, Uint16Array]>();
    expectTypeOf<SpaceElement<typeof tuple>>().toEqualTypeOf<[number, Int8Array, Uint16Array]>();
    expect(tuple.sample()).toHaveLength(3);
  });

  it('map batched space types', () => {
    const dict = new Dict({ a: new Discrete(3), b: new Box(0, 1, [2], 'float64'), c: new MultiBinary(2) });
    const batched = batchSpace(dict, 4);
    expectTypeOf(batched.sample()).toEqualTypeOf<{ a: Int32Array; b: Float64Array; c: Int8Array }>();
    expectTypeOf(
      batchSpace(new MultiDiscrete([2], { dtype: 'int8' }), 2).sample(),
    ).toEqualTypeOf<Int8Array>();
    expectTypeOf(batchSpace(new Tuple([new Discrete(2)]), 2).sample()).toEqualTypeOf<[Int32Array]>();
    expect(batched.sample().a).toBeInstanceOf(Int32Array);
  });
});
