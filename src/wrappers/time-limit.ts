import type { Env } from '../core/env.js';
import type { StateValue } from '../core/state.js';
import type { ResetArgs, ResetResult, StepResult } from '../core/types.js';
import { Wrapper } from '../core/wrapper.js';
import { GymError, InvalidState, ResetNeeded } from '../errors.js';

/**
 * Ends episodes after `maxEpisodeSteps` steps with `truncated = true` (terminated is passed through; both
 * may be true). **Difference from Gymnasium:** a further `step` without `reset` throws {@link ResetNeeded}
 * instead of silently stepping on (decision 7 of the API contract: silent stepping corrupts benchmarks).
 */
export class TimeLimit<O, A> extends Wrapper<O, A> {
  /** Episode length in steps. */
  readonly maxEpisodeSteps: number;
  private elapsed = 0;
  private ended = false;

  /** @throws GymError unless `maxEpisodeSteps` is a positive integer */
  constructor(env: Env<O, A>, maxEpisodeSteps: number) {
    super(env);
    if (!Number.isSafeInteger(maxEpisodeSteps) || maxEpisodeSteps <= 0) {
      throw new GymError(
        `maxEpisodeSteps must be a positive integer, got ${maxEpisodeSteps}`,
        'invalid_max_episode_steps',
      );
    }
    this.maxEpisodeSteps = maxEpisodeSteps;
  }

  /** Steps taken in the current episode. */
  get elapsedSteps(): number {
    return this.elapsed;
  }

  override get spec() {
    const inner = this.env.spec;
    return inner === null ? null : inner.with({ maxEpisodeSteps: this.maxEpisodeSteps });
  }
  override set spec(value) {
    this.env.spec = value;
  }

  override reset(args?: ResetArgs): ResetResult<O> {
    const r = this.env.reset(args);
    this.elapsed = 0;
    this.ended = false;
    return r;
  }

  override step(action: A): StepResult<O> {
    if (this.ended) {
      throw new ResetNeeded(
        `the episode ended after ${this.maxEpisodeSteps} steps (truncated); call reset() before step()`,
        'step_after_episode_end',
      );
    }
    const r = this.env.step(action);
    this.elapsed++;
    if (this.elapsed >= this.maxEpisodeSteps) {
      this.ended = true;
      if (!r.truncated)
        return { obs: r.obs, reward: r.reward, terminated: r.terminated, truncated: true, info: r.info };
    }
    return r;
  }

  protected override getWrapperState(): StateValue {
    return { elapsed: this.elapsed, ended: this.ended };
  }

  protected override setWrapperState(data: StateValue): void {
    const d = data as { elapsed?: unknown; ended?: unknown } | null;
    if (!d || typeof d.elapsed !== 'number' || typeof d.ended !== 'boolean') {
      throw new InvalidState('malformed TimeLimit state', 'invalid_state');
    }
    this.elapsed = d.elapsed;
    this.ended = d.ended;
  }
}
