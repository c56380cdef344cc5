import type { Env } from '../core/env.js';
import type { StateValue } from '../core/state.js';
import type { RenderFrame, ResetArgs, ResetResult, StepResult } from '../core/types.js';
import { Wrapper } from '../core/wrapper.js';
import { InvalidState, ResetNeeded } from '../errors.js';

/** Options of {@link OrderEnforcing}. */
export interface OrderEnforcingOptions {
  /** Allow `render()` before the first `reset()` (default false). */
  readonly disableRenderOrderEnforcing?: boolean;
}

/**
 * Throws {@link ResetNeeded} on `step` (and `render`) before the first `reset`, and, unlike Gymnasium, also on
 * a `step` after the inner env reported `terminated` or `truncated` (decision 7 of the API contract).
 */
export class OrderEnforcing<O, A> extends Wrapper<O, A> {
  private resetDone = false;
  private ended = false;
  private readonly disableRenderOrderEnforcing: boolean;

  constructor(env: Env<O, A>, options: OrderEnforcingOptions = {}) {
    super(env);
    this.disableRenderOrderEnforcing = options.disableRenderOrderEnforcing ?? false;
  }

  override get hasReset(): boolean {
    return this.resetDone;
  }

  override reset(args?: ResetArgs): ResetResult<O> {
    const r = this.env.reset(args);
    this.resetDone = true;
    this.ended = false;
    return r;
  }

  override step(action: A): StepResult<O> {
    if (!this.resetDone)
      throw new ResetNeeded('Cannot call env.step() before calling env.reset()', 'step_before_reset');
    if (this.ended) {
      throw new ResetNeeded(
        'the episode has ended (terminated or truncated); call reset() before step()',
        'step_after_episode_end',
      );
    }
    const r = this.env.step(action);
    if (r.terminated || r.truncated) this.ended = true;
    return r;
  }

  override render(): RenderFrame | RenderFrame[] | null {
    if (!this.disableRenderOrderEnforcing && !this.resetDone) {
      throw new ResetNeeded(
        'Cannot call env.render() before calling env.reset(); set disableRenderOrderEnforcing to allow it',
        'render_before_reset',
      );
    }
    return this.env.render();
  }

  protected override getWrapperState(): StateValue {
    return { hasReset: this.resetDone, ended: this.ended };
  }

  protected override setWrapperState(data: StateValue): void {
    const d = data as { hasReset?: unknown; ended?: unknown } | null;
    if (!d || typeof d.hasReset !== 'boolean' || typeof d.ended !== 'boolean') {
      throw new InvalidState('malformed OrderEnforcing state', 'invalid_state');
    }
    this.resetDone = d.hasReset;
    this.ended = d.ended;
  }
}
