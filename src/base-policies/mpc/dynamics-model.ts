/**
 * The model interface of the MPC base policies: anything that predicts future observations for candidate
 * action sequences, from an exact simulator copy to a learned PETS ensemble.
 *
 * @module
 */
import type { Env } from '../../core/env.js';
import { GymError } from '../../errors.js';

/** Where rollouts start: the real observation now, and the real env for models that copy the simulator. */
export interface ModelRoot {
  /** The current observation vector (`obs.observation` of a goal env). Never mutated by the model. */
  readonly observation: Float64Array;
  /**
   * The live env. A simulator model may read its state with `getState()`; no model may step, reset or
   * restore it.
   */
  readonly env: Env<unknown, unknown>;
}

/**
 * A dynamics model for model-predictive control.
 *
 * The planner calls {@link DynamicsModel.setRoot} once per decision, then {@link DynamicsModel.rollout} once
 * per CEM iteration with the whole population. A model is free to choose the order in which it evaluates the
 * batch: a simulator rolls each candidate out from a copy of the root state (candidate-major); a learned model
 * advances all candidates one step at a time (step-major, see {@link BatchStepModel} and {@link StepwiseModel}).
 *
 * Plugging in a learned model (e.g. a PETS probabilistic ensemble: 5 networks of 3×200 swish units mapping
 * observation 20 + action 7 to a Gaussian over the observation change): implement {@link BatchStepModel.predict}
 * as "next = obs + Δ" for a batch of rows, seed any sampling in {@link BatchStepModel.begin}, wrap it in
 * {@link StepwiseModel} and pass that to `CemMpcPolicy`. Limitation: `rollout` returns one predicted trajectory
 * per candidate, while PETS averages the *cost* over 20 sampled particles per candidate (TS∞). A model can
 * return its mean prediction instead; reproducing PETS exactly needs a particle axis in `rollout`'s output, an
 * extension for when a learned model lands.
 */
export interface DynamicsModel {
  /** Short description for policy names and logs (e.g. `'simulator(exact)'`). */
  readonly name: string;
  /** Length of an observation vector. */
  readonly observationDim: number;
  /** Length of an action vector. */
  readonly actionDim: number;
  /** Starts a new decision: later rollouts begin at this state. */
  setRoot(root: ModelRoot): void;
  /**
   * Predicts `count` trajectories of `horizon` steps from the root.
   *
   * @param actions - `count × horizon × actionDim` candidate actions, row-major (never mutated)
   * @param count - number of candidates
   * @param horizon - steps per candidate
   * @param out - receives `count × horizon × observationDim` predicted observations: row (i, t) is the
   *   observation after candidate i applied its actions 0..t
   */
  rollout(actions: Float64Array, count: number, horizon: number, out: Float64Array): void;
  /** Releases resources (private simulator copies). Optional. */
  close?(): void;
}

/**
 * The PETS-style one-step model: predicts the next observation for a batch of (observation, action) rows.
 * Wrap it in {@link StepwiseModel} to use it for planning.
 */
export interface BatchStepModel {
  /** Short description. */
  readonly name: string;
  /** Length of an observation vector. */
  readonly observationDim: number;
  /** Length of an action vector. */
  readonly actionDim: number;
  /** Called once per decision (seed per-decision randomness here). Optional. */
  begin?(root: ModelRoot): void;
  /**
   * Writes, for each row i < count, the predicted next observation of (observations row i, actions row i)
   * into `next` row i. `observations` and `next` never alias.
   */
  predict(observations: Float64Array, actions: Float64Array, count: number, next: Float64Array): void;
}

/**
 * Turns a {@link BatchStepModel} into a {@link DynamicsModel} by stepping the whole batch one step at a time
 * from the root observation. Buffers grow to the largest batch seen and are then reused.
 */
export class StepwiseModel implements DynamicsModel {
  readonly name: string;
  readonly observationDim: number;
  readonly actionDim: number;
  private readonly step: BatchStepModel;
  private root: Float64Array;
  private current = new Float64Array(0);
  private next = new Float64Array(0);
  private act = new Float64Array(0);

  /** @param step - the one-step batch predictor to roll out */
  constructor(step: BatchStepModel) {
    this.step = step;
    this.name = step.name;
    this.observationDim = step.observationDim;
    this.actionDim = step.actionDim;
    this.root = new Float64Array(step.observationDim);
  }

  /**
   * Remembers the root observation and forwards the root to the step model.
   *
   * @throws GymError for an observation of the wrong length
   */
  setRoot(root: ModelRoot): void {
    if (root.observation.length !== this.observationDim) {
      throw new GymError(
        `model expects ${this.observationDim}-d observations, got ${root.observation.length}`,
        'invalid_observation',
        { length: root.observation.length },
      );
    }
    this.root.set(root.observation);
    this.step.begin?.(root);
  }

  /** Steps the whole batch from the root, one step at a time (see {@link DynamicsModel.rollout}). */
  rollout(actions: Float64Array, count: number, horizon: number, out: Float64Array): void {
    const O = this.observationDim;
    const A = this.actionDim;
    if (this.current.length < count * O) {
      this.current = new Float64Array(count * O);
      this.next = new Float64Array(count * O);
      this.act = new Float64Array(count * A);
    }
    for (let i = 0; i < count; i++) this.current.set(this.root, i * O);
    for (let t = 0; t < horizon; t++) {
      for (let i = 0; i < count; i++) {
        const src = (i * horizon + t) * A;
        this.act.set(actions.subarray(src, src + A), i * A);
      }
      this.step.predict(this.current, this.act, count, this.next);
      for (let i = 0; i < count; i++) {
        out.set(this.next.subarray(i * O, (i + 1) * O), (i * horizon + t) * O);
      }
      const swap = this.current;
      this.current = this.next;
      this.next = swap;
    }
  }
}
