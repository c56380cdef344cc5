import type { Env } from '../core/env.js';
import { ActionWrapper } from '../core/wrapper.js';
import { GymError } from '../errors.js';
import { Box } from '../spaces/box.js';

/** Asserts that an env's action space is a {@link Box}, for the Box-only wrappers. */
export function requireBoxActionSpace(env: Env<unknown, unknown>, wrapper: string): Box {
  const space = env.actionSpace;
  if (!(space instanceof Box)) {
    throw new GymError(`${wrapper} needs a Box action space, got ${String(space)}`, 'not_a_box_space');
  }
  return space;
}

/**
 * Clips actions element-wise to the inner Box's bounds; the wrapper's action space is the unbounded Box of
 * the same shape and dtype (Gymnasium `ClipAction`). NaN is not clipped: the inner env rejects it.
 */
export class ClipAction<O> extends ActionWrapper<O, Float32Array | Float64Array | number[], Float32Array> {
  private readonly inner: Box;

  constructor(env: Env<O, Float32Array>) {
    super(env);
    this.inner = requireBoxActionSpace(env as Env<unknown, unknown>, 'ClipAction');
    this.actionSpace = new Box(
      -Infinity,
      Infinity,
      this.inner.shape ?? [this.inner.size],
      this.inner.dtype ?? 'float32',
    ) as never;
  }

  action(action: Float32Array | Float64Array | number[]): Float32Array {
    const out = new Float32Array(action.length);
    const { low, high } = this.inner;
    for (let i = 0; i < action.length; i++) {
      const v = action[i]!;
      out[i] = v < low[i]! ? low[i]! : v > high[i]! ? high[i]! : v;
    }
    return out;
  }
}
