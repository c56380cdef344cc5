import type { Env } from '../core/env.js';
import { isEnv } from '../core/env.js';
import type { Info, RenderFrame } from '../core/types.js';
import { ClosedEnvironmentError, GymError } from '../errors.js';
import { make } from '../registry/registry.js';
import type { Space } from '../spaces/space.js';
import { checkAutoresetMode, parseResetArgs, spreadValues } from './arguments.js';
import { type BatchLayout, batchLayout, splitActions, writeRow } from './batching.js';
import { VectorBuffers } from './buffers.js';
import { checkSubEnvSpaces } from './check-spaces.js';
import { addInfo } from './info.js';
import { endedSubEnvsError, SubEnv } from './sub-env.js';
import type {
  AutoresetMode,
  EnvFactoryFn,
  EnvRecipe,
  RegisteredEnvRecipe,
  VectorActions,
  VectorCloseOptions,
  VectorEnv,
  VectorEnvOptions,
  VectorMetadata,
  VectorResetArgs,
  VectorResetResult,
  VectorStepResult,
} from './types.js';

/**
 * Steps `numEnvs` sub-envs one after the other in the calling thread (Gymnasium `SyncVectorEnv`).
 * Results are bit-identical to stepping the envs one by one, and to {@link AsyncVectorEnv}.
 *
 * @example
 * ```ts
 * const envs = new SyncVectorEnv([() => make('Push-v0'), () => make('Push-v0')]);
 * const { obs } = envs.reset({ seed: 42 }); // sub-env i seeded with 42 + i
 * const r = envs.step(new Float32Array(2 * 4)); // numEnvs x actionDim, row-major
 * r.obs.observation; // Float64Array of 2 x 25
 * envs.close();
 * ```
 *
 * @typeParam O - batched observation type
 * @typeParam A - batched action type
 */
export class SyncVectorEnv<O = unknown, A = unknown> implements VectorEnv<O, A> {
  /** @inheritDoc */
  readonly numEnvs: number;
  /** @inheritDoc */
  readonly singleObservationSpace: Space<unknown>;
  /** @inheritDoc */
  readonly observationSpace: Space<O>;
  /** @inheritDoc */
  readonly singleActionSpace: Space<unknown>;
  /** @inheritDoc */
  readonly actionSpace: Space<A>;
  /** @inheritDoc */
  readonly metadata: VectorMetadata;
  /** The sub-envs (Gymnasium `envs`). */
  readonly envs: readonly Env<unknown, unknown>[];
  /** The autoreset mode. */
  readonly autoresetMode: AutoresetMode;
  /** Whether results are fresh copies. */
  readonly copy: boolean;
  private readonly subEnvs: SubEnv[];
  private readonly obsLayout: BatchLayout;
  private readonly actionLayout: BatchLayout;
  private readonly buffers: VectorBuffers;
  private closedValue = false;

  /**
   * @param envFns - one factory per sub-env (or a `{ id, options }` recipe, built with `make`)
   * @param options - copy, observationMode, autoresetMode
   * @throws GymError for an empty list, a module recipe (use {@link AsyncVectorEnv}), a factory that does not
   *   return an Env, disagreeing spaces, an unsupported space or autoreset mode
   */
  constructor(envFns: readonly (EnvFactoryFn | RegisteredEnvRecipe)[], options: VectorEnvOptions = {}) {
    if (!Array.isArray(envFns) || envFns.length === 0) {
      throw new GymError('SyncVectorEnv needs at least one env factory', 'no_envs');
    }
    this.autoresetMode = checkAutoresetMode(options.autoresetMode ?? 'next-step');
    this.copy = options.copy ?? true;
    const envs: Env<unknown, unknown>[] = [];
    try {
      for (const fn of envFns) envs.push(buildEnv(fn as EnvFactoryFn | EnvRecipe, envs.length));
      this.numEnvs = envs.length;
      const env0 = envs[0]!;
      this.singleObservationSpace = env0.observationSpace as Space<unknown>;
      this.singleActionSpace = env0.actionSpace as Space<unknown>;
      const n = this.numEnvs;
      checkSubEnvSpaces(
        envs.map((e) => e.observationSpace as Space<unknown>),
        envs.map((e) => e.actionSpace as Space<unknown>),
        options.observationMode ?? 'same',
        (s) => batchLayout(s, n),
      );
      this.obsLayout = batchLayout(this.singleObservationSpace, n);
      this.actionLayout = batchLayout(this.singleActionSpace, n);
    } catch (err) {
      for (const e of envs) e.close();
      throw err;
    }
    this.envs = Object.freeze(envs);
    this.observationSpace = this.obsLayout.batchedSpace as Space<O>;
    this.actionSpace = this.actionLayout.batchedSpace as Space<A>;
    this.metadata = Object.freeze({ ...envs[0]!.metadata, autoresetMode: this.autoresetMode });
    this.subEnvs = envs.map((e, i) => new SubEnv(e, i, this.autoresetMode));
    this.buffers = new VectorBuffers(this.obsLayout, false);
  }

  /** @inheritDoc */
  get closed(): boolean {
    return this.closedValue;
  }

  /**
   * Resets every sub-env (sub-env `i` with `seed + i`), or only those selected by `options.reset_mask`.
   *
   * @throws ClosedEnvironmentError after close; GymError/InvalidSeed for malformed arguments
   */
  reset(args?: VectorResetArgs): VectorResetResult<O> {
    this.assertOpen();
    const parsed = parseResetArgs(args, this.numEnvs);
    const info: Info = {};
    for (let i = 0; i < this.numEnvs; i++) {
      if (!parsed.mask[i]) continue;
      const r = this.subEnvs[i]!.reset(parsed.seeds[i], parsed.options);
      writeRow(this.obsLayout, this.buffers.obs, i, r.obs);
      this.buffers.rewards[i] = 0;
      this.buffers.terminations[i] = 0;
      this.buffers.truncations[i] = 0;
      addInfo(info, r.info, i, this.numEnvs);
    }
    return this.buffers.resetResult<O>(this.copy, info);
  }

  /**
   * Steps every sub-env with its row of `actions` and applies the autoreset mode.
   *
   * @param actions - batched (a flat row-major array of `numEnvs * actionDim` for a Box space) or one action
   *   per sub-env
   * @throws ClosedEnvironmentError after close; InvalidAction for malformed actions (before any sub-env
   *   steps); ResetNeeded in `'disabled'` mode if a sub-env ended and was not reset (before any sub-env
   *   steps); whatever a sub-env throws
   */
  step(actions: VectorActions<A>): VectorStepResult<O> {
    this.assertOpen();
    const rows = splitActions(this.actionLayout, actions);
    if (this.autoresetMode === 'disabled') {
      const ended = this.subEnvs.filter((s) => s.awaitingReset).map((s) => s.index);
      if (ended.length > 0) throw endedSubEnvsError(ended);
    }
    const info: Info = {};
    const b = this.buffers;
    for (let i = 0; i < this.numEnvs; i++) {
      const r = this.subEnvs[i]!.step(rows[i]);
      writeRow(this.obsLayout, b.obs, i, r.obs);
      b.rewards[i] = r.reward;
      b.terminations[i] = r.terminated ? 1 : 0;
      b.truncations[i] = r.truncated ? 1 : 0;
      if (r.finalObs !== undefined)
        addInfo(info, { final_obs: r.finalObs, final_info: r.finalInfo }, i, this.numEnvs);
      addInfo(info, r.info, i, this.numEnvs);
    }
    return b.stepResult<O>(this.copy, info);
  }

  /** @inheritDoc */
  render(): RenderFrame[] | null {
    this.assertOpen();
    const frames = this.subEnvs.map((s) => s.render());
    return frames.every((f) => f === null) ? null : (frames as RenderFrame[]);
  }

  /** @inheritDoc */
  call(name: string, ...args: unknown[]): unknown[] {
    this.assertOpen();
    return this.subEnvs.map((s) => s.call(name, args));
  }

  /** @inheritDoc */
  getAttr(name: string): unknown[] {
    this.assertOpen();
    return this.subEnvs.map((s) => s.call(name, []));
  }

  /**
   * @inheritDoc
   * @throws GymError if `values` is an array whose length is not `numEnvs`
   */
  setAttr(name: string, values: unknown): void {
    this.assertOpen();
    const per = spreadValues(values, this.numEnvs);
    for (let i = 0; i < this.numEnvs; i++) this.subEnvs[i]!.setAttr(name, per[i]);
  }

  /** Closes every sub-env; idempotent. */
  close(_options?: VectorCloseOptions): void {
    if (this.closedValue) return;
    this.closedValue = true;
    for (const s of this.subEnvs) s.close();
  }

  /** `using envs = new SyncVectorEnv(...)` closes at the end of the block. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** `SyncVectorEnv(<sub-env 0>, numEnvs)`. */
  toString(): string {
    return `SyncVectorEnv(${this.envs[0]!.toString()}, numEnvs=${this.numEnvs})`;
  }

  private assertOpen(): void {
    if (this.closedValue) {
      throw new ClosedEnvironmentError(`${this.toString()} was used after close()`, 'vector_env_closed');
    }
  }
}

/** Builds one sub-env from a factory or an id recipe. */
function buildEnv(fn: EnvFactoryFn | EnvRecipe, index: number): Env<unknown, unknown> {
  let env: unknown;
  if (typeof fn === 'function') {
    env = fn();
  } else if (typeof fn === 'object' && fn !== null && 'id' in fn && typeof fn.id === 'string') {
    env = make(fn.id, (fn.options ?? {}) as Record<string, unknown>);
  } else if (typeof fn === 'object' && fn !== null && 'module' in fn) {
    throw new GymError(
      `SyncVectorEnv cannot import module recipes synchronously (sub-env ${index}); pass a factory function or use AsyncVectorEnv`,
      'module_recipe_in_sync',
      { index },
    );
  } else {
    throw new GymError(
      `sub-env ${index}: expected a factory () => Env or an { id, options } recipe`,
      'invalid_env_fn',
      {
        index,
      },
    );
  }
  if (!isEnv(env)) {
    throw new GymError(`the factory of sub-env ${index} did not return an Env`, 'invalid_env_fn', { index });
  }
  return env;
}
