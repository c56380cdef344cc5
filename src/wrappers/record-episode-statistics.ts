import type { Env } from '../core/env.js';
import type { ResetArgs, ResetResult, StepResult } from '../core/types.js';
import { Wrapper } from '../core/wrapper.js';
import { GymError } from '../errors.js';

/** Statistics of one finished episode. */
export interface EpisodeStatistics {
  /** Return (sum of rewards). */
  readonly r: number;
  /** Length in steps. */
  readonly l: number;
  /** Wall-clock seconds (6 decimals). Diagnostics only: never feeds back into the env. */
  readonly t: number;
}

/** Options of {@link RecordEpisodeStatistics}. */
export interface RecordEpisodeStatisticsOptions {
  /** How many recent episodes the queues keep (default 100). */
  readonly bufferLength?: number;
  /** Info key of the statistics (default `'episode'`). */
  readonly statsKey?: string;
}

/**
 * Adds `info[statsKey] = { r, l, t }` on the step that ends an episode, and keeps bounded queues of recent
 * returns, lengths and times (Gymnasium `RecordEpisodeStatistics`).
 */
export class RecordEpisodeStatistics<O, A> extends Wrapper<O, A> {
  /** Returns of the most recent episodes. */
  readonly returnQueue: number[] = [];
  /** Lengths of the most recent episodes. */
  readonly lengthQueue: number[] = [];
  /** Wall-clock durations of the most recent episodes. */
  readonly timeQueue: number[] = [];
  /** Number of finished episodes. */
  episodeCount = 0;
  private readonly bufferLength: number;
  private readonly statsKey: string;
  private episodeReturn = 0;
  private episodeLength = 0;
  private startTime = performance.now();

  constructor(env: Env<O, A>, options: RecordEpisodeStatisticsOptions = {}) {
    super(env);
    this.bufferLength = options.bufferLength ?? 100;
    this.statsKey = options.statsKey ?? 'episode';
  }

  override reset(args?: ResetArgs): ResetResult<O> {
    const r = this.env.reset(args);
    this.episodeReturn = 0;
    this.episodeLength = 0;
    this.startTime = performance.now();
    return r;
  }

  override step(action: A): StepResult<O> {
    const r = this.env.step(action);
    this.episodeReturn += r.reward;
    this.episodeLength++;
    if (!(r.terminated || r.truncated)) return r;
    if (this.statsKey in r.info) {
      throw new GymError(`info already has a '${this.statsKey}' key`, 'stats_key_taken');
    }
    const seconds = (performance.now() - this.startTime) / 1000;
    const stats: EpisodeStatistics = {
      r: this.episodeReturn,
      l: this.episodeLength,
      t: Number(seconds.toFixed(6)),
    };
    this.push(this.returnQueue, stats.r);
    this.push(this.lengthQueue, stats.l);
    this.push(this.timeQueue, stats.t);
    this.episodeCount++;
    return { ...r, info: { ...r.info, [this.statsKey]: stats } };
  }

  private push(queue: number[], value: number): void {
    queue.push(value);
    if (queue.length > this.bufferLength) queue.shift();
  }
}
