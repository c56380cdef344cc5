import { describeValue, InvalidAction } from '../errors.js';

/**
 * Validates a Box action and writes it, clipped element-wise to `[low, high]`, into `out`: the boundary
 * rule of every env ("validate at the boundary, clip inside"). Allocation-free.
 *
 * @param action - the caller's action (`Float32Array`, `Float64Array` or `number[]`)
 * @param low - lower bounds, one per element
 * @param high - upper bounds, one per element
 * @param out - receives the clipped action; its length is the expected action length
 * @throws InvalidAction for a wrong type (`wrong_action_type`), a wrong length (`wrong_action_length`)
 *   or a NaN/Infinity element (`non_finite_action`, with its index)
 */
export function clipBoxAction(
  action: unknown,
  low: ArrayLike<number>,
  high: ArrayLike<number>,
  out: Float64Array,
): Float64Array {
  if (!(action instanceof Float32Array || action instanceof Float64Array || Array.isArray(action))) {
    throw new InvalidAction(
      `action must be a Float32Array, Float64Array or number[] of length ${out.length}, got ${describeValue(action)}`,
      'wrong_action_type',
      { expectedLength: out.length },
    );
  }
  const a = action as ArrayLike<unknown>;
  if (a.length !== out.length) {
    throw new InvalidAction(
      `action must have length ${out.length}, got length ${a.length}`,
      'wrong_action_length',
      {
        expectedLength: out.length,
        length: a.length,
      },
    );
  }
  for (let i = 0; i < out.length; i++) {
    const v = a[i];
    if (typeof v !== 'number') {
      throw new InvalidAction(`action[${i}] must be a number, got ${describeValue(v)}`, 'wrong_action_type', {
        index: i,
      });
    }
    if (!Number.isFinite(v)) {
      throw new InvalidAction(`action[${i}] is ${v}: actions must be finite`, 'non_finite_action', {
        index: i,
        value: v,
      });
    }
    const lo = low[i]!;
    const hi = high[i]!;
    out[i] = v < lo ? lo : v > hi ? hi : v;
  }
  return out;
}
