/**
 * {@link RecordEpisode}: a wrapper that records the scene of every (or every chosen) episode while an agent
 * runs, and hands out or writes each finished episode as a replay (HTML and/or JSON). It needs no browser.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '../core/env.js';
import type { ResetArgs, ResetResult, StepResult } from '../core/types.js';
import { Wrapper } from '../core/wrapper.js';
import { writeReplayHtml } from './html.js';
import { EpisodeRecorder, type EpisodeRecording, fpsOf, successOf } from './recorder.js';
import { type DescribeOptions, goalOf, worldOf } from './scene-description.js';

/** Options of {@link RecordEpisode}. */
export interface RecordEpisodeOptions {
  /** Folder to write finished episodes to (none: only {@link RecordEpisode.lastRecording} and `onEpisode`). */
  readonly folder?: string;
  /** What to write into `folder` (default `'html'`). */
  readonly format?: 'html' | 'json' | 'both';
  /** File name prefix (default `'episode'`): files are `<prefix>-<episode index>.html/.json`. */
  readonly namePrefix?: string;
  /** Which episodes (0-based) to record (default: every one). */
  readonly episodeTrigger?: (episode: number) => boolean;
  /** Called with each finished recording. */
  readonly onEpisode?: (recording: EpisodeRecording, episode: number) => void;
  /** Name stored as the recording's policy (default null). */
  readonly policyName?: string;
  /** Playback rate (default: the env's `metadata.renderFps`, else 25). */
  readonly fps?: number;
  /** Role and colour overrides. */
  readonly describe?: DescribeOptions;
}

/**
 * Records the scene per step (poses only; shapes once per episode) of the selected episodes. An episode is
 * complete at `terminated || truncated`; a `reset` in the middle of an episode completes it early.
 *
 * @throws GymError `not_physics_backed` at construction if the env exposes no Rapier world
 */
export class RecordEpisode<O, A> extends Wrapper<O, A> {
  /** The most recent finished recording (null before the first). */
  lastRecording: EpisodeRecording | null = null;
  /** Episodes started so far (the current one included). */
  episodeCount = 0;
  private readonly options: RecordEpisodeOptions;
  private readonly recorder: EpisodeRecorder;
  private seed: number | null = null;

  /** @param options - where and what to record */
  constructor(env: Env<O, A>, options: RecordEpisodeOptions = {}) {
    super(env);
    worldOf(this.env as unknown as Env<unknown, unknown>);
    this.options = options;
    this.recorder = new EpisodeRecorder(options.describe);
  }

  /** Completes an unfinished recording, resets, and starts recording if the episode is selected. */
  override reset(args?: ResetArgs): ResetResult<O> {
    if (this.recorder.recording) this.finishEpisode();
    const r = this.env.reset(args);
    const episode = this.episodeCount++;
    this.seed = args?.seed ?? null;
    if (this.options.episodeTrigger?.(episode) ?? true) {
      this.recorder.begin(worldOf(this.unwrapped), goalOf(r.obs));
    }
    return r;
  }

  /** Steps and records the new poses; the episode's recording completes when it ends. */
  override step(action: A): StepResult<O> {
    const r = this.env.step(action);
    if (this.recorder.recording) {
      this.recorder.capture(worldOf(this.unwrapped), {
        step: this.recorder.frameCount,
        goal: goalOf(r.obs),
        reward: r.reward,
        success: successOf(r.info),
      });
      if (r.terminated || r.truncated) this.finishEpisode();
    }
    return r;
  }

  /** Completes an episode in progress (if any), then closes the env. */
  override close(): void {
    if (this.recorder.recording) this.finishEpisode();
    super.close();
  }

  private finishEpisode(): void {
    const episode = this.episodeCount - 1;
    const recording = this.recorder.finish({
      envId: this.spec?.id ?? null,
      policy: this.options.policyName ?? null,
      seed: this.seed,
      fps: this.options.fps ?? fpsOf(this as unknown as Env<unknown, unknown>),
    });
    this.lastRecording = recording;
    const folder = this.options.folder;
    if (folder !== undefined) {
      const base = join(folder, `${this.options.namePrefix ?? 'episode'}-${episode}`);
      const format = this.options.format ?? 'html';
      if (format !== 'json') writeReplayHtml(`${base}.html`, recording);
      if (format !== 'html') {
        mkdirSync(folder, { recursive: true });
        writeFileSync(`${base}.json`, `${JSON.stringify(recording)}\n`);
      }
    }
    this.options.onEpisode?.(recording, episode);
  }
}
