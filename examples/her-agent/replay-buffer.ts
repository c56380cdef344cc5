/**
 * Episode replay buffer with Hindsight Experience Replay, "future" strategy (baselines `her/replay_buffer.py`
 * and `her/her_sampler.py`): a sampled transition keeps its goal with probability 1/(1+k) and otherwise gets
 * the achieved goal of a later step of the same episode; its reward is recomputed with the env's
 * `computeReward`.
 *
 * @module
 */
import type { Rng } from 'residual-gym';

/** Sizes of the stored arrays. */
export interface EpisodeShape {
  /** Steps per episode (T). */
  readonly horizon: number;
  /** Length of `observation`. */
  readonly obsDim: number;
  /** Length of the goals. */
  readonly goalDim: number;
  /** Length of the action. */
  readonly actionDim: number;
}

/**
 * A batch of `count` episodes (row-major, episode major): `obs` and `achievedGoal` have `horizon + 1` rows
 * per episode (the last one after the final step), `goal` and `action` have `horizon`.
 */
export interface EpisodeBatch {
  readonly count: number;
  readonly obs: Float32Array;
  readonly achievedGoal: Float32Array;
  readonly goal: Float32Array;
  readonly action: Float32Array;
}

/** Sampled transitions, row-major. `reward` is recomputed for the (possibly relabelled) goal. */
export interface TransitionBatch {
  readonly size: number;
  readonly obs: Float32Array;
  readonly nextObs: Float32Array;
  readonly goal: Float32Array;
  readonly action: Float32Array;
  readonly reward: Float32Array;
}

/** Batched reward function of the env: one reward per row of `achieved` vs `desired`. */
export type RewardFn = (achieved: Float32Array, desired: Float32Array, rows: number) => ArrayLike<number>;

/** Episodes by which the storage grows when it is full and below capacity. */
const GROWTH_EPISODES = 256;

/**
 * Ring buffer of whole episodes. Storage grows on demand up to `capacityTransitions / horizon` episodes,
 * after which the oldest episode is overwritten (baselines overwrites random old episodes instead; the
 * benchmark budgets never fill a 10⁶-transition buffer, so the two never differ here).
 */
export class HerReplayBuffer {
  /** Sizes of one episode. */
  readonly shape: EpisodeShape;
  /** Maximum number of stored episodes. */
  readonly capacityEpisodes: number;
  /** Probability that a sampled transition gets a relabelled goal: `1 − 1/(1 + k)`. */
  readonly futureProbability: number;
  private obs = new Float32Array(0);
  private ag = new Float32Array(0);
  private g = new Float32Array(0);
  private u = new Float32Array(0);
  private allocated = 0;
  /** Stored episodes. */
  size = 0;
  /** Slot the next episode is written to. */
  private next = 0;
  /** Episodes ever stored. */
  totalEpisodes = 0;

  constructor(shape: EpisodeShape, capacityTransitions: number, replayK: number) {
    this.shape = shape;
    this.capacityEpisodes = Math.max(1, Math.floor(capacityTransitions / shape.horizon));
    this.futureProbability = 1 - 1 / (1 + replayK);
  }

  /** Stored transitions. */
  get transitions(): number {
    return this.size * this.shape.horizon;
  }

  /** Appends every episode of `batch`. */
  store(batch: EpisodeBatch): void {
    const { horizon: T, obsDim, goalDim, actionDim } = this.shape;
    for (let e = 0; e < batch.count; e++) {
      const slot = this.next;
      this.ensureAllocated(slot + 1);
      this.obs.set(
        batch.obs.subarray(e * (T + 1) * obsDim, (e + 1) * (T + 1) * obsDim),
        slot * (T + 1) * obsDim,
      );
      this.ag.set(
        batch.achievedGoal.subarray(e * (T + 1) * goalDim, (e + 1) * (T + 1) * goalDim),
        slot * (T + 1) * goalDim,
      );
      this.g.set(batch.goal.subarray(e * T * goalDim, (e + 1) * T * goalDim), slot * T * goalDim);
      this.u.set(batch.action.subarray(e * T * actionDim, (e + 1) * T * actionDim), slot * T * actionDim);
      this.next = (slot + 1) % this.capacityEpisodes;
      this.size = Math.min(this.size + 1, this.capacityEpisodes);
      this.totalEpisodes++;
    }
  }

  /** `n` HER transitions drawn uniformly from all stored episodes. */
  sample(n: number, rng: Rng, reward: RewardFn): TransitionBatch {
    if (this.size === 0) throw new RangeError('cannot sample from an empty replay buffer');
    return sampleHer(this.view(), this.size, n, rng, reward, this.futureProbability);
  }

  /**
   * `n` HER transitions drawn from the episodes of `batch` alone (baselines samples the new episodes this
   * way to update the observation normaliser).
   */
  sampleEpisodes(batch: EpisodeBatch, n: number, rng: Rng, reward: RewardFn): TransitionBatch {
    const view: StorageView = {
      shape: this.shape,
      obs: batch.obs,
      ag: batch.achievedGoal,
      g: batch.goal,
      u: batch.action,
    };
    return sampleHer(view, batch.count, n, rng, reward, this.futureProbability);
  }

  /** The stored episodes as one {@link EpisodeBatch} in slot order (copies; for checkpoints). */
  exportEpisodes(): EpisodeBatch & { readonly next: number; readonly totalEpisodes: number } {
    const { horizon: T, obsDim, goalDim, actionDim } = this.shape;
    const n = this.size;
    return {
      count: n,
      obs: this.obs.slice(0, n * (T + 1) * obsDim),
      achievedGoal: this.ag.slice(0, n * (T + 1) * goalDim),
      goal: this.g.slice(0, n * T * goalDim),
      action: this.u.slice(0, n * T * actionDim),
      next: this.next,
      totalEpisodes: this.totalEpisodes,
    };
  }

  /** Replaces the contents with an {@link HerReplayBuffer.exportEpisodes} result. */
  importEpisodes(batch: EpisodeBatch, next: number, totalEpisodes: number): void {
    if (batch.count > this.capacityEpisodes) {
      throw new RangeError(`${batch.count} episodes exceed the capacity of ${this.capacityEpisodes}`);
    }
    this.size = 0;
    this.next = 0;
    this.store(batch);
    this.next = next % this.capacityEpisodes;
    this.totalEpisodes = totalEpisodes;
  }

  private view(): StorageView {
    return { shape: this.shape, obs: this.obs, ag: this.ag, g: this.g, u: this.u };
  }

  private ensureAllocated(episodes: number): void {
    if (episodes <= this.allocated) return;
    const { horizon: T, obsDim, goalDim, actionDim } = this.shape;
    const target = Math.min(
      this.capacityEpisodes,
      Math.max(episodes, this.allocated * 2, this.allocated + GROWTH_EPISODES),
    );
    const grow = (old: Float32Array, perEpisode: number): Float32Array<ArrayBuffer> => {
      const a = new Float32Array(target * perEpisode);
      a.set(old);
      return a;
    };
    this.obs = grow(this.obs, (T + 1) * obsDim);
    this.ag = grow(this.ag, (T + 1) * goalDim);
    this.g = grow(this.g, T * goalDim);
    this.u = grow(this.u, T * actionDim);
    this.allocated = target;
  }
}

interface StorageView {
  readonly shape: EpisodeShape;
  readonly obs: Float32Array;
  readonly ag: Float32Array;
  readonly g: Float32Array;
  readonly u: Float32Array;
}

/** baselines `sample_her_transitions` with the "future" strategy, one transition at a time. */
function sampleHer(
  s: StorageView,
  episodes: number,
  n: number,
  rng: Rng,
  reward: RewardFn,
  futureProbability: number,
): TransitionBatch {
  const { horizon: T, obsDim, goalDim, actionDim } = s.shape;
  const obs = new Float32Array(n * obsDim);
  const nextObs = new Float32Array(n * obsDim);
  const goal = new Float32Array(n * goalDim);
  const action = new Float32Array(n * actionDim);
  const nextAchieved = new Float32Array(n * goalDim);
  for (let i = 0; i < n; i++) {
    const e = rng.integer(0, episodes);
    const t = rng.integer(0, T);
    const relabel = rng.uniform() < futureProbability;
    const offset = Math.floor(rng.uniform() * (T - t));
    const o0 = (e * (T + 1) + t) * obsDim;
    obs.set(s.obs.subarray(o0, o0 + obsDim), i * obsDim);
    nextObs.set(s.obs.subarray(o0 + obsDim, o0 + 2 * obsDim), i * obsDim);
    const a0 = (e * T + t) * actionDim;
    action.set(s.u.subarray(a0, a0 + actionDim), i * actionDim);
    const ag1 = (e * (T + 1) + t + 1) * goalDim;
    nextAchieved.set(s.ag.subarray(ag1, ag1 + goalDim), i * goalDim);
    const g0 = relabel ? (e * (T + 1) + t + 1 + offset) * goalDim : (e * T + t) * goalDim;
    goal.set((relabel ? s.ag : s.g).subarray(g0, g0 + goalDim), i * goalDim);
  }
  const r = reward(nextAchieved, goal, n);
  return { size: n, obs, nextObs, goal, action, reward: Float32Array.from(r) };
}
