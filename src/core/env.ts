import {
  assertValidSeed,
  ClosedEnvironmentError,
  GymError,
  InvalidState,
  PhysicsError,
  ResetNeeded,
} from '../errors.js';
import { Rng } from '../random/rng.js';
import type { Space } from '../spaces/space.js';
import type { EnvSpec } from './env-spec.js';
import { assertEnvState, type EnvState, type StateValue } from './state.js';
import type { EnvMetadata, RenderFrame, ResetArgs, ResetResult, StepResult } from './types.js';

/**
 * The environment interface of residual-gym: Gymnasium's `Env` with TypeScript names and named results.
 *
 * A task subclasses `Env` (or {@link GoalEnv}) and implements `reset`, `step`, `close` and the two state hooks.
 * `reset` must start with `const options = this.beginReset(args)` (the analogue of Python's
 * `super().reset(seed=seed)`), which validates the seed and reseeds {@link Env.rng}; `step` must start with
 * `this.assertCanStep()`.
 *
 * @typeParam O - observation type
 * @typeParam A - action type accepted by `step`
 */
export abstract class Env<O, A> {
  /** The space every observation belongs to. */
  abstract readonly observationSpace: Space<O>;
  /** The space of valid actions (finite values outside a Box's bounds are clipped, not rejected). */
  abstract readonly actionSpace: Space<A>;
  private metadataValue: EnvMetadata = { renderModes: [] };
  private specValue: EnvSpec | null = null;
  /** Backing field of {@link Env.renderMode}; set it in the constructor. */
  protected renderModeValue: string | null = null;

  private rngValue: Rng | null = null;
  private rngSeedValue = -1;
  private hasResetValue = false;
  private closedValue = false;
  /** Steps taken since the last reset (maintained by {@link Env.countStep}). */
  protected stepCount = 0;
  /**
   * True after a {@link PhysicsError} in this episode: `step` refuses with ResetNeeded until `reset`. Physics
   * envs set it through {@link Env.failPhysics} and keep it in their task state.
   */
  protected physicsBroken = false;

  /** Starts a new episode. */
  abstract reset(args?: ResetArgs): ResetResult<O>;
  /** Advances the episode by one action. */
  abstract step(action: A): StepResult<O>;

  /** Static information about the env class (render modes, fps, ...). */
  get metadata(): EnvMetadata {
    return this.metadataValue;
  }
  set metadata(value: EnvMetadata) {
    this.metadataValue = value;
  }

  /** Render mode fixed at construction (null: no rendering). */
  get renderMode(): string | null {
    return this.renderModeValue;
  }

  /** The registration record, set by `make`; null when the env was constructed directly. */
  get spec(): EnvSpec | null {
    return this.specValue;
  }
  set spec(value: EnvSpec | null) {
    this.specValue = value;
  }

  /**
   * The env's generator (Gymnasium's `np_random`). Created from OS entropy on first use if the env was never
   * seeded; `reset({ seed })` replaces it.
   */
  get rng(): Rng {
    if (this.rngValue === null) this.rngValue = Rng.fromEntropy();
    return this.rngValue;
  }

  /** Replaces the generator (the seed is then unknown: `rngSeed` becomes -1). */
  set rng(value: Rng) {
    this.rngValue = value;
    this.rngSeedValue = -1;
  }

  /** The seed of the current generator, or -1 if it was assigned directly or created from entropy. */
  get rngSeed(): number {
    return this.rngSeedValue;
  }

  /** True once `reset` has been called. */
  get hasReset(): boolean {
    return this.hasResetValue;
  }

  /** True once `close` has been called. */
  get closed(): boolean {
    return this.closedValue;
  }

  /** The innermost env (itself for an unwrapped env). */
  get unwrapped(): Env<unknown, unknown> {
    return this as Env<unknown, unknown>;
  }

  /** Renders according to `renderMode`; null when no render mode is set. */
  render(): RenderFrame | RenderFrame[] | null {
    return null;
  }

  /** Releases resources (physics worlds, workers). Idempotent. */
  close(): void {
    if (this.closedValue) return;
    this.closedValue = true;
    this.onClose();
  }

  /** `using env = make(...)` closes the env at the end of the block. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Frees the env's own resources; called once by {@link Env.close}. */
  protected onClose(): void {}

  /**
   * The common first half of `reset`: checks the env is open, validates and applies the seed (a seed
   * replaces the generator; no seed continues the current stream), resets the step counter.
   *
   * @returns the reset options (an empty object if none were given)
   * @throws ClosedEnvironmentError after `close`; InvalidSeed for a bad seed; GymError for non-object options
   */
  protected beginReset(args: ResetArgs | undefined): Readonly<Record<string, unknown>> {
    this.assertOpen();
    if (args !== undefined && (typeof args !== 'object' || args === null)) {
      throw new GymError('reset() takes an object { seed?, options? }', 'invalid_reset_args', { args });
    }
    const options = args?.options ?? {};
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new GymError('reset options must be a plain object', 'invalid_reset_options', { options });
    }
    if (args?.seed !== undefined) {
      const seed = assertValidSeed(args.seed);
      this.rngValue = Rng.fromSeed(seed);
      this.rngSeedValue = seed;
    }
    this.hasResetValue = true;
    this.stepCount = 0;
    this.physicsBroken = false;
    return options;
  }

  /**
   * The common first half of `step`.
   *
   * @throws ClosedEnvironmentError after `close`; ResetNeeded before the first `reset` and after the physics
   *   blew up in this episode
   */
  protected assertCanStep(): void {
    if (this.closedValue) this.throwClosed();
    if (!this.hasResetValue) {
      throw new ResetNeeded('Cannot call env.step() before calling env.reset()', 'step_before_reset');
    }
    if (this.physicsBroken) {
      throw new ResetNeeded('the physics blew up in this episode; call reset()', 'physics_broken');
    }
  }

  /**
   * For the `catch` of a physics step: a {@link PhysicsError} ends the episode (later steps throw ResetNeeded
   * until `reset`); every error is rethrown unchanged.
   */
  protected failPhysics(err: unknown): never {
    if (err instanceof PhysicsError) this.physicsBroken = true;
    throw err;
  }

  /** Counts one step (call after the physics succeeded). */
  protected countStep(): void {
    this.stepCount++;
  }

  /** @throws ClosedEnvironmentError if the env was closed */
  protected assertOpen(): void {
    if (this.closedValue) this.throwClosed();
  }

  private throwClosed(): never {
    throw new ClosedEnvironmentError(`${this.toString()} was used after close()`, 'env_closed');
  }

  /**
   * Identity of this env's dynamics: the class plus anything in its configuration that changes the
   * physics. States only restore into envs of the same kind. Override when the configuration matters.
   */
  get stateKind(): string {
    return this.constructor.name;
  }

  /** The task-specific part of the state (physics snapshot, goal, ...). */
  protected abstract getTaskState(): StateValue;
  /** Restores what {@link Env.getTaskState} returned. Must validate it and throw InvalidState if malformed. */
  protected abstract setTaskState(task: StateValue): void;

  /** A full snapshot: restoring it with {@link Env.setState} continues bit-identically. */
  getState(): EnvState {
    this.assertOpen();
    return {
      format: 'residual-gym/env-state@1',
      envKind: this.stateKind,
      core: {
        rng: this.rngValue ? this.rngValue.getState() : null,
        rngSeed: this.rngSeedValue,
        elapsedSteps: this.stepCount,
        hasReset: this.hasResetValue,
      },
      task: this.getTaskState(),
      wrappers: [],
    };
  }

  /**
   * Restores a snapshot taken with {@link Env.getState} on an env of the same kind.
   *
   * @throws InvalidState for a state of another env kind, with wrapper layers, or malformed
   */
  setState(state: EnvState): void {
    this.assertOpen();
    assertEnvState(state);
    if (state.envKind !== this.stateKind) {
      throw new InvalidState(
        `state belongs to '${state.envKind}', cannot restore it into '${this.stateKind}'`,
        'state_env_mismatch',
        { expected: this.stateKind, got: state.envKind },
      );
    }
    if (state.wrappers.length !== 0) {
      throw new InvalidState(
        `state carries wrapper layers (${state.wrappers.map((w) => w.name).join(', ')}); restore it through the same wrapper stack`,
        'state_wrapper_mismatch',
      );
    }
    this.setTaskState(state.task);
    const core = state.core;
    if (core.rng === null) {
      this.rngValue = null;
    } else {
      const rng = this.rngValue ?? Rng.fromSeed(0);
      rng.setState(core.rng);
      this.rngValue = rng;
    }
    this.rngSeedValue = core.rngSeed;
    this.stepCount = core.elapsedSteps;
    this.hasResetValue = core.hasReset;
  }

  /** `<ClassName<Id>>` or `<ClassName instance>`. */
  toString(): string {
    return this.spec ? `<${this.constructor.name}<${this.spec.id}>>` : `<${this.constructor.name} instance>`;
  }
}

/** True if `value` is an env (an instance of {@link Env}). */
export function isEnv(value: unknown): value is Env<unknown, unknown> {
  return value instanceof Env;
}
