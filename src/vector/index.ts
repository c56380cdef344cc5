/**
 * Vector envs: {@link SyncVectorEnv} (in-thread) and {@link AsyncVectorEnv} (one worker thread per sub-env)
 * with identical synchronous `reset`/`step`, and {@link makeVec}.
 *
 * @module
 */
export { AsyncVectorEnv, DEFAULT_TIMEOUT_MS } from './async-vector-env.js';
export { addInfo } from './info.js';
export { type MakeVecOptions, makeVec } from './make-vec.js';
export { SyncVectorEnv } from './sync-vector-env.js';
export {
  type AsyncVectorEnvOptions,
  AutoresetMode,
  type EnvFactoryFn,
  type EnvRecipe,
  type ModuleEnvRecipe,
  type ObservationMode,
  type RegisteredEnvRecipe,
  type VectorActions,
  type VectorCloseOptions,
  type VectorEnv,
  type VectorEnvOptions,
  type VectorMetadata,
  type VectorResetArgs,
  type VectorResetResult,
  type VectorStepResult,
} from './types.js';
