/**
 * residual-gym: deterministic Rapier versions of the Residual Policy Learning tasks (Silver et al., 2018)
 * behind a Gymnasium-style API, with their base policies and {@link ResidualWrapper}.
 *
 * Importing the package registers every built-in id, so `make('ResidualSlipperyPush-v0')` works at once.
 *
 * @example
 * ```ts
 * import { make } from 'residual-gym';
 * const env = make('ResidualSlipperyPush-v0');
 * let { obs } = env.reset({ seed: 0 });
 * const r = env.step(new Float32Array(4)); // zero residual: the base policy acts alone
 * ```
 *
 * @module
 */
import './registry/builtin.js';

// Base policies
export {
  createPusherDatabasePolicy,
  DatabasePolicy,
  type ObservationActionTable,
  shippedPusherDatabase,
} from './base-policies/database-policy.js';
export { HookPolicy } from './base-policies/hook.js';
export { type CemMpcOptions, CemMpcPolicy, type StepCost } from './base-policies/mpc/cem-mpc-policy.js';
export {
  type BatchStepModel,
  type DynamicsModel,
  type ModelRoot,
  StepwiseModel,
} from './base-policies/mpc/dynamics-model.js';
export {
  createPusherCemMpcPolicy,
  type PusherCemMpcOptions,
  type PusherMisspecification,
  pusherPlanningCost,
  pusherSimulatorModel,
} from './base-policies/mpc/pusher-mpc.js';
export { SimulatorModel, type SimulatorModelInit } from './base-policies/mpc/simulator-model.js';
export {
  MPC_PUSH_OPTIONS_SCHEMA,
  type MpcPushOptions,
  MpcPushPolicy,
} from './base-policies/mpc-push.js';
export { OscillatingPickAndPlacePolicy, PickAndPlacePolicy } from './base-policies/pick-and-place.js';
export type { BasePolicy, PolicyResetContext } from './base-policies/policy.js';
export { RandomPolicy } from './base-policies/random-policy.js';
export {
  type BasePolicyFactory,
  basePolicyNames,
  makeBasePolicy,
  registerBasePolicy,
  ZeroPolicy,
} from './base-policies/registry.js';
export {
  CALIBRATED_BLOCK_WIDTH_M,
  MISCALIBRATED_BLOCK_WIDTH_M,
  SCRIPTED_PUSH_OPTIONS_SCHEMA,
  type ScriptedPushOptions,
  ScriptedPushPolicy,
} from './base-policies/scripted-push.js';
// Checks
export { type CheckEnvOptions, checkEnv, hashValue, rolloutHash } from './check/check-env.js';
export { CheckReport } from './check/passive-checks.js';
// Core
export { clipBoxAction } from './core/action.js';
export { Env, isEnv } from './core/env.js';
export { type EnvFactory, EnvSpec, type EnvSpecInit, parseEnvId, type WrapperSpec } from './core/env-spec.js';
export { GOAL_OBS_KEYS, GoalEnv, type GoalObs, type GoalObsSpaces } from './core/goal-env.js';
export { compileOptionsValidator, type JsonSchema, type OptionsValidator } from './core/options.js';
export {
  type CoreState,
  deserializeEnvState,
  type EnvState,
  type StateValue,
  serializeEnvState,
  type WrapperState,
} from './core/state.js';
export type {
  ActionInput,
  EnvMetadata,
  Info,
  RenderFrame,
  ResetArgs,
  ResetResult,
  RgbFrame,
  StepResult,
} from './core/types.js';
export { ActionWrapper, ObservationWrapper, RewardWrapper, Wrapper } from './core/wrapper.js';
// Tasks
export {
  FETCH_ENV_OPTIONS_SCHEMA,
  FetchEnv,
  type FetchEnvOptions,
  goalDistance,
} from './envs/fetch/fetch-env.js';
export { PickAndPlaceEnv } from './envs/fetch/pick-and-place.js';
export { PushEnv } from './envs/fetch/push.js';
export { SlipperyPushEnv } from './envs/fetch/slippery-push.js';
export { ComplexHookEnv, type ComplexHookEnvOptions, complexHookLibrary } from './envs/hook/complex-hook.js';
export { HookEnv } from './envs/hook/hook.js';
export { HookEnvBase, type HookEnvOptions, type HookRewardType } from './envs/hook/hook-env.js';
export { NoisyHookEnv, type NoisyHookEnvOptions } from './envs/hook/noisy-hook.js';
export { MbrlPusherEnv, type MbrlPusherOptions } from './envs/pusher/mbrl-pusher.js';
// Errors
export {
  AlreadyPendingCallError,
  ClosedEnvironmentError,
  DeprecatedEnv,
  type ErrorDetails,
  GymError,
  InvalidAction,
  InvalidBound,
  InvalidMetadata,
  InvalidOptions,
  InvalidSeed,
  InvalidState,
  NameNotFound,
  NamespaceNotFound,
  NoAsyncCallError,
  PhysicsError,
  RegistrationError,
  ResetNeeded,
  UnregisteredEnv,
  UnsupportedMode,
  VersionNotFound,
  WorkerError,
} from './errors.js';
// Evaluation
export {
  type ActFn,
  type EpisodeOutcome,
  type EvaluateOptions,
  type EvaluationSummary,
  evaluatePolicy,
} from './evaluation/evaluate.js';
export { median, type ProportionInterval, wilsonInterval } from './evaluation/wilson.js';
export { type LogLevel, type LogSink, logger } from './logger.js';
export { TrajectoryHash } from './physics/trajectory-hash.js';
export { isRngState, Rng, type RngState } from './random/rng.js';
// Registry
export { builtinEnvSpecs, PAPER_BASE_POLICIES, taskEnvSpecs } from './registry/builtin.js';
export {
  envIds,
  type MakeOptions,
  make,
  prettyPrintRegistry,
  register,
  registry,
  spec,
  unregister,
} from './registry/registry.js';
// Rendering (three.js and playwright-core are loaded lazily, never by this import)
export { AsyncRgbRenderer } from './render/async-rgb-renderer.js';
export { EnvRenderer } from './render/env-renderer.js';
export { writeReplayHtml } from './render/html.js';
export { LiveViewer } from './render/live-server.js';
export { encodePng, writePng } from './render/png.js';
export { RecordEpisode } from './render/record-episode.js';
export { type EpisodeRecording, recordEpisode } from './render/recorder.js';
export { RgbRenderer, renderRgbFrame } from './render/rgb-renderer.js';
export {
  describeWorld,
  isPhysicsBacked,
  type PhysicsBacked,
  type SceneDescription,
  type SceneFrame,
  type SceneShape,
  worldOf,
} from './render/scene-description.js';
// Spaces and vector envs
export * from './spaces/index.js';
export * from './vector/index.js';
// Wrappers
export { Autoreset } from './wrappers/autoreset.js';
export { ClipAction } from './wrappers/clip-action.js';
export { PassiveEnvChecker } from './wrappers/env-checker.js';
export { FlattenObservation } from './wrappers/flatten-observation.js';
export { OrderEnforcing, type OrderEnforcingOptions } from './wrappers/order-enforcing.js';
export {
  type EpisodeStatistics,
  RecordEpisodeStatistics,
  type RecordEpisodeStatisticsOptions,
} from './wrappers/record-episode-statistics.js';
export { RecordVideo, type RecordVideoOptions } from './wrappers/record-video.js';
export { RescaleAction } from './wrappers/rescale-action.js';
export { ResidualWrapper, type ResidualWrapperOptions } from './wrappers/residual.js';
export { TimeLimit } from './wrappers/time-limit.js';
