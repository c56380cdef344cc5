import type { BasePolicy } from '../base-policies/policy.js';
import { makeBasePolicy } from '../base-policies/registry.js';
import { clipBoxAction } from '../core/action.js';
import type { Env } from '../core/env.js';
import type { WrapperSpec } from '../core/env-spec.js';
import { GoalEnv } from '../core/goal-env.js';
import { compileOptionsValidator } from '../core/options.js';
import type { StateValue } from '../core/state.js';
import type { ActionInput, Info, ResetArgs, ResetResult, StepResult } from '../core/types.js';
import { Wrapper } from '../core/wrapper.js';
import { GymError, InvalidState } from '../errors.js';
import { Rng } from '../random/rng.js';
import type { Box } from '../spaces/box.js';
import { requireBoxActionSpace } from './clip-action.js';

/** Options of {@link ResidualWrapper}. */
export interface ResidualWrapperOptions {
  /** Multiplier of the residual before it is added to the base action (default 2, as in the original). */
  readonly scale?: number;
}

const validateOptions = compileOptionsValidator<ResidualWrapperOptions>({
  type: 'object',
  additionalProperties: false,
  properties: { scale: { type: 'number', exclusiveMinimum: 0 } },
});

/**
 * Turns any Box-action env plus any {@link BasePolicy} π into the residual MDP of Residual Policy Learning:
 * the agent's action `a` is a correction, and the env executes
 * `clip(π(lastObs) + scale · a, inner action bounds)`, where `lastObs` is the observation the agent last
 * received. With `a = 0` the env behaves exactly like the base policy, so learning starts at π's performance.
 *
 * - Observation space, rewards and `computeReward` (for HER) are the inner env's.
 * - The action space is the inner Box (for Fetch tasks [-1, 1]^4); finite out-of-range residuals are clipped
 *   to it, NaN/Infinity/wrong length throw `InvalidAction`.
 * - The base policy is reset on every reset with the episode's seed: the `reset` seed when given, otherwise a
 *   seed derived from the last given seed and the episode count (never from the env's generator, so the
 *   env's own stream is the same as without the wrapper).
 * - `info.base_action` and `info.residual_action` (Float64Array copies) are added to every step's info.
 * - `getState`/`setState` include the last observation and the base policy's state, so a restored residual
 *   env continues bit-identically.
 *
 * @example
 * ```ts
 * const env = new ResidualWrapper(make('SlipperyPush-v0'), new ScriptedPushPolicy());
 * const { obs } = env.reset({ seed: 1 });
 * const r = env.step(new Float32Array(4)); // zero residual: the base policy acts alone
 * r.info.base_action; // what the base policy chose
 * ```
 */
export class ResidualWrapper<O> extends Wrapper<O, ActionInput, O, ActionInput> {
  /** The base policy π. */
  readonly basePolicy: BasePolicy<O, ActionInput>;
  /** Residual multiplier. */
  readonly scale: number;
  private readonly innerSpace: Box;
  private readonly residual: Float64Array;
  private readonly executed: Float64Array;
  private lastObs: O | null = null;
  private seedBase = 0;
  private episodeIndex = 0;
  private recordedSpec: WrapperSpec | null = null;

  /**
   * @throws GymError if the env's action space is not a Box; InvalidOptions for bad options
   */
  constructor(
    env: Env<O, ActionInput>,
    basePolicy: BasePolicy<O, ActionInput>,
    options: ResidualWrapperOptions = {},
  ) {
    super(env);
    validateOptions(options, 'ResidualWrapper options');
    if (typeof basePolicy?.act !== 'function' || typeof basePolicy.reset !== 'function') {
      throw new GymError('ResidualWrapper needs a BasePolicy with reset() and act()', 'invalid_policy');
    }
    this.basePolicy = basePolicy;
    this.scale = options.scale ?? 2;
    this.innerSpace = requireBoxActionSpace(env as Env<unknown, unknown>, 'ResidualWrapper');
    this.residual = new Float64Array(this.innerSpace.size);
    this.executed = new Float64Array(this.innerSpace.size);
  }

  /**
   * A residual wrapper around `env` with a base policy from the base-policy registry; records its arguments
   * so that `make(env.spec)` rebuilds it.
   */
  static fromRegistry<O>(
    env: Env<O, ActionInput>,
    kwargs: { policy: string; policyOptions?: Record<string, unknown>; scale?: number },
  ): ResidualWrapper<O> {
    const policy = makeBasePolicy<O, ActionInput>(kwargs.policy, kwargs.policyOptions ?? {});
    const w = new ResidualWrapper(env, policy, kwargs.scale === undefined ? {} : { scale: kwargs.scale });
    w.recordedSpec = {
      name: 'ResidualWrapper',
      entryPoint: (inner, kw) =>
        ResidualWrapper.fromRegistry(inner as Env<unknown, ActionInput>, kw as never) as unknown as Env<
          unknown,
          unknown
        >,
      kwargs: { ...kwargs },
    };
    return w;
  }

  protected override wrapperSpec(): WrapperSpec | null {
    return this.recordedSpec;
  }

  override reset(args?: ResetArgs): ResetResult<O> {
    const r = this.env.reset(args);
    if (args?.seed !== undefined) {
      this.seedBase = args.seed;
      this.episodeIndex = 0;
    } else {
      this.episodeIndex++;
    }
    const seed =
      this.episodeIndex === 0
        ? this.seedBase
        : Rng.fromSeed(this.seedBase).fork(`episode-${this.episodeIndex}`).uint32();
    this.basePolicy.reset({ seed, env: this.env });
    this.lastObs = r.obs;
    return r;
  }

  override step(action: ActionInput): StepResult<O> {
    if (this.lastObs === null) {
      // Let the inner stack raise its own ResetNeeded / ClosedEnvironmentError.
      return this.env.step(action);
    }
    const { low, high } = this.innerSpace;
    const residual = clipBoxAction(action, low, high, this.residual);
    const base = this.basePolicy.act(this.lastObs);
    if (base.length !== residual.length) {
      throw new GymError(
        `base policy '${this.basePolicy.name}' returned ${base.length} values for a ${residual.length}-d action`,
        'invalid_base_action',
      );
    }
    const executed = this.executed;
    for (let i = 0; i < executed.length; i++) {
      const b = base[i]!;
      if (!Number.isFinite(b)) {
        throw new GymError(
          `base policy '${this.basePolicy.name}' returned ${b} at index ${i}`,
          'invalid_base_action',
          {
            index: i,
            value: b,
          },
        );
      }
      const v = b + this.scale * residual[i]!;
      executed[i] = v < low[i]! ? low[i]! : v > high[i]! ? high[i]! : v;
    }
    const r = this.env.step(executed);
    this.lastObs = r.obs;
    // The inner step's info is a fresh object owned by this result, so the keys are added in place (no copy
    // of the dict on the hot path); the arrays are copies because the policy and `residual` reuse buffers.
    const info: Info = r.info;
    info.base_action = Float64Array.from(base);
    info.residual_action = Float64Array.from(residual);
    return r;
  }

  /** The inner goal env's reward function (HER relabelling works unchanged on residual envs). */
  computeReward(
    achieved: ArrayLike<number>,
    desired: ArrayLike<number>,
    info: Info | readonly Info[],
    batch?: number,
  ): number | Float64Array {
    const goalEnv = this.unwrapped;
    if (!(goalEnv instanceof GoalEnv))
      throw new GymError('computeReward needs a goal env inside', 'not_a_goal_env');
    return batch === undefined
      ? goalEnv.computeReward(achieved, desired, info as Info)
      : goalEnv.computeReward(achieved, desired, info, batch);
  }

  override close(): void {
    this.basePolicy.close?.();
    super.close();
  }

  protected override getWrapperState(): StateValue {
    return {
      lastObs: this.lastObs as unknown as StateValue,
      seedBase: this.seedBase,
      episodeIndex: this.episodeIndex,
      policy: this.basePolicy.getState ? this.basePolicy.getState() : null,
    };
  }

  protected override setWrapperState(data: StateValue): void {
    const d = data as {
      lastObs?: unknown;
      seedBase?: unknown;
      episodeIndex?: unknown;
      policy?: StateValue;
    } | null;
    if (!d || typeof d.seedBase !== 'number' || typeof d.episodeIndex !== 'number' || !('lastObs' in d)) {
      throw new InvalidState('malformed ResidualWrapper state', 'invalid_state');
    }
    this.lastObs = d.lastObs as O | null;
    this.seedBase = d.seedBase;
    this.episodeIndex = d.episodeIndex;
    if (this.basePolicy.setState && d.policy !== undefined) this.basePolicy.setState(d.policy);
  }
}
