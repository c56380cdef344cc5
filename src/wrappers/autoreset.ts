import type { Env } from '../core/env.js';
import type { StateValue } from '../core/state.js';
import type { ResetArgs, ResetResult, StepResult } from '../core/types.js';
import { Wrapper } from '../core/wrapper.js';
import { InvalidState } from '../errors.js';

/**
 * Next-step autoreset (Gymnasium 1.x `Autoreset`): the step after an episode ends resets the inner env
 * (without a seed, so the stream continues), ignores the action, and returns the reset observation with
 * reward 0 and `terminated = truncated = false`.
 */
export class Autoreset<O, A> extends Wrapper<O, A> {
  private pendingReset = false;

  constructor(env: Env<O, A>) {
    super(env);
  }

  override reset(args?: ResetArgs): ResetResult<O> {
    this.pendingReset = false;
    return this.env.reset(args);
  }

  override step(action: A): StepResult<O> {
    if (this.pendingReset) {
      this.pendingReset = false;
      const r = this.env.reset();
      return { obs: r.obs, reward: 0, terminated: false, truncated: false, info: r.info };
    }
    const r = this.env.step(action);
    this.pendingReset = r.terminated || r.truncated;
    return r;
  }

  protected override getWrapperState(): StateValue {
    return { pendingReset: this.pendingReset };
  }

  protected override setWrapperState(data: StateValue): void {
    const d = data as { pendingReset?: unknown } | null;
    if (!d || typeof d.pendingReset !== 'boolean')
      throw new InvalidState('malformed Autoreset state', 'invalid_state');
    this.pendingReset = d.pendingReset;
  }
}
