/**
 * Recording episodes as scene descriptions: the shapes once per episode, then one {@link SceneFrame} (poses of
 * the moving shapes, goal, reward, success) per step. A recording is plain JSON; the viewer replays it.
 *
 * @module
 */
import type { BasePolicy } from '../base-policies/policy.js';
import type { Env } from '../core/env.js';
import type { Info } from '../core/types.js';
import { GymError } from '../errors.js';
import type { World } from '../physics/rapier.js';
import {
  type DescribeOptions,
  goalOf,
  readPoses,
  type SceneFrame,
  type SceneShape,
  SceneTracker,
  worldOf,
} from './scene-description.js';

/** Format tag of {@link EpisodeRecording}. */
export const EPISODE_FORMAT = 'residual-gym/episode@1';

/** Frames per second used when the env's metadata has no `renderFps` (Fetch: one env step is 0.04 s). */
export const DEFAULT_RENDER_FPS_HZ = 25;

/** Upper bound on recorded steps when the env has no time limit (a safety net, not a task horizon). */
export const DEFAULT_MAX_RECORDED_STEPS = 1000;

/** One recorded episode: JSON-serialisable, replayed by the viewer. */
export interface EpisodeRecording {
  readonly format: typeof EPISODE_FORMAT;
  /** The env id (`spec.id`), or null for an env built without `make`. */
  readonly envId: string | null;
  /** Name of the policy that acted, or null if unknown. */
  readonly policy: string | null;
  /** The reset seed, or null if the episode was not seeded. */
  readonly seed: number | null;
  /** Playback rate, frames per second (one frame per env step). */
  readonly fps: number;
  /** The scene's colliders; poses in frames follow the order of the moving ones. */
  readonly shapes: readonly SceneShape[];
  /** Frame 0 is the reset state, frame k the state after step k. */
  readonly frames: readonly SceneFrame[];
}

/** What a recording stores about one step besides the poses. */
export interface FrameExtras {
  readonly step: number;
  readonly goal: readonly number[] | null;
  readonly reward: number | null;
  readonly success: boolean | null;
}

/** `info.is_success` as a boolean, or null when the info does not report it. */
export function successOf(info: Info): boolean | null {
  const s = info.is_success;
  if (typeof s === 'boolean') return s;
  if (typeof s === 'number') return s !== 0;
  return null;
}

/**
 * Collects the frames of one episode. {@link EpisodeRecorder.begin} describes the shapes (call it after
 * `reset`), {@link EpisodeRecorder.capture} appends a frame, {@link EpisodeRecorder.finish} returns the recording.
 */
export class EpisodeRecorder {
  private readonly tracker: SceneTracker;
  private shapes: readonly SceneShape[] = [];
  private frames: SceneFrame[] = [];
  private started = false;

  /** @param describe - role and colour overrides */
  constructor(describe: DescribeOptions = {}) {
    this.tracker = new SceneTracker(describe);
  }

  /** True between {@link EpisodeRecorder.begin} and {@link EpisodeRecorder.finish}. */
  get recording(): boolean {
    return this.started;
  }

  /** Number of frames captured so far in this episode. */
  get frameCount(): number {
    return this.frames.length;
  }

  /** Starts an episode: describes the world's shapes and captures frame 0. */
  begin(world: World, goal: readonly number[] | null): void {
    this.tracker.update(world);
    this.shapes = this.tracker.current.shapes;
    this.frames = [];
    this.started = true;
    this.capture(world, { step: 0, goal, reward: null, success: null });
  }

  /**
   * Appends the world's current poses as a frame.
   *
   * @throws GymError `not_recording` before {@link EpisodeRecorder.begin}; `scene_changed` if the world's shapes
   *   changed within the episode
   */
  capture(world: World, extras: FrameExtras): void {
    if (!this.started) throw new GymError('capture() before begin()', 'not_recording');
    if (this.tracker.update(world)) {
      throw new GymError(
        'the scene changed its shapes within an episode; recordings hold one shape set per episode',
        'scene_changed',
        { step: extras.step },
      );
    }
    this.frames.push({
      step: extras.step,
      poses: readPoses(world, this.shapes),
      goal: extras.goal === null ? null : [...extras.goal],
      reward: extras.reward,
      success: extras.success,
    });
  }

  /** Ends the episode and returns its recording. */
  finish(meta: {
    envId: string | null;
    policy: string | null;
    seed: number | null;
    fps: number;
  }): EpisodeRecording {
    this.started = false;
    const recording: EpisodeRecording = {
      format: EPISODE_FORMAT,
      envId: meta.envId,
      policy: meta.policy,
      seed: meta.seed,
      fps: meta.fps,
      shapes: this.shapes,
      frames: this.frames,
    };
    this.frames = [];
    return recording;
  }
}

/** Options of {@link recordEpisode}. */
export interface RecordEpisodeOptions {
  /** Reset seed (also passed to the policy). */
  readonly seed: number;
  /** Stop after this many steps even if the episode has not ended (default {@link DEFAULT_MAX_RECORDED_STEPS}). */
  readonly maxSteps?: number;
  /** Playback rate (default: `metadata.renderFps`, else {@link DEFAULT_RENDER_FPS_HZ}). */
  readonly fps?: number;
  /** Role and colour overrides. */
  readonly describe?: DescribeOptions;
}

/** What {@link recordEpisode} returns. */
export interface RecordedEpisode {
  readonly recording: EpisodeRecording;
  /** Sum of rewards. */
  readonly episodeReturn: number;
  /** `is_success` of the last step (false when never reported). */
  readonly success: boolean;
  /** Steps taken. */
  readonly steps: number;
}

/** The playback rate of `env`: `metadata.renderFps` when it is a positive number, else the default. */
export function fpsOf(env: Env<unknown, unknown>): number {
  const fps = env.metadata.renderFps;
  return typeof fps === 'number' && fps > 0 ? fps : DEFAULT_RENDER_FPS_HZ;
}

/**
 * Runs one episode of `policy` in `env` (any wrapper stack over a {@link PhysicsBacked} env) and records it.
 * The env is reset with `seed`; the episode ends at `terminated || truncated` or after `maxSteps`.
 *
 * @throws GymError `not_physics_backed` if the env exposes no Rapier world
 */
export function recordEpisode<O, A>(
  env: Env<O, A>,
  policy: BasePolicy<O, A>,
  options: RecordEpisodeOptions,
): RecordedEpisode {
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_RECORDED_STEPS;
  const recorder = new EpisodeRecorder(options.describe);
  const anyEnv = env as unknown as Env<unknown, unknown>;
  let { obs } = env.reset({ seed: options.seed });
  policy.reset({ seed: options.seed, env });
  recorder.begin(worldOf(anyEnv), goalOf(obs));
  let episodeReturn = 0;
  let success = false;
  let steps = 0;
  while (steps < maxSteps) {
    const result = env.step(policy.act(obs));
    obs = result.obs;
    steps++;
    episodeReturn += result.reward;
    const s = successOf(result.info);
    success = s ?? false;
    recorder.capture(worldOf(anyEnv), { step: steps, goal: goalOf(obs), reward: result.reward, success: s });
    if (result.terminated || result.truncated) break;
  }
  const recording = recorder.finish({
    envId: env.spec?.id ?? null,
    policy: policy.name,
    seed: options.seed,
    fps: options.fps ?? fpsOf(anyEnv),
  });
  return { recording, episodeReturn, success, steps };
}
