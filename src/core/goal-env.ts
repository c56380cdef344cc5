import { GymError } from '../errors.js';
import type { Box } from '../spaces/box.js';
import type { Dict } from '../spaces/dict.js';
import { Env } from './env.js';
import type { Info, StepResult } from './types.js';

/** Observation of a goal-conditioned env (Gymnasium-Robotics keys, byte for byte). */
export interface GoalObs {
  /** The task state seen by the agent. */
  observation: Float64Array;
  /** The goal the agent currently achieves (e.g. the block position). */
  achieved_goal: Float64Array;
  /** The goal of the episode. */
  desired_goal: Float64Array;
}

/** Keys every goal observation space must contain. */
export const GOAL_OBS_KEYS = ['observation', 'achieved_goal', 'desired_goal'] as const;

/**
 * A goal-conditioned env (Gymnasium-Robotics `GoalEnv`). Rewards are a pure function of
 * (achieved goal, desired goal, info), so HER can relabel goals with {@link GoalEnv.computeReward} on batches.
 *
 * Subclasses implement {@link GoalEnv.rowReward} (one row) and call `computeReward`, `computeTerminated` and
 * `computeTruncated` inside `step`, never computing these separately.
 */
export abstract class GoalEnv<A = Float32Array> extends Env<GoalObs, A> {
  abstract override readonly observationSpace: Dict<GoalObsSpaces>;
  /** Length of one goal vector. */
  abstract readonly goalDim: number;

  /**
   * Reward of one row: `achieved[offset .. offset+goalDim)` against `desired[same]`.
   * Must not read env state.
   */
  protected abstract rowReward(
    achieved: ArrayLike<number>,
    desired: ArrayLike<number>,
    offset: number,
    info: Info,
  ): number;

  /** Reward of one transition (`achieved.length === goalDim`). */
  computeReward(achieved: ArrayLike<number>, desired: ArrayLike<number>, info: Info): number;
  /**
   * Rewards of `batch` transitions stacked row-major (HER relabelling): one reward per row, identical to
   * single calls. `info` is one shared info or one per row.
   */
  computeReward(
    achieved: ArrayLike<number>,
    desired: ArrayLike<number>,
    info: Info | readonly Info[],
    batch: number,
  ): Float64Array;
  computeReward(
    achieved: ArrayLike<number>,
    desired: ArrayLike<number>,
    info: Info | readonly Info[],
    batch?: number,
  ): number | Float64Array {
    const n = this.batchSize(achieved, desired, batch);
    if (batch === undefined) return this.rowReward(achieved, desired, 0, info as Info);
    const out = new Float64Array(n);
    const infos = Array.isArray(info) ? (info as readonly Info[]) : null;
    if (infos !== null && infos.length !== n) {
      throw new GymError(`computeReward got ${infos.length} infos for ${n} goals`, 'batch_mismatch');
    }
    for (let i = 0; i < n; i++) {
      out[i] = this.rowReward(achieved, desired, i * this.goalDim, infos ? infos[i]! : (info as Info));
    }
    return out;
  }

  /** Whether the transition is terminal (Fetch-style tasks: never; episodes end by time limit). */
  computeTerminated(_achieved: ArrayLike<number>, _desired: ArrayLike<number>, _info: Info): boolean {
    return false;
  }

  /** Whether the env itself truncates (TimeLimit adds its truncation on top). */
  computeTruncated(_achieved: ArrayLike<number>, _desired: ArrayLike<number>, _info: Info): boolean {
    return false;
  }

  /**
   * The step result of a transition that ended in `obs` with `info`: reward, terminated and truncated are
   * computed through {@link GoalEnv.computeReward}, {@link GoalEnv.computeTerminated} and
   * {@link GoalEnv.computeTruncated}, so `step` and HER relabelling can never disagree.
   */
  protected goalStepResult(obs: GoalObs, info: Info): StepResult<GoalObs> {
    const { achieved_goal: achieved, desired_goal: desired } = obs;
    return {
      obs,
      reward: this.computeReward(achieved, desired, info),
      terminated: this.computeTerminated(achieved, desired, info),
      truncated: this.computeTruncated(achieved, desired, info),
      info,
    };
  }

  private batchSize(
    achieved: ArrayLike<number>,
    desired: ArrayLike<number>,
    batch: number | undefined,
  ): number {
    if (achieved.length !== desired.length) {
      throw new GymError(
        `achieved (${achieved.length}) and desired (${desired.length}) goals differ in length`,
        'batch_mismatch',
      );
    }
    if (achieved.length % this.goalDim !== 0) {
      throw new GymError(
        `goal arrays of length ${achieved.length} are not a multiple of ${this.goalDim}`,
        'batch_mismatch',
      );
    }
    const n = achieved.length / this.goalDim;
    if (batch === undefined) {
      if (n !== 1) {
        throw new GymError(`pass the batch size to computeReward for ${n} stacked goals`, 'batch_mismatch');
      }
    } else if (batch !== n) {
      throw new GymError(`batch ${batch} does not match ${n} stacked goals`, 'batch_mismatch');
    }
    return n;
  }
}

/** The three float64 Boxes of a goal observation, unbounded, in a Dict (sorted keys, as in Robotics). */
export type GoalObsSpaces = {
  observation: Box<Float64Array>;
  achieved_goal: Box<Float64Array>;
  desired_goal: Box<Float64Array>;
};
