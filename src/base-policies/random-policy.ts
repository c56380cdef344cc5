/**
 * A uniformly random policy over a Box action space, seeded by the episode seed: the "random" row of
 * evaluations and a reference point below every base policy.
 *
 * @module
 */
import type { Env } from '../core/env.js';
import type { StateValue } from '../core/state.js';
import type { ActionInput } from '../core/types.js';
import { GymError } from '../errors.js';
import { Rng, type RngState } from '../random/rng.js';
import type { Box } from '../spaces/box.js';
import type { BasePolicy, PolicyResetContext } from './policy.js';

/**
 * Draws every action coordinate uniformly from the env's Box bounds. The draws come from a generator seeded
 * with the episode seed, so the same seed gives the same actions (and the env's own stream is untouched).
 */
export class RandomPolicy implements BasePolicy<unknown, ActionInput> {
  readonly name = 'random';
  private rng = Rng.fromSeed(0);
  private low: ArrayLike<number> = [];
  private high: ArrayLike<number> = [];

  /**
   * @throws GymError if the env's action space is not a bounded Box
   */
  reset(ctx: PolicyResetContext<unknown, ActionInput>): void {
    const space = (ctx.env as Env<unknown, unknown>).actionSpace as Partial<Box>;
    if (space.low === undefined || space.high === undefined) {
      throw new GymError('RandomPolicy needs a Box action space', 'invalid_action_space');
    }
    for (let i = 0; i < space.low.length; i++) {
      if (!Number.isFinite(space.low[i]!) || !Number.isFinite(space.high[i]!)) {
        throw new GymError('RandomPolicy needs a bounded Box action space', 'invalid_action_space');
      }
    }
    this.low = space.low;
    this.high = space.high;
    this.rng = Rng.fromSeed(ctx.seed).fork('random-policy');
  }

  /** A new Float32Array of uniform draws. */
  act(_obs: unknown): Float32Array {
    const out = new Float32Array(this.low.length);
    for (let i = 0; i < out.length; i++) out[i] = this.rng.uniform(this.low[i]!, this.high[i]!);
    return out;
  }

  /** The generator state (so a residual env around it restores bit-identically). */
  getState(): StateValue {
    return { rng: this.rng.getState() as unknown as StateValue };
  }

  /** Restores {@link RandomPolicy.getState}. */
  setState(state: StateValue): void {
    this.rng.setState((state as unknown as { rng: RngState }).rng);
  }
}
