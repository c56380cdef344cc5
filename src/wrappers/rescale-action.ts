import type { Env } from '../core/env.js';
import { ActionWrapper } from '../core/wrapper.js';
import { InvalidBound } from '../errors.js';
import { Box } from '../spaces/box.js';
import { requireBoxActionSpace } from './clip-action.js';

/**
 * Maps actions affinely from `[minAction, maxAction]` onto the inner Box's `[low, high]`
 * (Gymnasium `RescaleAction`). Infinite components pass through unchanged where the new and inner bound are
 * the same infinity.
 */
export class RescaleAction<O> extends ActionWrapper<O, Float32Array | Float64Array | number[], Float32Array> {
  private readonly scale: Float64Array;
  private readonly offset: Float64Array;

  /** @throws InvalidBound if min == max in a component, min > max, or an infinite bound does not match */
  constructor(
    env: Env<O, Float32Array>,
    minAction: number | ArrayLike<number>,
    maxAction: number | ArrayLike<number>,
  ) {
    super(env);
    const inner = requireBoxActionSpace(env as Env<unknown, unknown>, 'RescaleAction');
    const n = inner.size;
    const lo = broadcast(minAction, n, 'minAction');
    const hi = broadcast(maxAction, n, 'maxAction');
    this.scale = new Float64Array(n);
    this.offset = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = lo[i]!;
      const b = hi[i]!;
      if (!(a < b))
        throw new InvalidBound(
          `RescaleAction needs minAction < maxAction, got [${a}, ${b}] at ${i}`,
          'invalid_rescale',
        );
      const il = inner.low[i]!;
      const ih = inner.high[i]!;
      const finite = Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(il) && Number.isFinite(ih);
      if (finite) {
        this.scale[i] = (ih - il) / (b - a);
        this.offset[i] = il - a * this.scale[i]!;
      } else if (a === il && b === ih) {
        this.scale[i] = 1;
        this.offset[i] = 0;
      } else {
        throw new InvalidBound(
          `RescaleAction: infinite bound mismatch at ${i} ([${a}, ${b}] vs [${il}, ${ih}])`,
          'invalid_rescale',
        );
      }
    }
    this.actionSpace = new Box(lo, hi, inner.shape ?? [n], inner.dtype ?? 'float32') as never;
  }

  action(action: Float32Array | Float64Array | number[]): Float32Array {
    const out = new Float32Array(action.length);
    for (let i = 0; i < action.length; i++) out[i] = this.offset[i]! + this.scale[i]! * action[i]!;
    return out;
  }
}

function broadcast(value: number | ArrayLike<number>, n: number, name: string): Float64Array {
  if (typeof value === 'number') return new Float64Array(n).fill(value);
  if (value.length !== n)
    throw new InvalidBound(`${name} has length ${value.length}, expected ${n}`, 'invalid_rescale');
  return Float64Array.from(value);
}
