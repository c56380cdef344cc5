/**
 * DDPG for goal-conditioned tasks, as in baselines' HER implementation (`her/ddpg.py`, `her/actor_critic.py`)
 * with the hyperparameters of the Residual Policy Learning experiments.
 *
 * Deterministic given the seed: every random draw (initial weights, exploration noise, replay sampling) comes
 * from named forks of the package's {@link Rng}, whose states are part of the checkpoint.
 *
 * @module
 */
import { Rng, type RngState } from 'residual-gym';
import { Adam } from './adam.js';
import { Mlp } from './mlp.js';
import { Normalizer, type NormalizerState } from './normalizer.js';
import type { TransitionBatch } from './replay-buffer.js';

/** Hyperparameters of {@link DdpgAgent} (names follow baselines' `her/experiment/config.py`). */
export interface DdpgConfig {
  /** Hidden layer sizes of actor and critic. */
  readonly hidden: readonly number[];
  /** Adam learning rate of the actor (`pi_lr`). */
  readonly actorLearningRate: number;
  /** Adam learning rate of the critic (`Q_lr`). */
  readonly criticLearningRate: number;
  /** Transitions per gradient step. */
  readonly batchSize: number;
  /** Replay capacity in transitions. */
  readonly bufferSize: number;
  /** Target-network averaging: `target ← polyak · target + (1 − polyak) · main`. */
  readonly polyak: number;
  /** Weight of the mean squared action in the actor loss (`action_l2`). */
  readonly actionL2: number;
  /** HER "future" relabelling ratio k (relabel probability 1 − 1/(1+k)). */
  readonly replayK: number;
  /** Observations and goals are clipped to ±clipObs before normalising (`clip_obs`). */
  readonly clipObs: number;
  /** Normalised inputs are clipped to ±normClip (`norm_clip`). */
  readonly normClip: number;
  /** Discount; baselines uses 1 − 1/T. */
  readonly gamma: number;
  /** Probability of a uniformly random action during collection (`random_eps`). */
  readonly randomEps: number;
  /** Std of the Gaussian action noise, in units of maxU (`noise_eps`). */
  readonly noiseEps: number;
  /** Largest action magnitude (`max_u`). */
  readonly maxU: number;
  /** Zero the actor's last layer so the initial action is exactly 0 (`actor_critic_last_zeros`). */
  readonly zeroInitActorOutput: boolean;
  /**
   * TD3's clipped double Q (Fujimoto et al., 2018): a second critic, and the TD target takes the smaller of the
   * two target critics. Not in the original RPL configuration; absent means false.
   */
  readonly twinCritics?: boolean;
  /**
   * TD3's target policy smoothing: std of the Gaussian noise added to the target action, in units of maxU,
   * clipped to ±{@link DdpgConfig.targetNoiseClip}. Absent means 0 (plain DDPG).
   */
  readonly targetPolicyNoise?: number;
  /** Clip of the target policy noise, in units of maxU (TD3 uses 0.5). Absent means 0.5. */
  readonly targetNoiseClip?: number;
  /** TD3's delayed policy updates: the actor takes a step on every n-th gradient step. Absent means 1. */
  readonly actorUpdateInterval?: number;
}

/** Episode length of the Fetch tasks, steps (the TimeLimit of every Fetch id). */
export const FETCH_HORIZON_STEPS = 50;

/**
 * The configuration of the RPL experiments (`push.json`/`pickandplace.json` of the original repository):
 * 3 × 256 units, Adam 1e-3, batch 256, replay 10⁶, polyak 0.95, action L2 1.0, HER future k = 4,
 * clip_obs 200, norm_clip 5, γ = 1 − 1/50, random_eps 0.3, noise_eps 0.2, actor last layer zero.
 */
export const RPL_DDPG_CONFIG: DdpgConfig = Object.freeze({
  hidden: Object.freeze([256, 256, 256]),
  actorLearningRate: 1e-3,
  criticLearningRate: 1e-3,
  batchSize: 256,
  bufferSize: 1_000_000,
  polyak: 0.95,
  actionL2: 1.0,
  replayK: 4,
  clipObs: 200,
  normClip: 5,
  gamma: 1 - 1 / FETCH_HORIZON_STEPS,
  randomEps: 0.3,
  noiseEps: 0.2,
  maxU: 1,
  zeroInitActorOutput: true,
});

/** Sizes of the env's observation, goal and action vectors. */
export interface AgentDims {
  readonly obsDim: number;
  readonly goalDim: number;
  readonly actionDim: number;
}

/** Losses of one gradient step (the actor loss is NaN when the actor was frozen). */
export interface UpdateLosses {
  readonly criticLoss: number;
  readonly actorLoss: number;
}

/** Named random streams of the agent. */
const STREAMS = ['exploration', 'replay'] as const;
type StreamName = (typeof STREAMS)[number];

/** JSON part of an agent's state; the weights and Adam moments go to the binary part. */
export interface AgentStateJson {
  readonly dims: AgentDims;
  readonly config: DdpgConfig;
  readonly actorAdamSteps: number;
  readonly criticAdamSteps: number;
  readonly obsNormalizer: NormalizerState;
  readonly goalNormalizer: NormalizerState;
  readonly rng: Readonly<Record<StreamName, RngState>>;
}

/** Names of the binary tensors of every agent's state, in file order. */
export const AGENT_TENSORS = [
  'actor',
  'critic',
  'actorTarget',
  'criticTarget',
  'actorAdamM',
  'actorAdamV',
  'criticAdamM',
  'criticAdamV',
] as const;

/** Tensors of the second critic, present only with {@link DdpgConfig.twinCritics}. */
export const TWIN_CRITIC_TENSORS = ['critic2', 'critic2Target', 'critic2AdamM', 'critic2AdamV'] as const;

/** One of {@link AGENT_TENSORS} or {@link TWIN_CRITIC_TENSORS}. */
export type AgentTensorName = (typeof AGENT_TENSORS)[number] | (typeof TWIN_CRITIC_TENSORS)[number];

/** The tensor names of an agent with `config`, in file order. */
export function agentTensorNames(config: DdpgConfig): readonly AgentTensorName[] {
  return config.twinCritics === true ? [...AGENT_TENSORS, ...TWIN_CRITIC_TENSORS] : AGENT_TENSORS;
}

/** The second critic of a TD3 agent with its target and optimiser. */
interface TwinCritic {
  readonly critic: Mlp;
  readonly target: Mlp;
  readonly adam: Adam;
}

/** TD3's default clip of the target policy noise, in units of maxU. */
const DEFAULT_TARGET_NOISE_CLIP = 0.5;

/**
 * A DDPG+HER agent: actor π(o, g) = maxU · tanh(MLP), critic Q(o, g, u/maxU), target copies, running
 * normalisers of o and g.
 *
 * @example
 * ```ts
 * const agent = new DdpgAgent({ obsDim: 25, goalDim: 3, actionDim: 4 }, RPL_DDPG_CONFIG, 0);
 * const actions = new Float32Array(2 * 4);
 * agent.act(obs.observation, obs.desired_goal, 2, false, actions); // two envs, no exploration
 * ```
 */
export class DdpgAgent {
  /** Input and output sizes. */
  readonly dims: AgentDims;
  /** Hyperparameters. */
  readonly config: DdpgConfig;
  /** π(o, g). */
  readonly actor: Mlp;
  /** Q(o, g, u). */
  readonly critic: Mlp;
  /** Polyak-averaged actor used in the TD target. */
  readonly actorTarget: Mlp;
  /** Polyak-averaged critic used in the TD target. */
  readonly criticTarget: Mlp;
  private readonly actorAdam: Adam;
  private readonly criticAdam: Adam;
  /** The second critic (TD3), or null. */
  private readonly twin: TwinCritic | null;
  /** Normaliser of the observation. */
  readonly obsNormalizer: Normalizer;
  /** Normaliser of the goal. */
  readonly goalNormalizer: Normalizer;
  private readonly rngs: Record<StreamName, Rng>;
  private readonly actorIn: number;
  private readonly criticIn: number;

  /** Builds and initialises the networks from `seed` (stream `init`). */
  constructor(dims: AgentDims, config: DdpgConfig, seed: number) {
    this.dims = { ...dims };
    this.config = config;
    const root = Rng.fromSeed(seed).fork('ddpg');
    this.actorIn = dims.obsDim + dims.goalDim;
    this.criticIn = this.actorIn + dims.actionDim;
    this.actor = new Mlp({ sizes: [this.actorIn, ...config.hidden, dims.actionDim], output: 'tanh' });
    this.critic = new Mlp({ sizes: [this.criticIn, ...config.hidden, 1], output: 'linear' });
    this.actorTarget = new Mlp(this.actor.shape);
    this.criticTarget = new Mlp(this.critic.shape);
    const init = root.fork('init');
    this.actor.initialize(init, config.zeroInitActorOutput);
    this.critic.initialize(init);
    this.actorTarget.copyFrom(this.actor);
    this.criticTarget.copyFrom(this.critic);
    if (config.twinCritics === true) {
      // Drawn after the first critic, so turning TD3 on leaves the actor's and first critic's weights as they were.
      const critic2 = new Mlp(this.critic.shape);
      critic2.initialize(init);
      const target = new Mlp(this.critic.shape);
      target.copyFrom(critic2);
      this.twin = {
        critic: critic2,
        target,
        adam: new Adam(critic2.params.length, config.criticLearningRate),
      };
    } else {
      this.twin = null;
    }
    this.actorAdam = new Adam(this.actor.params.length, config.actorLearningRate);
    this.criticAdam = new Adam(this.critic.params.length, config.criticLearningRate);
    this.obsNormalizer = new Normalizer(dims.obsDim, config.normClip);
    this.goalNormalizer = new Normalizer(dims.goalDim, config.normClip);
    this.rngs = { exploration: root.fork('exploration'), replay: root.fork('replay') };
  }

  /** The generator used to sample the replay buffer (its state is part of the agent's state). */
  get replayRng(): Rng {
    return this.rngs.replay;
  }

  /**
   * Actions for `rows` (observation, goal) pairs into `out` (`rows × actionDim`). With `explore`, adds
   * Gaussian noise (std noiseEps · maxU), clips, and replaces each row by a uniform random action with
   * probability randomEps (baselines `get_actions`).
   */
  act(
    obs: ArrayLike<number>,
    goal: ArrayLike<number>,
    rows: number,
    explore: boolean,
    out: Float32Array,
  ): Float32Array {
    const { actionDim } = this.dims;
    const { maxU, noiseEps, randomEps } = this.config;
    const pi = this.actor.forward(this.actorInputs(obs, goal, rows), rows);
    const rng = this.rngs.exploration;
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < actionDim; i++) {
        let u = maxU * pi[r * actionDim + i]!;
        if (explore) {
          u += noiseEps * maxU * rng.normal();
          u = u < -maxU ? -maxU : u > maxU ? maxU : u;
        }
        out[r * actionDim + i] = u;
      }
      if (explore && rng.uniform() < randomEps) {
        for (let i = 0; i < actionDim; i++) out[r * actionDim + i] = rng.uniform(-maxU, maxU);
      }
    }
    return out;
  }

  /** Adds sampled transitions (already HER-relabelled) to the observation and goal statistics. */
  updateNormalizers(batch: TransitionBatch): void {
    const c = this.config.clipObs;
    const clip = (a: Float32Array) => a.map((v) => (v < -c ? -c : v > c ? c : v));
    this.obsNormalizer.update(clip(batch.obs), batch.size);
    this.goalNormalizer.update(clip(batch.goal), batch.size);
    this.obsNormalizer.recompute();
    this.goalNormalizer.recompute();
  }

  /**
   * One gradient step of the critic on the TD target `clip(r + γ Q'(o', g, π'(o', g)), −1/(1−γ), 0)` and,
   * unless `updateActor` is false (critic burn-in), of the actor on `−Q(o, g, π(o, g)) + action_l2 · π²`.
   * Both gradients are taken at the pre-step parameters, as in baselines. With the TD3 options the target
   * action is smoothed with clipped noise, the target takes the smaller of two target critics, and the actor
   * steps only on every `actorUpdateInterval`-th call.
   */
  update(batch: TransitionBatch, updateActor: boolean): UpdateLosses {
    const n = batch.size;
    const { actionDim } = this.dims;
    const { maxU, gamma, actionL2 } = this.config;
    const clipReturn = 1 / (1 - gamma);
    // TD target.
    const og2 = this.actorInputs(batch.nextObs, batch.goal, n);
    const pi2 = this.actorTarget.forward(og2, n);
    this.smoothTargetActions(pi2, n * actionDim);
    // Both actors output π/maxU (tanh), which is what the critics take.
    const targetInputs = this.criticInputs(og2, pi2, 1, n);
    const q2 = this.criticTarget.forward(targetInputs, n);
    const q2Twin = this.twin === null ? null : this.twin.target.forward(targetInputs, n);
    const target = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const next = q2Twin === null ? q2[i]! : Math.min(q2[i]!, q2Twin[i]!);
      const y = batch.reward[i]! + gamma * next;
      target[i] = y < -clipReturn ? -clipReturn : y > 0 ? 0 : y;
    }
    // Critic(s): mean squared TD error.
    const og = this.actorInputs(batch.obs, batch.goal, n);
    const inputs = this.criticInputs(og, batch.action, maxU, n);
    const criticLoss = this.criticGradients(this.critic, inputs, target, n);
    if (this.twin !== null) {
      this.criticGradients(this.twin.critic, inputs, target, n);
      this.twin.adam.step(this.twin.critic.params, this.twin.critic.grads);
    }
    let actorLoss = Number.NaN;
    const interval = this.config.actorUpdateInterval ?? 1;
    // The critic's Adam step count is this call's 0-based index (and is saved, so resuming keeps the phase).
    if (updateActor && (this.criticAdam.t + 1) % interval === 0) {
      const pi = Float32Array.from(this.actor.forward(og, n));
      const qPi = this.critic.forward(this.criticInputs(og, pi, 1, n), n);
      const dQ = new Float32Array(n).fill(-1 / n);
      let meanQ = 0;
      let meanSq = 0;
      for (let i = 0; i < n; i++) meanQ += qPi[i]! / n;
      const dInput = this.critic.backward(dQ, false);
      const dPi = new Float32Array(n * actionDim);
      const l2Scale = (2 * actionL2) / (n * actionDim);
      for (let r = 0; r < n; r++) {
        for (let i = 0; i < actionDim; i++) {
          const p = pi[r * actionDim + i]!;
          meanSq += (p * p) / (n * actionDim);
          // The critic sees π/maxU; the actor's tanh output is π/maxU as well.
          dPi[r * actionDim + i] = dInput[r * this.criticIn + this.actorIn + i]! + l2Scale * p;
        }
      }
      actorLoss = -meanQ + actionL2 * meanSq;
      this.actor.backward(dPi, true, false);
      this.actorAdam.step(this.actor.params, this.actor.grads);
    }
    this.criticAdam.step(this.critic.params, this.critic.grads);
    return { criticLoss, actorLoss };
  }

  /** Moves the target networks towards the main ones (once per cycle, as in baselines). */
  updateTargets(): void {
    this.actorTarget.polyakFrom(this.actor, this.config.polyak);
    this.criticTarget.polyakFrom(this.critic, this.config.polyak);
    this.twin?.target.polyakFrom(this.twin.critic, this.config.polyak);
  }

  /** Mean squared error of `critic` against `target`; leaves its parameter gradients in `critic.grads`. */
  private criticGradients(critic: Mlp, inputs: Float32Array, target: Float32Array, n: number): number {
    const q = critic.forward(inputs, n);
    const dq = new Float32Array(n);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const e = q[i]! - target[i]!;
      loss += e * e;
      dq[i] = (2 * e) / n;
    }
    critic.backward(dq, true);
    return loss / n;
  }

  /** TD3 target policy smoothing in place on tanh outputs (`a/maxU`); no-op without the option. */
  private smoothTargetActions(pi: Float32Array, count: number): void {
    const std = this.config.targetPolicyNoise ?? 0;
    if (std <= 0) return;
    const clip = this.config.targetNoiseClip ?? DEFAULT_TARGET_NOISE_CLIP;
    // The replay generator: its state is saved, and the noise is part of sampling a training batch.
    const rng = this.rngs.replay;
    for (let i = 0; i < count; i++) {
      let e = std * rng.normal();
      e = e < -clip ? -clip : e > clip ? clip : e;
      const a = pi[i]! + e;
      pi[i] = a < -1 ? -1 : a > 1 ? 1 : a;
    }
  }

  /** Mean of Q(o, g, π(o, g)) over `rows` pairs: the critic's value estimate used for burn-in. */
  meanValue(obs: ArrayLike<number>, goal: ArrayLike<number>, rows: number): number {
    const og = this.actorInputs(obs, goal, rows);
    const pi = Float32Array.from(this.actor.forward(og, rows));
    const q = this.critic.forward(this.criticInputs(og, pi, 1, rows), rows);
    let s = 0;
    for (let i = 0; i < rows; i++) s += q[i]!;
    return s / rows;
  }

  /** JSON part and binary tensors of the full state (weights, targets, Adam, normalisers, generators). */
  getState(): { json: AgentStateJson; tensors: Partial<Record<AgentTensorName, Float32Array>> } {
    return {
      json: {
        dims: this.dims,
        config: this.config,
        actorAdamSteps: this.actorAdam.t,
        criticAdamSteps: this.criticAdam.t,
        obsNormalizer: this.obsNormalizer.getState(),
        goalNormalizer: this.goalNormalizer.getState(),
        rng: { exploration: this.rngs.exploration.getState(), replay: this.rngs.replay.getState() },
      },
      tensors: {
        actor: this.actor.params.slice(),
        critic: this.critic.params.slice(),
        actorTarget: this.actorTarget.params.slice(),
        criticTarget: this.criticTarget.params.slice(),
        actorAdamM: this.actorAdam.m.slice(),
        actorAdamV: this.actorAdam.v.slice(),
        criticAdamM: this.criticAdam.m.slice(),
        criticAdamV: this.criticAdam.v.slice(),
        ...(this.twin === null
          ? {}
          : {
              critic2: this.twin.critic.params.slice(),
              critic2Target: this.twin.target.params.slice(),
              critic2AdamM: this.twin.adam.m.slice(),
              critic2AdamV: this.twin.adam.v.slice(),
            }),
      },
    };
  }

  /**
   * Restores {@link DdpgAgent.getState}. The agent must have been built with the same dims and config.
   *
   * @throws RangeError if dims, config or a tensor length disagree
   */
  setState(json: AgentStateJson, tensors: Readonly<Partial<Record<AgentTensorName, Float32Array>>>): void {
    if (JSON.stringify(json.dims) !== JSON.stringify(this.dims)) {
      throw new RangeError(`checkpoint dims ${JSON.stringify(json.dims)} differ from the agent's`);
    }
    if (JSON.stringify(json.config) !== JSON.stringify(this.config)) {
      throw new RangeError('checkpoint config differs from the agent config');
    }
    const targets: Partial<Record<AgentTensorName, Float32Array>> = {
      actor: this.actor.params,
      critic: this.critic.params,
      actorTarget: this.actorTarget.params,
      criticTarget: this.criticTarget.params,
      actorAdamM: this.actorAdam.m,
      actorAdamV: this.actorAdam.v,
      criticAdamM: this.criticAdam.m,
      criticAdamV: this.criticAdam.v,
      ...(this.twin === null
        ? {}
        : {
            critic2: this.twin.critic.params,
            critic2Target: this.twin.target.params,
            critic2AdamM: this.twin.adam.m,
            critic2AdamV: this.twin.adam.v,
          }),
    };
    for (const name of agentTensorNames(this.config)) {
      const src = tensors[name];
      const dst = targets[name]!;
      if (src === undefined) throw new RangeError(`tensor '${name}' is missing`);
      if (src.length !== dst.length) {
        throw new RangeError(`tensor '${name}' has ${src.length} values, expected ${dst.length}`);
      }
      dst.set(src);
    }
    this.actorAdam.t = json.actorAdamSteps;
    if (this.twin !== null) this.twin.adam.t = json.criticAdamSteps;
    this.criticAdam.t = json.criticAdamSteps;
    this.obsNormalizer.setState(json.obsNormalizer);
    this.goalNormalizer.setState(json.goalNormalizer);
    this.rngs.exploration.setState(json.rng.exploration);
    this.rngs.replay.setState(json.rng.replay);
  }

  /** Clipped, normalised `[o, g]` rows. */
  private actorInputs(obs: ArrayLike<number>, goal: ArrayLike<number>, rows: number): Float32Array {
    const { obsDim, goalDim } = this.dims;
    const c = this.config.clipObs;
    const width = this.actorIn;
    const out = new Float32Array(rows * width);
    const oRow = new Float64Array(obsDim);
    const gRow = new Float64Array(goalDim);
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < obsDim; i++) {
        const v = obs[r * obsDim + i]!;
        oRow[i] = v < -c ? -c : v > c ? c : v;
      }
      for (let i = 0; i < goalDim; i++) {
        const v = goal[r * goalDim + i]!;
        gRow[i] = v < -c ? -c : v > c ? c : v;
      }
      this.obsNormalizer.normalize(oRow, 0, out, r * width);
      this.goalNormalizer.normalize(gRow, 0, out, r * width + obsDim);
    }
    return out;
  }

  /** `[og, u / scale]` rows. */
  private criticInputs(og: Float32Array, u: ArrayLike<number>, scale: number, rows: number): Float32Array {
    const { actionDim } = this.dims;
    const out = new Float32Array(rows * this.criticIn);
    for (let r = 0; r < rows; r++) {
      out.set(og.subarray(r * this.actorIn, (r + 1) * this.actorIn), r * this.criticIn);
      for (let i = 0; i < actionDim; i++)
        out[r * this.criticIn + this.actorIn + i] = u[r * actionDim + i]! / scale;
    }
    return out;
  }
}
