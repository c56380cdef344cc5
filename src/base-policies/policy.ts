import type { Env } from '../core/env.js';
import type { StateValue } from '../core/state.js';

/** What a base policy receives at the start of every episode. */
export interface PolicyResetContext<O, A> {
  /** The episode's seed: all of the policy's randomness (tie-breaking, sampling) must derive from it. */
  readonly seed: number;
  /**
   * The env the policy acts in. Planning policies may read its state with `getState()` and roll out a
   * private copy; they must never step or restore this env itself.
   */
  readonly env: Env<O, A>;
}

/**
 * A controller π(s) for the residual MDP: the agent acts with π(s) + f(s). `act` is deterministic given the
 * observation and the policy's state (any randomness comes from the reset seed), and never mutates `obs`.
 *
 * @typeParam O - observation type
 * @typeParam A - action type (the env's)
 */
export interface BasePolicy<O, A> {
  /** Display name used in tables and results (e.g. `'scripted-push(width=0.15)'`). */
  readonly name: string;
  /** Prepares the policy for a new episode. */
  reset(ctx: PolicyResetContext<O, A>): void;
  /** The action for `obs`; never mutates `obs`. */
  act(obs: O): A;
  /** Internal state (for `ResidualWrapper.getState`); omit for stateless policies. */
  getState?(): StateValue;
  /** Restores {@link BasePolicy.getState}'s value. */
  setState?(state: StateValue): void;
  /** Releases resources (planning copies of the simulator). */
  close?(): void;
}
