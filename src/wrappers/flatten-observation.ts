import type { Env } from '../core/env.js';
import { ObservationWrapper } from '../core/wrapper.js';
import type { Space } from '../spaces/space.js';
import { flatten, flattenSpace } from '../spaces/utils.js';

/**
 * Flattens observations to one typed array (Gymnasium `FlattenObservation`). A goal observation flattens
 * in the Dict's key order: `achieved_goal, desired_goal, observation`.
 */
export class FlattenObservation<IO, A> extends ObservationWrapper<Float32Array | Float64Array, A, IO> {
  private readonly innerSpace: Space<IO>;

  constructor(env: Env<IO, A>) {
    super(env);
    this.innerSpace = env.observationSpace;
    this.observationSpace = flattenSpace(this.innerSpace) as unknown as Space<Float32Array | Float64Array>;
  }

  observation(obs: IO): Float32Array | Float64Array {
    return flatten(this.innerSpace, obs) as Float32Array | Float64Array;
  }
}
