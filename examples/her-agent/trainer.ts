/**
 * The DDPG+HER training loop (baselines `her/her.py:train`): epochs of cycles; each cycle collects one episode
 * per sub-env of a vector env, stores them, updates the normalisers, takes `batchesPerCycle` gradient steps
 * and moves the target networks. After every epoch the deterministic policy is evaluated on held-out seeds.
 *
 * Reproducibility: every training episode is reset with its own seed (`seed · 10⁷ + episode index`), every
 * evaluation episode with a held-out seed (`EVAL_SEED_BASE + i`), and all agent randomness comes from the
 * agent's generators. A run restored from a checkpoint therefore continues exactly as if it had not stopped.
 *
 * @module
 */
import {
  Box,
  type Env,
  GoalEnv,
  type GoalObs,
  make,
  makeVec,
  type VectorEnv,
  type VectorStepResult,
} from 'residual-gym';
import { type AgentDims, DdpgAgent, type DdpgConfig, type UpdateLosses } from './ddpg.js';
import { type EpisodeBatch, HerReplayBuffer, type RewardFn } from './replay-buffer.js';

/** Training episodes of one run get seeds `seed · TRAIN_SEEDS_PER_RUN + episode index`. */
export const TRAIN_SEEDS_PER_RUN = 10_000_000;
/** First held-out evaluation seed; far above every training seed of runs with seed < 900,000. */
export const EVAL_SEED_BASE = 9_000_000_000_000;
/** The original's burn-in rule: the actor trains once the critic's value estimate moves less than this. */
export const BURN_IN_VALUE_THRESHOLD = 1.0;

/** Options of a {@link Trainer}. */
export interface TrainerOptions {
  /** Registered goal-env id, e.g. `'ResidualSlipperyPush-v0'` or `'SlipperyPush-v0'`. */
  readonly envId: string;
  /** Run seed (network initialisation, exploration, replay sampling, training episodes). */
  readonly seed: number;
  /** Sub-envs of the collection vector env: episodes collected per cycle. */
  readonly numEnvs: number;
  /** `'sync'` steps the sub-envs in this thread; `'async'` gives each its own worker thread. */
  readonly vectorMode: 'sync' | 'async';
  /** Cycles per epoch. */
  readonly cyclesPerEpoch: number;
  /** Gradient steps per cycle (`n_batches`). */
  readonly batchesPerCycle: number;
  /** Held-out evaluation episodes per epoch. */
  readonly evalEpisodes: number;
  /** Hold the actor still until the critic's value estimate moves less than {@link BURN_IN_VALUE_THRESHOLD}. */
  readonly criticBurnIn: boolean;
  /**
   * Longest burn-in, epochs (default: unlimited, the original's rule alone). The rule compares epochs, and the
   * original's epoch held 2,000 gradient steps on 19 workers' data; with a few hundred steps per epoch the
   * value estimate still drifts by more than 1.0 after 13 epochs (measured: −3.2 → −27.7 on SlipperyPush), so
   * a budget-limited run needs a cap to ever train the actor.
   */
  readonly maxBurnInEpochs?: number;
  /**
   * Sub-envs (the last `greedyEnvs` of `numEnvs`) that collect with the deterministic policy, without
   * exploration noise or random actions (default 0: every episode explores, as in baselines). A residual
   * agent needs some: where the base policy fails under exploration noise, exploring episodes never show the
   * critic the states and successes of the policy it evaluates.
   */
  readonly greedyEnvs?: number;
  /** Agent hyperparameters. */
  readonly ddpg: DdpgConfig;
}

/** What one epoch produced. */
export interface EpochRecord {
  /** 1-based epoch number. */
  readonly epoch: number;
  /** Env steps collected so far (training episodes only). */
  readonly envSteps: number;
  /** Gradient steps so far. */
  readonly updates: number;
  /** Success rate of the deterministic policy on the held-out seeds. */
  readonly evalSuccess: number;
  /** Success rate of the epoch's exploring training episodes. */
  readonly trainSuccess: number;
  /** Mean Q(o, g, π(o, g)) over the held-out start states. */
  readonly meanValue: number;
  /** Mean critic loss over the epoch's gradient steps. */
  readonly criticLoss: number;
  /** Mean actor loss over the epoch's actor steps (NaN while frozen). */
  readonly actorLoss: number;
  /** Whether the actor was still frozen during this epoch. */
  readonly actorFrozen: boolean;
  /** Wall time of the epoch, s (measured, varies between machines). */
  readonly seconds: number;
}

/** Progress fields of a trainer (the JSON part of its checkpoint besides the agent). */
export interface TrainerProgress {
  readonly epoch: number;
  readonly envSteps: number;
  readonly updates: number;
  readonly episodes: number;
  readonly actorFrozen: boolean;
  readonly lastValue: number | null;
  readonly history: readonly EpochRecord[];
}

/** Dimensions of a registered goal env, read from one reset. */
export function goalEnvDims(envId: string): AgentDims & { readonly horizon: number } {
  const env = make(envId) as Env<GoalObs, Float32Array>;
  try {
    const { obs } = env.reset({ seed: 0 });
    const space = env.actionSpace;
    if (!(space instanceof Box)) throw new TypeError(`${envId} does not have a Box action space`);
    const horizon = env.spec?.maxEpisodeSteps;
    if (horizon === undefined || horizon === null) throw new TypeError(`${envId} has no episode limit`);
    return {
      obsDim: obs.observation.length,
      goalDim: obs.desired_goal.length,
      actionDim: space.size,
      horizon,
    };
  } finally {
    env.close();
  }
}

/** The env's batched `computeReward` (through its innermost {@link GoalEnv}) as a {@link RewardFn}. */
export function rewardFunctionOf(envId: string): { reward: RewardFn; close: () => void } {
  const env = make(envId);
  const goalEnv = env.unwrapped;
  if (!(goalEnv instanceof GoalEnv)) {
    env.close();
    throw new TypeError(`${envId} is not a goal env: HER needs computeReward`);
  }
  return {
    reward: (achieved, desired, rows) => goalEnv.computeReward(achieved, desired, {}, rows),
    close: () => env.close(),
  };
}

/**
 * Trains a {@link DdpgAgent} on one env id.
 *
 * @example
 * ```ts
 * const trainer = new Trainer({ ...options, envId: 'ResidualSlipperyPush-v0', seed: 0 });
 * const record = trainer.runEpoch();
 * trainer.close();
 * ```
 */
export class Trainer {
  /** The options the trainer was built with. */
  readonly options: TrainerOptions;
  /** The agent being trained. */
  readonly agent: DdpgAgent;
  /** Its replay buffer. */
  readonly buffer: HerReplayBuffer;
  /** Steps per episode. */
  readonly horizon: number;
  private readonly dims: AgentDims;
  private readonly envs: VectorEnv<GoalObs, Float32Array>;
  private readonly evalEnvs: VectorEnv<GoalObs, Float32Array>;
  private readonly rewardFn: { reward: RewardFn; close: () => void };
  private probe: { obs: Float64Array; goal: Float64Array; rows: number } | null = null;
  private progress: TrainerProgress;
  /** Measured env steps/s of collection (env + acting) over this process's lifetime. */
  private collectSteps = 0;
  private collectSeconds = 0;

  constructor(options: TrainerOptions) {
    const greedy = options.greedyEnvs ?? 0;
    if (!Number.isInteger(greedy) || greedy < 0 || greedy > options.numEnvs) {
      throw new RangeError(
        `greedyEnvs must be an integer in [0, numEnvs = ${options.numEnvs}], got ${greedy}`,
      );
    }
    this.options = options;
    const dims = goalEnvDims(options.envId);
    this.horizon = dims.horizon;
    this.dims = { obsDim: dims.obsDim, goalDim: dims.goalDim, actionDim: dims.actionDim };
    this.agent = new DdpgAgent(this.dims, options.ddpg, options.seed);
    this.buffer = new HerReplayBuffer(
      { horizon: this.horizon, ...this.dims },
      options.ddpg.bufferSize,
      options.ddpg.replayK,
    );
    this.envs = makeVec<GoalObs, Float32Array>(options.envId, {
      numEnvs: options.numEnvs,
      mode: options.vectorMode,
      autoresetMode: 'disabled',
    });
    this.evalEnvs = makeVec<GoalObs, Float32Array>(options.envId, {
      numEnvs: Math.min(options.numEnvs, options.evalEpisodes),
      mode: options.vectorMode,
      autoresetMode: 'disabled',
    });
    this.rewardFn = rewardFunctionOf(options.envId);
    this.progress = {
      epoch: 0,
      envSteps: 0,
      updates: 0,
      episodes: 0,
      actorFrozen: options.criticBurnIn,
      lastValue: null,
      history: [],
    };
  }

  /** Counters, burn-in state and learning curve so far. */
  getProgress(): TrainerProgress {
    return this.progress;
  }

  /** Restores progress from a checkpoint (the agent and buffer are restored separately). */
  setProgress(progress: TrainerProgress): void {
    this.progress = { ...progress, history: [...progress.history] };
  }

  /** Env steps per second of collection (stepping plus acting) measured in this process, or NaN. */
  collectionStepsPerSecond(): number {
    return this.collectSeconds > 0 ? this.collectSteps / this.collectSeconds : Number.NaN;
  }

  /**
   * One epoch: `cyclesPerEpoch` × (collect `numEnvs` episodes, `batchesPerCycle` gradient steps, target
   * update), then held-out evaluation and the burn-in check.
   */
  runEpoch(onCycle?: (cycle: number) => void): EpochRecord {
    const start = performance.now();
    const { cyclesPerEpoch, batchesPerCycle } = this.options;
    let trainSuccesses = 0;
    let trainEpisodes = 0;
    let criticLossSum = 0;
    let actorLossSum = 0;
    let criticSteps = 0;
    let actorSteps = 0;
    const frozen = this.progress.actorFrozen;
    for (let c = 0; c < cyclesPerEpoch; c++) {
      const { batch, successes } = this.collect();
      trainSuccesses += successes;
      trainEpisodes += batch.count;
      this.storeEpisodes(batch);
      for (let b = 0; b < batchesPerCycle; b++) {
        const losses = this.trainStep(!frozen);
        criticLossSum += losses.criticLoss;
        criticSteps++;
        if (!Number.isNaN(losses.actorLoss)) {
          actorLossSum += losses.actorLoss;
          actorSteps++;
        }
      }
      this.agent.updateTargets();
      onCycle?.(c + 1);
    }
    const evalSuccess = this.evaluate();
    const probe = this.valueProbe();
    const meanValue = this.agent.meanValue(probe.obs, probe.goal, probe.rows);
    let actorFrozen = frozen;
    if (frozen && this.progress.lastValue !== null) {
      actorFrozen = Math.abs(meanValue - this.progress.lastValue) >= BURN_IN_VALUE_THRESHOLD;
    }
    if (
      actorFrozen &&
      this.progress.epoch + 1 >= (this.options.maxBurnInEpochs ?? Number.POSITIVE_INFINITY)
    ) {
      actorFrozen = false;
    }
    const record: EpochRecord = {
      epoch: this.progress.epoch + 1,
      envSteps: this.progress.envSteps,
      updates: this.progress.updates,
      evalSuccess,
      trainSuccess: trainEpisodes > 0 ? trainSuccesses / trainEpisodes : 0,
      meanValue,
      criticLoss: criticSteps > 0 ? criticLossSum / criticSteps : Number.NaN,
      actorLoss: actorSteps > 0 ? actorLossSum / actorSteps : Number.NaN,
      actorFrozen: frozen,
      seconds: (performance.now() - start) / 1000,
    };
    this.progress = {
      ...this.progress,
      epoch: record.epoch,
      actorFrozen,
      lastValue: meanValue,
      history: [...this.progress.history, record],
    };
    return record;
  }

  /** One gradient step on a replay sample (`updateActor` false during burn-in). */
  trainStep(updateActor: boolean): UpdateLosses {
    const batch = this.buffer.sample(this.options.ddpg.batchSize, this.agent.replayRng, this.rewardFn.reward);
    const losses = this.agent.update(batch, updateActor);
    this.progress = { ...this.progress, updates: this.progress.updates + 1 };
    return losses;
  }

  /** Collects one episode per sub-env (exploring unless greedy), each reset with its own training seed. */
  collect(): { batch: EpisodeBatch; successes: number } {
    const t0 = performance.now();
    const n = this.envs.numEnvs;
    const T = this.horizon;
    const { obsDim, goalDim, actionDim } = this.dims;
    const base = this.options.seed * TRAIN_SEEDS_PER_RUN + this.progress.episodes;
    const seeds = Array.from({ length: n }, (_, i) => base + i);
    let obs = this.envs.reset({ seed: seeds }).obs;
    const batch: EpisodeBatch = {
      count: n,
      obs: new Float32Array(n * (T + 1) * obsDim),
      achievedGoal: new Float32Array(n * (T + 1) * goalDim),
      goal: new Float32Array(n * T * goalDim),
      action: new Float32Array(n * T * actionDim),
    };
    const actions = new Float32Array(n * actionDim);
    let last: VectorStepResult<GoalObs> | null = null;
    for (let t = 0; t <= T; t++) {
      for (let e = 0; e < n; e++) {
        batch.obs.set(obs.observation.subarray(e * obsDim, (e + 1) * obsDim), (e * (T + 1) + t) * obsDim);
        batch.achievedGoal.set(
          obs.achieved_goal.subarray(e * goalDim, (e + 1) * goalDim),
          (e * (T + 1) + t) * goalDim,
        );
      }
      if (t === T) break;
      this.actForCollection(obs, actions);
      for (let e = 0; e < n; e++) {
        batch.goal.set(obs.desired_goal.subarray(e * goalDim, (e + 1) * goalDim), (e * T + t) * goalDim);
        batch.action.set(actions.subarray(e * actionDim, (e + 1) * actionDim), (e * T + t) * actionDim);
      }
      last = this.envs.step(actions);
      obs = last.obs;
    }
    const successes = last === null ? 0 : sumSuccess(last.info.is_success, n);
    this.progress = {
      ...this.progress,
      episodes: this.progress.episodes + n,
      envSteps: this.progress.envSteps + n * T,
    };
    this.collectSteps += n * T;
    this.collectSeconds += (performance.now() - t0) / 1000;
    return { batch, successes };
  }

  /** Exploring actions for the first `numEnvs − greedyEnvs` sub-envs, deterministic ones for the rest. */
  private actForCollection(obs: GoalObs, actions: Float32Array): void {
    const n = this.envs.numEnvs;
    const greedy = this.options.greedyEnvs ?? 0;
    const exploring = n - greedy;
    const { obsDim, goalDim, actionDim } = this.dims;
    if (greedy === 0) {
      this.agent.act(obs.observation, obs.desired_goal, n, true, actions);
      return;
    }
    if (exploring > 0) {
      this.agent.act(
        obs.observation.subarray(0, exploring * obsDim),
        obs.desired_goal.subarray(0, exploring * goalDim),
        exploring,
        true,
        actions.subarray(0, exploring * actionDim),
      );
    }
    this.agent.act(
      obs.observation.subarray(exploring * obsDim),
      obs.desired_goal.subarray(exploring * goalDim),
      greedy,
      false,
      actions.subarray(exploring * actionDim),
    );
  }

  /** Stores episodes and updates the normalisers with HER samples of them (baselines `store_episode`). */
  storeEpisodes(batch: EpisodeBatch): void {
    this.buffer.store(batch);
    const transitions = this.buffer.sampleEpisodes(
      batch,
      batch.count * this.horizon,
      this.agent.replayRng,
      this.rewardFn.reward,
    );
    this.agent.updateNormalizers(transitions);
  }

  /** Success rate of the deterministic policy over the held-out evaluation seeds. */
  evaluate(): number {
    return evaluateOnHeldOutSeeds(this.evalEnvs, this.options.evalEpisodes, this.horizon, (obs, rows, out) =>
      this.agent.act(obs.observation, obs.desired_goal, rows, false, out),
    ).successRate;
  }

  /** Closes the vector envs and the reward env. */
  close(): void {
    this.envs.close();
    this.evalEnvs.close();
    this.rewardFn.close();
  }

  /** Start states of the held-out episodes (fixed across epochs), for the burn-in value estimate. */
  private valueProbe(): { obs: Float64Array; goal: Float64Array; rows: number } {
    if (this.probe !== null) return this.probe;
    const { obsDim, goalDim } = this.dims;
    const rows = this.options.evalEpisodes;
    const obs = new Float64Array(rows * obsDim);
    const goal = new Float64Array(rows * goalDim);
    const n = this.evalEnvs.numEnvs;
    for (let first = 0; first < rows; first += n) {
      const count = Math.min(n, rows - first);
      const r = this.evalEnvs.reset({ seed: heldOutSeeds(first, n) }).obs;
      obs.set(r.observation.subarray(0, count * obsDim), first * obsDim);
      goal.set(r.desired_goal.subarray(0, count * goalDim), first * goalDim);
    }
    this.probe = { obs, goal, rows };
    return this.probe;
  }
}

/** Seeds of held-out episodes `first .. first + n`. */
function heldOutSeeds(first: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => EVAL_SEED_BASE + first + i);
}

/** Chooses actions for `rows` sub-envs into `out`. */
export type BatchedActFn = (obs: GoalObs, rows: number, out: Float32Array) => void;

/**
 * Runs `episodes` held-out episodes (seeds `EVAL_SEED_BASE + i`) on `envs` with `act` and returns the success
 * rate (`info.is_success` after the last step) and the per-episode outcomes. Used for the agent and, with a
 * zero residual on a residual env, for the base policy alone.
 */
export function evaluateOnHeldOutSeeds(
  envs: VectorEnv<GoalObs, Float32Array>,
  episodes: number,
  horizon: number,
  act: BatchedActFn,
): { successRate: number; successes: number[] } {
  const n = envs.numEnvs;
  const actionSpace = envs.singleActionSpace;
  if (!(actionSpace instanceof Box)) throw new TypeError('evaluation needs a Box action space');
  const actions = new Float32Array(n * actionSpace.size);
  const successes: number[] = [];
  for (let first = 0; first < episodes; first += n) {
    let obs = envs.reset({ seed: heldOutSeeds(first, n) }).obs;
    let last: VectorStepResult<GoalObs> | null = null;
    for (let t = 0; t < horizon; t++) {
      act(obs, n, actions);
      last = envs.step(actions);
      obs = last.obs;
    }
    const flags = last?.info.is_success as ArrayLike<number> | undefined;
    for (let e = 0; e < n && first + e < episodes; e++)
      successes.push(flags === undefined ? 0 : Number(flags[e]));
  }
  return { successRate: successes.reduce((a, b) => a + b, 0) / episodes, successes };
}

function sumSuccess(flags: unknown, n: number): number {
  const a = flags as ArrayLike<number> | undefined;
  if (a === undefined) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) s += Number(a[i]);
  return s;
}
