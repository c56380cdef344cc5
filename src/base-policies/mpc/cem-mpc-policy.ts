/**
 * Model-predictive control with the cross-entropy method (PETS `MPC` + `CEMOptimizer`), generic over the
 * dynamics model.
 *
 * @module
 */
import type { Env } from '../../core/env.js';
import type { GoalObs } from '../../core/goal-env.js';
import { compileOptionsValidator, type JsonSchema } from '../../core/options.js';
import type { StateValue } from '../../core/state.js';
import type { ActionInput } from '../../core/types.js';
import { GymError, InvalidState } from '../../errors.js';
import { isRngState, Rng, type RngState } from '../../random/rng.js';
import { Box } from '../../spaces/index.js';
import type { BasePolicy, PolicyResetContext } from '../policy.js';
import { CemOptimizer, type CemReport, type CemSettings, shiftPlan } from './cem.js';
import type { DynamicsModel } from './dynamics-model.js';

/** Validated numeric options of {@link CemMpcPolicy} (all optional; defaults in {@link CEM_MPC_DEFAULTS}). */
export interface CemMpcOptions {
  /** Planning horizon in control steps (PETS: 25). */
  readonly horizon?: number;
  /** Candidates per CEM iteration (PETS: 500). */
  readonly population?: number;
  /** Elites per iteration (PETS: 50). */
  readonly elites?: number;
  /** Maximum CEM iterations per decision (PETS: 5). */
  readonly iterations?: number;
  /** Smoothing α of mean and variance (PETS: 0.1). */
  readonly alpha?: number;
  /** Early stop when every variance ≤ epsilon (PETS: 0.001). */
  readonly epsilon?: number;
  /** Control steps sharing one noise draw per action dimension (PETS: 1; see {@link CemSettings}). */
  readonly sampleHold?: number;
}

/**
 * Default settings: PETS' horizon (25 control steps = 1 s), α and ε, with a much smaller search: population 30,
 * 4 elites, 2 iterations, and noise held over blocks of 5 steps (`sampleHold`). That is 1,500 simulated env
 * steps per decision instead of PETS' 62,500 (about 0.5 s with the simulator model on one core).
 *
 * Measured on MBRLPusher with the exact simulator (seed 0): the horizon matters most. Horizon 15 with
 * population 60 and 3 iterations (2,700 steps) parks the scoop above the puck and ends 0.19 m from the goal;
 * horizon 25 with population 60 and 3 iterations (4,500 steps) succeeds (6 mm), and so does horizon 25 with
 * population 30 and 2 iterations (1,500 steps), reaching the goal by step 45 with `sampleHold` 5 and by
 * step 105 with independent noise.
 */
export const CEM_MPC_DEFAULTS: Readonly<Required<CemMpcOptions>> = Object.freeze({
  horizon: 25,
  population: 30,
  elites: 4,
  iterations: 2,
  alpha: 0.1,
  epsilon: 0.001,
  sampleHold: 5,
});

/** PETS' settings for the pusher (`dmbrl/config/pusher.py` + `default.py`). */
export const CEM_MPC_PETS_SETTINGS: Readonly<Required<CemMpcOptions>> = Object.freeze({
  horizon: 25,
  population: 500,
  elites: 50,
  iterations: 5,
  alpha: 0.1,
  epsilon: 0.001,
  sampleHold: 1,
});

/** JSON Schema of {@link CemMpcOptions}. */
export const CEM_MPC_OPTIONS_SCHEMA: JsonSchema = Object.freeze({
  type: 'object',
  additionalProperties: false,
  properties: {
    horizon: { type: 'integer', minimum: 1, maximum: 1000 },
    population: { type: 'integer', minimum: 1, maximum: 100000 },
    elites: { type: 'integer', minimum: 1, maximum: 100000 },
    iterations: { type: 'integer', minimum: 1, maximum: 1000 },
    alpha: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
    epsilon: { type: 'number', minimum: 0 },
    sampleHold: { type: 'integer', minimum: 1, maximum: 1000 },
  },
});

const validateOptions = compileOptionsValidator<CemMpcOptions>(CEM_MPC_OPTIONS_SCHEMA);

/**
 * Cost of one predicted step: `observation` row `obsOffset` is the observation after applying the action at
 * `actions[actionOffset..]`; `goal` is the episode's desired goal. A candidate's cost is the sum over the horizon.
 */
export type StepCost = (
  observation: Float64Array,
  obsOffset: number,
  actions: Float64Array,
  actionOffset: number,
  goal: Float64Array,
) => number;

/**
 * A CEM model-predictive controller (PETS `MPC.act` with `CEMOptimizer`): every decision it sets the model's
 * root to the current state, optimises a `horizon × actionDim` plan with CEM (see {@link CemOptimizer}),
 * executes the plan's first action and keeps the rest, shifted by one step and padded with the middle of the
 * action bounds, as the next warm start. At reset the plan is the middle of the bounds (0 for symmetric ones).
 *
 * Every random draw comes from `Rng.fromSeed(seed).fork('cem-mpc')` of the reset seed, so a policy with a
 * deterministic model (the simulator) acts identically under the same seed. The action bounds are the env's
 * Box action space.
 *
 * @example
 * ```ts
 * const env = make('MBRLPusher-v0');
 * const policy = new CemMpcPolicy(pusherSimulatorModel(), pusherPlanningCost, { population: 40 });
 * const { obs } = env.reset({ seed: 3 });
 * policy.reset({ seed: 3, env });
 * env.step(policy.act(obs));
 * ```
 */
export class CemMpcPolicy implements BasePolicy<GoalObs, ActionInput> {
  readonly name: string;
  /** The validated settings. */
  readonly settings: Readonly<Required<CemMpcOptions>>;
  /** The dynamics model. */
  readonly model: DynamicsModel;
  private readonly cost: StepCost;
  private optimizer: CemOptimizer | null = null;
  private plan = new Float64Array(0);
  private middle = new Float64Array(0);
  private predicted = new Float64Array(0);
  private rng: Rng = Rng.fromSeed(0).fork('cem-mpc');
  private env: Env<unknown, unknown> | null = null;
  private goal: Float64Array = new Float64Array(0);
  private lastReportValue: CemReport | null = null;

  /**
   * @param model - predicts observations for candidate action sequences
   * @param cost - cost of one predicted step (summed over the horizon)
   * @param options - see {@link CemMpcOptions}
   * @throws InvalidOptions for malformed options or elites > population
   */
  constructor(model: DynamicsModel, cost: StepCost, options: CemMpcOptions = {}) {
    const opts = validateOptions(options, 'CemMpcPolicy options');
    const settings = Object.freeze({ ...CEM_MPC_DEFAULTS, ...opts });
    if (settings.elites > settings.population) {
      throw new GymError(
        `CemMpcPolicy: elites (${settings.elites}) exceed population (${settings.population})`,
        'invalid_options',
        {
          option: 'elites',
        },
      );
    }
    this.settings = settings;
    this.model = model;
    this.cost = cost;
    this.name = `cem-mpc(H=${settings.horizon},pop=${settings.population},elites=${settings.elites},iters=${settings.iterations},hold=${settings.sampleHold},${model.name})`;
  }

  /** Re-seeds the planner from the episode seed and resets the warm start. */
  reset(ctx: PolicyResetContext<GoalObs, ActionInput>): void {
    const space = ctx.env.actionSpace;
    if (!(space instanceof Box) || space.size !== this.model.actionDim) {
      throw new GymError(
        `CemMpcPolicy needs a Box action space of size ${this.model.actionDim}`,
        'invalid_env',
      );
    }
    const { low, high } = space;
    if (this.optimizer === null) {
      const settings: CemSettings = this.settings;
      this.optimizer = new CemOptimizer(settings, low, high);
      this.plan = new Float64Array(this.optimizer.dim);
      this.predicted = new Float64Array(settings.population * settings.horizon * this.model.observationDim);
      this.middle = new Float64Array(this.model.actionDim);
    }
    for (let k = 0; k < this.middle.length; k++) this.middle[k] = (low[k]! + high[k]!) / 2;
    for (let i = 0; i < this.plan.length; i++) this.plan[i] = this.middle[i % this.middle.length]!;
    this.rng = Rng.fromSeed(ctx.seed).fork('cem-mpc');
    this.env = ctx.env as Env<unknown, unknown>;
  }

  /** Plans from `obs` and returns the first action of the plan (a new Float32Array). */
  act(obs: GoalObs): Float32Array {
    const optimizer = this.optimizer;
    const env = this.env;
    if (optimizer === null || env === null)
      throw new GymError('CemMpcPolicy.act called before reset', 'policy_not_reset');
    const { horizon } = this.settings;
    const A = this.model.actionDim;
    const O = this.model.observationDim;
    this.goal = obs.desired_goal;
    this.model.setRoot({ observation: obs.observation, env });
    const predicted = this.predicted;
    const cost = this.cost;
    this.lastReportValue = optimizer.optimize(this.plan, this.rng, (samples, count, costs) => {
      this.model.rollout(samples, count, horizon, predicted);
      for (let i = 0; i < count; i++) {
        let c = 0;
        for (let t = 0; t < horizon; t++)
          c += cost(predicted, (i * horizon + t) * O, samples, (i * horizon + t) * A, this.goal);
        costs[i] = c;
      }
    });
    const action = new Float32Array(A);
    for (let k = 0; k < A; k++) action[k] = this.plan[k]!;
    shiftPlan(this.plan, this.middle);
    return action;
  }

  /** What the last CEM solve reported (iterations, elite costs), or null before the first decision. */
  get lastReport(): CemReport | null {
    return this.lastReportValue;
  }

  /** Warm-start plan and generator state, so that a restored residual env continues bit-identically. */
  getState(): StateValue {
    return { plan: Float64Array.from(this.plan), rng: this.rng.getState() as unknown as StateValue };
  }

  /**
   * Restores {@link CemMpcPolicy.getState}'s value (the policy must have been reset on the same env).
   *
   * @throws InvalidState if the value is malformed
   */
  setState(state: StateValue): void {
    const s = state as { plan?: unknown; rng?: unknown } | null;
    if (!s || !(s.plan instanceof Float64Array) || s.plan.length !== this.plan.length || !isRngState(s.rng)) {
      throw new InvalidState('malformed CemMpcPolicy state', 'invalid_state');
    }
    this.plan.set(s.plan);
    this.rng = Rng.fromState(s.rng as RngState);
  }

  /** Releases the model's resources. */
  close(): void {
    this.model.close?.();
  }
}
