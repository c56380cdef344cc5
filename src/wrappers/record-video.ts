/**
 * {@link RecordVideo}: Gymnasium's `RecordVideo` for residual-gym, writing each recorded episode as a PNG
 * sequence (`<folder>/<prefix>-episode-<n>/frame-00000.png`, one frame after reset and one per step).
 *
 * Frames come from `env.render()` when the env was made with `renderMode: 'rgb_array'`, and otherwise from an
 * {@link RgbRenderer} over the env's Rapier world, so the wrapper works on any env that exposes `physics.world`
 * whatever its render mode. Both need headless Chromium (see `src/render/browser.ts`).
 *
 * @module
 */
import { join } from 'node:path';
import type { Env } from '../core/env.js';
import type { ResetArgs, ResetResult, RgbFrame, StepResult } from '../core/types.js';
import { Wrapper } from '../core/wrapper.js';
import { GymError } from '../errors.js';
import { assertChromiumAvailable, type RgbRendererOptions } from '../render/browser.js';
import { writePng } from '../render/png.js';
import { RgbRenderer } from '../render/rgb-renderer.js';
import { goalOf, worldOf } from '../render/scene-description.js';

/** Episodes below this index are recorded on a cubic schedule (0, 1, 8, 27, ...), later ones every this many. */
export const CUBIC_SCHEDULE_CAP = 1000;

/** Gymnasium's `capped_cubic_video_schedule`: episodes 0, 1, 8, 27, ..., 729, then 1000, 2000, ... */
export function cappedCubicSchedule(episode: number): boolean {
  if (episode < CUBIC_SCHEDULE_CAP) {
    const root = Math.round(Math.cbrt(episode));
    return root ** 3 === episode;
  }
  return episode % CUBIC_SCHEDULE_CAP === 0;
}

/** Options of {@link RecordVideo}. */
export interface RecordVideoOptions extends RgbRendererOptions {
  /** Folder of the frame sequences (created when needed). */
  readonly folder: string;
  /** Which episodes (0-based) to record (default {@link cappedCubicSchedule}). */
  readonly episodeTrigger?: (episode: number) => boolean;
  /** Folder name prefix (default `'rl-video'`). */
  readonly namePrefix?: string;
  /** A renderer to share (it is not closed by this wrapper); default: one of its own, closed on `close()`. */
  readonly renderer?: RgbRenderer;
}

/** Digits of the frame numbers in file names. */
const FRAME_NUMBER_DIGITS = 5;

/**
 * Writes the frames of selected episodes as PNG files.
 *
 * @throws UnsupportedMode `chromium_missing` at construction when Chromium is not installed;
 *   GymError `not_physics_backed` when the env can neither render rgb_array frames nor expose a world
 */
export class RecordVideo<O, A> extends Wrapper<O, A> {
  /** Episodes started so far (the current one included). */
  episodeCount = 0;
  /** Folders written so far, one per recorded episode. */
  readonly recordedFolders: string[] = [];
  private readonly options: RecordVideoOptions;
  private renderer: RgbRenderer | null;
  private readonly ownsRenderer: boolean;
  private folder: string | null = null;
  private frameIndex = 0;

  /** @param options - output folder, episode selection, frame size */
  constructor(env: Env<O, A>, options: RecordVideoOptions) {
    super(env);
    if (typeof options?.folder !== 'string' || options.folder === '') {
      throw new GymError('RecordVideo needs an output folder', 'invalid_options', {
        folder: options?.folder,
      });
    }
    if (this.env.renderMode !== 'rgb_array') worldOf(this.unwrapped);
    assertChromiumAvailable();
    this.options = options;
    this.renderer = options.renderer ?? null;
    this.ownsRenderer = options.renderer === undefined;
  }

  /** True while the current episode is being recorded. */
  get recording(): boolean {
    return this.folder !== null;
  }

  /** Resets and, for a selected episode, writes its first frame. */
  override reset(args?: ResetArgs): ResetResult<O> {
    const r = this.env.reset(args);
    const episode = this.episodeCount++;
    const trigger = this.options.episodeTrigger ?? cappedCubicSchedule;
    if (trigger(episode)) {
      this.folder = join(this.options.folder, `${this.options.namePrefix ?? 'rl-video'}-episode-${episode}`);
      this.recordedFolders.push(this.folder);
      this.frameIndex = 0;
      this.writeFrame(r.obs);
    } else this.folder = null;
    return r;
  }

  /** Steps and, while recording, writes the frame after the step. */
  override step(action: A): StepResult<O> {
    const r = this.env.step(action);
    if (this.folder !== null) {
      this.writeFrame(r.obs);
      if (r.terminated || r.truncated) this.folder = null;
    }
    return r;
  }

  /** Closes the renderer (if it is this wrapper's own) and the env. */
  override close(): void {
    this.folder = null;
    if (this.ownsRenderer) this.renderer?.close();
    this.renderer = null;
    super.close();
  }

  private frame(obs: O): RgbFrame {
    if (this.env.renderMode === 'rgb_array') {
      const f = this.env.render();
      if (f === null || typeof f === 'string' || Array.isArray(f)) {
        throw new GymError('render() in rgb_array mode did not return one frame', 'render_failed');
      }
      return f as RgbFrame;
    }
    if (this.renderer === null) {
      this.renderer = new RgbRenderer({
        ...(this.options.width === undefined ? {} : { width: this.options.width }),
        ...(this.options.height === undefined ? {} : { height: this.options.height }),
        ...(this.options.describe === undefined ? {} : { describe: this.options.describe }),
      });
    }
    return this.renderer.render(worldOf(this.unwrapped), goalOf(obs));
  }

  private writeFrame(obs: O): void {
    const name = `frame-${String(this.frameIndex++).padStart(FRAME_NUMBER_DIGITS, '0')}.png`;
    writePng(join(this.folder!, name), this.frame(obs));
  }
}
