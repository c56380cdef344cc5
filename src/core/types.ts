/**
 * Shapes of the values that cross the env API: reset/step results, infos, metadata, actions.
 *
 * @module
 */

/** Diagnostics returned by `reset` and `step`; keys are snake_case as in Gymnasium (`is_success`). */
export type Info = Record<string, unknown>;

/** Arguments of `reset`: an optional seed (non-negative safe integer) and env-specific options. */
export interface ResetArgs {
  /** Re-seeds the env's generator; omit to continue the current stream. */
  readonly seed?: number;
  /** Env-specific options (unknown keys are ignored, known keys are validated). */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** What `reset` returns. */
export interface ResetResult<O> {
  /** The first observation of the episode. */
  readonly obs: O;
  /** Diagnostics (always an object, possibly empty). */
  readonly info: Info;
}

/** What `step` returns. */
export interface StepResult<O> {
  /** The observation after the step. */
  readonly obs: O;
  /** The (finite) reward of the transition. */
  readonly reward: number;
  /** The MDP reached a terminal state: stop bootstrapping. */
  readonly terminated: boolean;
  /** The episode was cut for a reason outside the MDP (time limit): bootstrapping continues from `obs`. */
  readonly truncated: boolean;
  /** Diagnostics, e.g. `is_success`. */
  readonly info: Info;
}

/** Actions accepted by Box-action envs: a float array of the right length. */
export type ActionInput = Float32Array | Float64Array | readonly number[];

/** Static description of an env class. */
export interface EnvMetadata {
  /** Every render mode that `renderMode` may take (possibly empty). */
  readonly renderModes: readonly string[];
  /** Frames per second of rendered episodes (set when `renderModes` is non-empty). */
  readonly renderFps?: number;
  readonly [key: string]: unknown;
}

/** One rendered RGB frame: `data` is row-major H x W x 3 uint8. */
export interface RgbFrame {
  readonly data: Uint8Array;
  readonly shape: readonly [number, number, 3];
}

/** Anything `render()` may return for the supported modes. */
export type RenderFrame = RgbFrame | string;
