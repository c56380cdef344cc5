/**
 * The base policy of the paper's Push task: RPL's MPC controller (`mpc_controller.MPCController`, used by
 * `ResidualMPCPushEnv` with 10 expansions; spec fetch-tasks.md §6.3), planning with an exact private copy of
 * the Fetch simulator.
 *
 * @module
 */
import type { Env } from '../core/env.js';
import type { GoalObs } from '../core/goal-env.js';
import { compileOptionsValidator, type JsonSchema } from '../core/options.js';
import type { StateValue } from '../core/state.js';
import type { ActionInput } from '../core/types.js';
import { FetchEnv } from '../envs/fetch/fetch-env.js';
import type { FetchScene } from '../envs/fetch/fetch-scene.js';
import { GymError, InvalidState, ResetNeeded } from '../errors.js';
import { isRngState, Rng, type RngState } from '../random/rng.js';
import { FetchPlanningModel, type PlanningStats } from './mpc-push/fetch-model.js';
import { bestFirstPushSearch, PRIMITIVE_MOVES, type PushSearchResult } from './mpc-push/search.js';
import type { BasePolicy, PolicyResetContext } from './policy.js';

/** Node expansions per decision: RPL `ResidualMPCPushEnv` builds its controller with `num_expansions=10`. */
export const MPC_PUSH_EXPANSIONS = 10;
/** Upper bound of the `expansions` option: keeps one decision below a few seconds. */
export const MPC_PUSH_MAX_EXPANSIONS = 1000;
/** Name of the policy's random stream (forked from the reset seed). */
const TIE_BREAK_STREAM = 'mpc-push/tie-break';

/** Options of {@link MpcPushPolicy}. */
export interface MpcPushOptions {
  /** Node expansions per decision (default 10, RPL's setting). */
  readonly expansions?: number;
  /**
   * Reuse the previous decision's search tree when the base policy's own move was executed (default true).
   * Exact: it changes no decision, only the time (see {@link FetchPlanningModel}).
   */
  readonly reuseTree?: boolean;
}

/** JSON Schema of {@link MpcPushOptions}. */
export const MPC_PUSH_OPTIONS_SCHEMA: JsonSchema = Object.freeze({
  type: 'object',
  additionalProperties: false,
  properties: {
    expansions: { type: 'integer', minimum: 1, maximum: MPC_PUSH_MAX_EXPANSIONS },
    reuseTree: { type: 'boolean' },
  },
});

const validateOptions = compileOptionsValidator<MpcPushOptions>(MPC_PUSH_OPTIONS_SCHEMA);

/** The state of an {@link MpcPushPolicy}: its tie-breaking generator (null before the first reset). */
interface MpcPushState {
  readonly rng: StateValue;
}

/**
 * RPL's MPC push controller. Every `act(obs)`:
 * 1. reads the live env's full state with `env.unwrapped.getState()` (the env given to `reset`; it is never
 *    stepped, reset or restored) and loads its physics into a private copy of the Fetch scene;
 * 2. runs the best-first search of {@link bestFirstPushSearch} over the six primitive moves ±x, ±y, ±z
 *    (each a full 5 cm step), with RPL's heuristic (block–goal xy distance, then depth + gripper distance to
 *    a push point 5 cm behind the block, then a random tie-breaker) and `expansions` node expansions;
 * 3. returns the first move of the best node's plan as a new Float32Array(4), or zeros if no node beat the
 *    root. The finger command is always 0. `obs` is never mutated.
 *
 * The tie-breakers come from a generator seeded by the `reset` seed, so the policy is deterministic per seed;
 * `getState`/`setState` carry that generator, so a `ResidualWrapper` around the policy restores
 * bit-identically. `close()` frees the private simulator copy.
 *
 * Differences from RPL: RPL's environment multiplies the final action by 10 before clipping (so a residual
 * can saturate a move with 0.1); here the primitives are already the saturated ±1 moves and the residual env
 * adds 2·residual without the extra factor. RPL drew tie-breakers from numpy's global generator.
 *
 * @example
 * ```ts
 * const env = make<GoalObs, ActionInput>('Push-v0');
 * const policy = new MpcPushPolicy();
 * const { obs } = env.reset({ seed: 0 });
 * policy.reset({ seed: 0, env });
 * env.step(policy.act(obs)); // one of (±1,0,0,0), (0,±1,0,0), (0,0,±1,0) or zeros
 * policy.close();
 * ```
 */
export class MpcPushPolicy implements BasePolicy<GoalObs, ActionInput> {
  readonly name: string;
  /** Node expansions per decision. */
  readonly expansions: number;
  private readonly model: FetchPlanningModel;
  private rng: Rng | null = null;
  private live: FetchEnv | null = null;
  private closed = false;
  private last: PushSearchResult | null = null;

  /**
   * @param options - see {@link MpcPushOptions}
   * @throws InvalidOptions for unknown options or an out-of-range `expansions`
   */
  constructor(options: MpcPushOptions = {}) {
    const opts = validateOptions(options, 'MpcPushPolicy options');
    this.expansions = opts.expansions ?? MPC_PUSH_EXPANSIONS;
    this.model = new FetchPlanningModel(opts.reuseTree ?? true);
    this.name = `mpc-push(expansions=${this.expansions})`;
  }

  /**
   * Starts an episode: seeds the tie-breaker from `seed` and remembers the env to plan for.
   *
   * @throws GymError (`mpc_unsupported_env`) if `env` does not wrap a Fetch env; (`policy_closed`) after close
   */
  reset(ctx: PolicyResetContext<GoalObs, ActionInput>): void {
    this.assertOpen();
    const live = (ctx.env as Env<unknown, unknown>).unwrapped;
    if (!(live instanceof FetchEnv)) {
      throw new GymError(
        `MpcPushPolicy plans with a copy of a Fetch env, got ${String(live)}`,
        'mpc_unsupported_env',
      );
    }
    this.live = live;
    this.rng = Rng.fromSeed(ctx.seed).fork(TIE_BREAK_STREAM);
  }

  /**
   * The planned move for `obs` (a new Float32Array(4)).
   *
   * @throws ResetNeeded before the first `reset`; GymError (`policy_closed`) after `close`
   */
  act(obs: GoalObs): Float32Array {
    this.assertOpen();
    const live = this.live;
    const rng = this.rng;
    if (live === null || rng === null) {
      throw new ResetNeeded('MpcPushPolicy.act() needs reset({ seed, env }) first', 'policy_not_reset');
    }
    const root = this.model.beginDecision(live);
    const o = obs.observation;
    const result = bestFirstPushSearch(
      this.model,
      root,
      { grip: o.subarray(0, 3), block: o.subarray(3, 6) },
      obs.desired_goal,
      this.expansions,
      rng,
    );
    this.last = result;
    const out = new Float32Array(4);
    if (result.firstMove >= 0) out.set(PRIMITIVE_MOVES[result.firstMove]!);
    return out;
  }

  /** The result of the latest search (plan, heuristic, counts), or null before the first decision. */
  get lastSearch(): PushSearchResult | null {
    return this.last;
  }

  /** Cumulative planning work (memo hits, simulated env steps, restores). */
  get planningStats(): Readonly<PlanningStats> {
    return this.model.stats;
  }

  /** The private simulator copy (null before the first decision and after `close`); for tests. */
  get planningScene(): FetchScene | null {
    return this.model.planningScene;
  }

  /** The tie-breaking generator's state. */
  getState(): StateValue {
    const state: MpcPushState = { rng: this.rng ? (this.rng.getState() as unknown as StateValue) : null };
    return state as unknown as StateValue;
  }

  /**
   * Restores {@link MpcPushPolicy.getState}'s value (the tree memo is dropped; decisions are unaffected).
   *
   * @throws InvalidState for a malformed state
   */
  setState(state: StateValue): void {
    const s = state as Partial<MpcPushState> | null;
    if (typeof s !== 'object' || s === null || !('rng' in s) || (s.rng !== null && !isRngState(s.rng))) {
      throw new InvalidState('malformed MpcPushPolicy state', 'invalid_state');
    }
    this.rng = s.rng === null ? null : Rng.fromState(s.rng as unknown as RngState);
    this.model.clearMemo();
  }

  /** Frees the private simulator copy (idempotent); the policy cannot be used afterwards. */
  close(): void {
    this.model.free();
    this.live = null;
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new GymError('MpcPushPolicy was used after close()', 'policy_closed');
  }
}
