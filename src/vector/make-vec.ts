import '../registry/builtin.js'; // so that built-in ids resolve here as they do inside the workers
import { GymError } from '../errors.js';
import { type MakeOptions, make, spec } from '../registry/registry.js';
import { AsyncVectorEnv } from './async-vector-env.js';
import { SyncVectorEnv } from './sync-vector-env.js';
import type { AutoresetMode, ObservationMode, VectorEnv } from './types.js';

/** Options of {@link makeVec}: the vector options below; every other key is passed to `make` for each sub-env. */
export interface MakeVecOptions extends MakeOptions {
  /** Number of sub-envs (default 1). */
  readonly numEnvs?: number;
  /** `'sync'` (default): {@link SyncVectorEnv}; `'async'`: {@link AsyncVectorEnv}, one worker thread per sub-env. */
  readonly mode?: 'sync' | 'async';
  /** Autoreset mode (default `'next-step'`). */
  readonly autoresetMode?: AutoresetMode;
  /** Return fresh arrays from every call (default true). */
  readonly copy?: boolean;
  /** How sub-env observation spaces must agree (default `'same'`). */
  readonly observationMode?: ObservationMode;
  /** Async mode: limit of every synchronous wait in milliseconds (default 120000). */
  readonly timeoutMs?: number;
}

const VECTOR_KEYS = ['numEnvs', 'mode', 'autoresetMode', 'copy', 'observationMode', 'timeoutMs'] as const;

/**
 * Builds a vector env of `numEnvs` copies of a registered env, each made with `make(id, makeOptions)`
 * (Gymnasium `make_vec`). In `'async'` mode every sub-env is made inside its own worker thread, where only the
 * built-in ids are registered (use {@link AsyncVectorEnv} with module recipes for user-defined envs) and the
 * make options must be structured-cloneable.
 *
 * @example
 * ```ts
 * const envs = makeVec('Push-v0', { numEnvs: 4, mode: 'async' });
 * const { obs } = envs.reset({ seed: 0 });
 * envs.close();
 * ```
 * @throws UnregisteredEnv subclasses for an unknown id; GymError for a bad `numEnvs` or `mode`; whatever
 *   the vector env's constructor throws
 */
export function makeVec<O = unknown, A = unknown>(id: string, options: MakeVecOptions = {}): VectorEnv<O, A> {
  if (typeof options !== 'object' || options === null) {
    throw new GymError('makeVec() options must be an object', 'invalid_options');
  }
  const numEnvs = options.numEnvs ?? 1;
  if (!Number.isSafeInteger(numEnvs) || numEnvs < 1) {
    throw new GymError(`numEnvs must be a positive integer, got ${String(numEnvs)}`, 'invalid_num_envs', {
      numEnvs,
    });
  }
  const mode = options.mode ?? 'sync';
  if (mode !== 'sync' && mode !== 'async') {
    throw new GymError(`mode must be 'sync' or 'async', got ${String(mode)}`, 'invalid_vector_mode', {
      mode,
    });
  }
  spec(id); // fail fast, in the caller's thread, on an unknown id
  const makeOptions: Record<string, unknown> = { ...options };
  for (const k of VECTOR_KEYS) delete makeOptions[k];
  const vectorOptions = {
    autoresetMode: options.autoresetMode,
    copy: options.copy,
    observationMode: options.observationMode,
  };
  if (mode === 'sync') {
    const fns = Array.from({ length: numEnvs }, () => () => make(id, makeOptions));
    return new SyncVectorEnv<O, A>(fns, vectorOptions);
  }
  const recipes = Array.from({ length: numEnvs }, () => ({ id, options: makeOptions }));
  return new AsyncVectorEnv<O, A>(recipes, { ...vectorOptions, timeoutMs: options.timeoutMs });
}
