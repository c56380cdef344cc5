/**
 * Simulator models: planning by rolling out a private copy of the env, exactly or with misspecified physics.
 *
 * @module
 */
import type { Env } from '../../core/env.js';
import type { GoalObs } from '../../core/goal-env.js';
import type { EnvState } from '../../core/state.js';
import type { ActionInput } from '../../core/types.js';
import { GymError, PhysicsError } from '../../errors.js';
import type { DynamicsModel, ModelRoot } from './dynamics-model.js';

/** What a {@link SimulatorModel} needs to know about the env it copies. */
export interface SimulatorModelInit {
  /** Short description for names and logs. */
  readonly name: string;
  /**
   * Builds the private env copy for a live (unwrapped) env; called at the first decision and again whenever
   * the live env's `stateKind` changes. The copy is never shown to the user.
   */
  readonly createEnv: (live: Env<unknown, unknown>) => Env<GoalObs, ActionInput>;
  /**
   * Loads the live env's state into the private copy. Default: `copy.setState(state)`, which requires both
   * to have the same `stateKind`; a misspecified copy needs a loader that keeps its own parameters.
   */
  readonly loadState?: (copy: Env<GoalObs, ActionInput>, state: EnvState) => void;
  /** Length of `obs.observation`. */
  readonly observationDim: number;
  /** Length of an action. */
  readonly actionDim: number;
}

/**
 * A {@link DynamicsModel} that predicts by simulation. At every decision it reads the live env's full state
 * with `env.unwrapped.getState()` (it never steps, resets or restores the live env), loads it into a private
 * env, and takes that private env's own state as the root. Each candidate is then rolled out from the root
 * (`setState` of the private env, then `step` per action), candidate by candidate.
 *
 * With the env's own physics the predictions are exact (the same floats the live env would produce). If the
 * physics fails during a rollout (PhysicsError), the rest of that candidate's predictions are NaN, which
 * CEM scores as a very high cost.
 */
export class SimulatorModel implements DynamicsModel {
  readonly name: string;
  readonly observationDim: number;
  readonly actionDim: number;
  private readonly createEnv: (live: Env<unknown, unknown>) => Env<GoalObs, ActionInput>;
  private copy: Env<GoalObs, ActionInput> | null = null;
  private copyOf = '';
  private readonly loadState: (copy: Env<GoalObs, ActionInput>, state: EnvState) => void;
  private root: EnvState | null = null;
  private readonly action: Float64Array;

  /** @param init - how to build and load the private env copy */
  constructor(init: SimulatorModelInit) {
    this.name = init.name;
    this.observationDim = init.observationDim;
    this.actionDim = init.actionDim;
    this.createEnv = init.createEnv;
    this.loadState = init.loadState ?? ((copy, state) => copy.setState(state));
    this.action = new Float64Array(init.actionDim);
  }

  /**
   * Copies the live env's state into the private env.
   *
   * @throws GymError if the live env has not been reset
   */
  setRoot(root: ModelRoot): void {
    const live = root.env.unwrapped;
    if (!live.hasReset)
      throw new GymError('SimulatorModel needs a live env that has been reset', 'model_root_not_reset');
    if (this.copy === null || this.copyOf !== live.stateKind) {
      this.copy?.close();
      this.copy = this.createEnv(live);
      this.copyOf = live.stateKind;
    }
    this.loadState(this.copy, live.getState());
    this.root = this.copy.getState();
  }

  /**
   * Rolls every candidate out from the root in the private env (see {@link DynamicsModel.rollout}).
   *
   * @throws GymError before the first {@link SimulatorModel.setRoot}
   */
  rollout(actions: Float64Array, count: number, horizon: number, out: Float64Array): void {
    const root = this.root;
    const copy = this.copy;
    if (root === null || copy === null) {
      throw new GymError('SimulatorModel.rollout called before setRoot', 'model_without_root');
    }
    const A = this.actionDim;
    const O = this.observationDim;
    for (let i = 0; i < count; i++) {
      copy.setState(root);
      let t = 0;
      try {
        for (; t < horizon; t++) {
          const src = (i * horizon + t) * A;
          for (let k = 0; k < A; k++) this.action[k] = actions[src + k]!;
          const r = copy.step(this.action);
          out.set(r.obs.observation, (i * horizon + t) * O);
        }
      } catch (err) {
        if (!(err instanceof PhysicsError)) throw err;
        out.fill(Number.NaN, (i * horizon + t) * O, (i + 1) * horizon * O);
      }
    }
  }

  /** Frees the private env. */
  close(): void {
    this.copy?.close();
    this.copy = null;
    this.root = null;
  }
}
