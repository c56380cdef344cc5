/**
 * Shapes shared by the vector envs: autoreset modes, env recipes, reset/step arguments and results, options.
 *
 * @module
 */
import type { Env } from '../core/env.js';
import type { Info, RenderFrame } from '../core/types.js';
import type { Space } from '../spaces/space.js';

/**
 * How a vector env restarts sub-envs whose episode ended (Gymnasium `AutoresetMode`).
 *
 * - `'next-step'` (default): the step after the one that ended an episode resets that sub-env instead of
 *   stepping it; its action is ignored and it returns the reset observation, reward 0, both flags false and
 *   the reset info.
 * - `'same-step'`: the ended sub-env is reset inside the same call; the returned observation is the reset
 *   observation, reward and flags are the final step's, and `info.final_obs` / `info.final_info` carry the
 *   true final observation and step info.
 * - `'disabled'`: sub-envs are never reset automatically; stepping an ended sub-env throws `ResetNeeded`, and
 *   the caller resets it with `reset({ options: { reset_mask } })`.
 */
export type AutoresetMode = 'next-step' | 'same-step' | 'disabled';

/** Named constants for {@link AutoresetMode} (`AutoresetMode.NEXT_STEP` as in Gymnasium). */
export const AutoresetMode = {
  /** See {@link AutoresetMode}. */
  NEXT_STEP: 'next-step',
  /** See {@link AutoresetMode}. */
  SAME_STEP: 'same-step',
  /** See {@link AutoresetMode}. */
  DISABLED: 'disabled',
} as const satisfies Record<string, AutoresetMode>;

/** Builds a sub-env with `make(id, options)` (inside the worker for async vector envs). */
export interface RegisteredEnvRecipe {
  /** A registered env id, e.g. `'Push-v0'`. Inside a worker only the built-in ids are registered. */
  readonly id: string;
  /** Options passed to `make` (structured-cloneable for async vector envs). */
  readonly options?: Readonly<Record<string, unknown>>;
}

/**
 * Builds a sub-env by calling a factory exported by an ES module: `(await import(module))[exportName](args)`.
 * This is how user-defined envs reach worker threads, which cannot receive functions.
 */
export interface ModuleEnvRecipe {
  /** The module's file URL (e.g. `new URL('./my-env.js', import.meta.url).href`). `.ts` works under tsx. */
  readonly module: string;
  /** Name of the exported factory `(args) => Env` (it may also return a Promise of an Env). */
  readonly exportName: string;
  /** The single argument passed to the factory (structured-cloneable). */
  readonly args?: unknown;
}

/** A serialisable description of how to build a sub-env. */
export type EnvRecipe = RegisteredEnvRecipe | ModuleEnvRecipe;

/** A function that builds a sub-env (Gymnasium's `env_fns` entries). */
export type EnvFactoryFn = () => Env<unknown, unknown>;

/** Arguments of a vector env's `reset`. */
export interface VectorResetArgs {
  /**
   * A number `s` seeds sub-env `i` with `s + i`; an array gives one seed per sub-env (`null`: not reseeded);
   * omitted: every sub-env continues its own stream.
   */
  readonly seed?: number | readonly (number | null)[];
  /**
   * Passed to every sub-env's `reset`. The key `reset_mask` (a boolean or 0/1 array of length `numEnvs`,
   * at least one set) resets only the selected sub-envs and is not passed on.
   */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** What a vector env's `reset` returns. */
export interface VectorResetResult<O> {
  /** Batched observations (sub-envs not selected by `reset_mask` keep their last observation). */
  readonly obs: O;
  /** Batched info: `info[key]` has one entry per sub-env and `info['_' + key]` marks which sub-envs set it. */
  readonly info: Info;
}

/** What a vector env's `step` returns. Flags are `Uint8Array`s of 0/1 (typed arrays have no boolean type). */
export interface VectorStepResult<O> {
  /** Batched observations (row `i` belongs to sub-env `i`). */
  readonly obs: O;
  /** One reward per sub-env. */
  readonly rewards: Float64Array;
  /** 1 where the sub-env reached a terminal state. */
  readonly terminations: Uint8Array;
  /** 1 where the sub-env's episode was cut (time limit). */
  readonly truncations: Uint8Array;
  /** Batched info (see {@link VectorResetResult.info}). */
  readonly info: Info;
}

/**
 * Actions accepted by a vector env's `step`: the batched form (for a Box action space a flat row-major typed
 * array or `number[]` of `numEnvs * actionDim` values; a Dict of batched arrays for a Dict space), or an
 * array with one single-env action per sub-env.
 */
export type VectorActions<A> = A | ArrayLike<number> | readonly unknown[];

/** Metadata of a vector env: sub-env 0's metadata plus the autoreset mode. */
export interface VectorMetadata {
  /** How ended sub-envs are restarted. */
  readonly autoresetMode: AutoresetMode;
  /** The sub-envs' render modes. */
  readonly renderModes: readonly string[];
  readonly [key: string]: unknown;
}

/**
 * How sub-env spaces must agree: `'same'` (default) requires equal spaces; `'different'` allows different
 * bounds as long as shapes and dtypes are equal.
 */
export type ObservationMode = 'same' | 'different';

/** Options of {@link SyncVectorEnv}. */
export interface VectorEnvOptions {
  /** Return fresh arrays from every call (default true); false reuses the same buffers between calls. */
  readonly copy?: boolean;
  /** How sub-env observation spaces must agree (default `'same'`). */
  readonly observationMode?: ObservationMode;
  /** Autoreset mode (default `'next-step'`). */
  readonly autoresetMode?: AutoresetMode;
}

/** Options of {@link AsyncVectorEnv}. */
export interface AsyncVectorEnvOptions extends VectorEnvOptions {
  /**
   * Longest time in milliseconds any synchronous wait (construction, `reset`, `step`, `call`, `*Wait` without
   * an explicit timeout) blocks before throwing `WorkerError` with code `'worker_timeout'` (default 120000).
   */
  readonly timeoutMs?: number;
}

/** Options of {@link AsyncVectorEnv.close} (and accepted by {@link SyncVectorEnv.close}). */
export interface VectorCloseOptions {
  /** Skip the graceful shutdown and terminate the workers at once (default false). */
  readonly terminate?: boolean;
  /** Milliseconds to wait for a pending call and for the sub-envs to close (default 1000). */
  readonly timeoutMs?: number;
}

/**
 * A batch of `numEnvs` copies of an env stepped together (Gymnasium `VectorEnv`). Both {@link SyncVectorEnv}
 * and {@link AsyncVectorEnv} implement it with identical results for identical seeds and actions.
 *
 * @typeParam O - batched observation type (e.g. a `GoalObs` whose arrays hold `numEnvs` rows)
 * @typeParam A - batched action type (e.g. `Float32Array` of `numEnvs * actionDim`)
 */
export interface VectorEnv<O = unknown, A = unknown> {
  /** Number of sub-envs. */
  readonly numEnvs: number;
  /** Observation space of one sub-env. */
  readonly singleObservationSpace: Space<unknown>;
  /** `batchSpace(singleObservationSpace, numEnvs)`: every batched observation belongs to it. */
  readonly observationSpace: Space<O>;
  /** Action space of one sub-env. */
  readonly singleActionSpace: Space<unknown>;
  /** `batchSpace(singleActionSpace, numEnvs)`. */
  readonly actionSpace: Space<A>;
  /** Sub-env 0's metadata plus `autoresetMode`. */
  readonly metadata: VectorMetadata;
  /** True once `close` has been called. */
  readonly closed: boolean;
  /** Resets all sub-envs (or those in `options.reset_mask`) and clears pending autoresets. */
  reset(args?: VectorResetArgs): VectorResetResult<O>;
  /** Steps every sub-env once, applying the autoreset mode. */
  step(actions: VectorActions<A>): VectorStepResult<O>;
  /** Renders every sub-env; null when no sub-env renders. */
  render(): RenderFrame[] | null;
  /** Calls method `name` of every sub-env with `args` (or reads the attribute if it is not a function). */
  call(name: string, ...args: unknown[]): unknown[];
  /** Reads attribute `name` of every sub-env. */
  getAttr(name: string): unknown[];
  /** Sets attribute `name` on every sub-env: `values` is one value per sub-env, or one value for all. */
  setAttr(name: string, values: unknown): void;
  /** Closes every sub-env (idempotent). */
  close(options?: VectorCloseOptions): void;
}
