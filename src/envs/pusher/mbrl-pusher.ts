/**
 * MBRLPusher: a 7-DoF arm pushes a puck to a fixed goal on a table (RPL `other_push_env.py` `PusherEnv`,
 * the PETS "MBRLPusher-v0" task), on Rapier.
 *
 * @module
 */

import { clipBoxAction } from '../../core/action.js';
import { GoalEnv, type GoalObs } from '../../core/goal-env.js';
import { compileOptionsValidator, type JsonSchema } from '../../core/options.js';
import { isPhysicsTaskState, physicsTaskState, restoreSnapshot } from '../../core/physics-task-state.js';
import type { EnvState, StateValue } from '../../core/state.js';
import type { ActionInput, Info, ResetArgs, ResetResult, RgbFrame, StepResult } from '../../core/types.js';
import { GymError, InvalidState } from '../../errors.js';
import { ENV_RENDER_MODES, EnvRenderer, envRenderMetadata } from '../../render/env-renderer.js';
import { PUSHER_ARM_DOF } from '../../robots/pusher-arm.js';
import { Box, Dict } from '../../spaces/index.js';
import {
  ARM_RESET_QVEL_NOISE_RADPS,
  OBS_PUCK,
  PUCK_RESET_OFFSET_M,
  PUCK_RESET_STD_M,
  PUCK_SLIDE_ORIGIN_M,
  PUSHER_GOAL_DIM,
  PUSHER_GOAL_M,
  PUSHER_MAX_TORQUE_NM,
  PUSHER_OBS_DIM,
  PUSHER_SUBSTEPS,
  PUSHER_SUCCESS_THRESHOLD_M,
  PUSHER_TIMESTEP_S,
  REWARD_CTRL_WEIGHT,
  REWARD_DIST_WEIGHT,
  REWARD_NEAR_WEIGHT,
} from './constants.js';
import { armVelocityKick, PUSHER_PHYSICS_PARAMS, type PusherPhysicsParams, PusherScene } from './scene.js';

/** The default configuration of MBRLPusher-v0: the physical parameters of pusher.xml. */
export const mbrlPusherConfig: PusherPhysicsParams = PUSHER_PHYSICS_PARAMS;

/**
 * Constructor options of {@link MbrlPusherEnv} (validated; unknown keys throw InvalidOptions). The physical
 * overrides exist for planning models (a *misspecified* simulator); they change `stateKind`.
 */
export interface MbrlPusherOptions {
  /** Joint damping per arm joint, N·m·s/rad (default pusher.xml: 1, 1, 0.1, 0.1, 0.1, 0.1, 0.1). */
  readonly jointDamping_Nms?: readonly number[];
  /** Puck mass, kg (default 0.04). */
  readonly puckMass_kg?: number;
  /** Viscous damping of each puck slide, N·s/m (default 0.5). */
  readonly puckDamping_Nspm?: number;
  /** Render mode: the env has none, so only null is accepted. */
  /** `null` (default) or `'rgb_array'` (frames through headless Chromium, see src/render). */
  readonly renderMode?: string | null;
}

/** JSON Schema of {@link MbrlPusherOptions} (used by `make` and by the constructor). */
export const MBRL_PUSHER_OPTIONS_SCHEMA: JsonSchema = Object.freeze({
  type: 'object',
  additionalProperties: false,
  properties: {
    jointDamping_Nms: {
      type: 'array',
      items: { type: 'number', minimum: 0, maximum: 100 },
      minItems: PUSHER_ARM_DOF,
      maxItems: PUSHER_ARM_DOF,
    },
    puckMass_kg: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
    puckDamping_Nspm: { type: 'number', minimum: 0, maximum: 100 },
    renderMode: { enum: [null, ...ENV_RENDER_MODES] },
  },
});

const validateOptions = compileOptionsValidator<MbrlPusherOptions>(MBRL_PUSHER_OPTIONS_SCHEMA);

const ACTION_LOW = new Float64Array(PUSHER_ARM_DOF).fill(-PUSHER_MAX_TORQUE_NM);
const ACTION_HIGH = new Float64Array(PUSHER_ARM_DOF).fill(PUSHER_MAX_TORQUE_NM);
const STATE_KIND_PREFIX = 'MbrlPusherEnv';

/**
 * MBRLPusher-v0 (RPL `OtherPusherEnv-v0`): a PR2-style 7-DoF arm, torque-controlled in zero gravity, pushes a
 * frictionless puck (2-DoF, on the table plane) toward a fixed goal. Only the U-shaped "scoop" at the wrist
 * touches the puck and the table; every other arm part passes through both (as in pusher.xml).
 *
 * ## Action space
 * `Box(-2, 2, (7,), float32)`: joint torques in N·m (gear 1), held for 4 physics steps of 0.01 s. Finite
 * out-of-range values are clipped; wrong length/type, NaN or Infinity throw InvalidAction and change nothing.
 *
 * | index | joint (axis) | range (rad) | damping (N·m·s/rad) |
 * |---|---|---|---|
 * | 0 | r_shoulder_pan (z) | [−2.2854, 2.0] | 1.0 |
 * | 1 | r_shoulder_lift (y) | [−0.5236, 1.3963] | 1.0 |
 * | 2 | r_upper_arm_roll (x) | [−1.5, 1.7] | 0.1 |
 * | 3 | r_elbow_flex (y) | [−2.3213, 0] | 0.1 |
 * | 4 | r_forearm_roll (x) | [−1.5, 1.5] | 0.1 |
 * | 5 | r_wrist_flex (y) | [−1.094, 0] | 0.1 |
 * | 6 | r_wrist_roll (x) | [−1.5, 1.5] | 0.1 |
 *
 * ## Observation space
 * `Dict` of unbounded float64 Boxes (keys sorted): `achieved_goal` (3) = puck centre, `desired_goal` (3) = goal
 * (0.45, −0.05, −0.323), `observation` (20):
 *
 * | index | meaning | unit |
 * |---|---|---|
 * | 0–6 | joint angles, action order | rad |
 * | 7–13 | joint velocities | rad/s |
 * | 14–16 | `tips_arm` xyz: the wrist-roll joint origin, middle of the scoop's base bar | m |
 * | 17–19 | puck centre xyz (z is always −0.275) | m |
 *
 * ## Reward
 * Computed after the step from the new state and the applied (clipped) action, as RPL does:
 * `1.25·(−‖puck − goal‖₁) + 0.5·(−‖puck − tip‖₁) + 0.1·(−‖a‖²)`. The L1 norms run over x, y, z, so the goal term
 * includes the constant 0.048 m height gap. `info.tips_arm` and `info.action` carry what `computeReward` needs
 * besides the goals, so HER can relabel batches.
 *
 * ## Start state
 * Arm at q = 0 (straight along +x at z = 0, tip at (0.821, −0.6, 0)). Puck at (0.60 + n₁, −0.30 + n₀, −0.275)
 * with n ~ N(0, 0.025²) per axis; arm joint velocities U(−0.005, 0.005) rad/s each (set by a one-physics-step
 * torque kick, so the joint angles start within ~1e-4 rad of 0). Draw order from `env.rng`: n₀, n₁, then the 7
 * velocities.
 *
 * ## Episode end
 * Never terminates; `make` adds a 150-step TimeLimit (6 s). `info.is_success` is 1 when the 3-D puck–goal
 * distance is below 0.05 m (given the 0.048 m height gap this means < ~0.014 m in the plane); RPL counts the
 * flag of the last step. If the physics blows up (NaN, puck off its plane), `step` throws PhysicsError and
 * later steps throw ResetNeeded until `reset`.
 *
 * ## Version history
 * - v0: first Rapier version. Differences from MuJoCo (no numeric parity is intended): the arm is a Rapier
 *   multibody whose joint limits are impulse constraints (hard, < 0.02 rad under sustained 2 N·m; brief
 *   overshoot on impact); the 0.04 armature is added link inertia about each joint axis (MuJoCo adds it to the
 *   joint-space diagonal only); joint damping is applied as an explicit torque each 0.01 s physics step on top
 *   of Rapier's built-in 0.1 (MuJoCo integrates damping implicitly); Rapier integrates each physics step in 2
 *   solver substeps; the puck is a 0.04 kg body with 12.5 s⁻¹ linear damping (MuJoCo: a ~1e-8 kg body on two
 *   slide joints with 0.04 armature and 0.5 damping); the table plane is a 4 m slab; the initial joint
 *   velocities come from a torque kick (above).
 */
export class MbrlPusherEnv extends GoalEnv<ActionInput> {
  readonly goalDim = PUSHER_GOAL_DIM;
  /** `Box(-2, 2, (7,), float32)`: joint torques (N·m). */
  readonly actionSpace = new Box(-PUSHER_MAX_TORQUE_NM, PUSHER_MAX_TORQUE_NM, [PUSHER_ARM_DOF], 'float32');
  /** Dict of unbounded float64 Boxes: achieved_goal [3], desired_goal [3], observation [20]. */
  readonly observationSpace = new Dict({
    observation: new Box(-Infinity, Infinity, [PUSHER_OBS_DIM], 'float64'),
    achieved_goal: new Box(-Infinity, Infinity, [PUSHER_GOAL_DIM], 'float64'),
    desired_goal: new Box(-Infinity, Infinity, [PUSHER_GOAL_DIM], 'float64'),
  });
  /** The physical parameters of this instance (frozen). */
  readonly params: PusherPhysicsParams;

  private scene: PusherScene;
  private readonly initialSnapshot: Uint8Array;
  private readonly kind: string;
  private readonly goal = Float64Array.from(PUSHER_GOAL_M);
  private readonly renderer: EnvRenderer;
  private readonly action = new Float64Array(PUSHER_ARM_DOF);
  private readonly obs = new Float64Array(PUSHER_OBS_DIM);
  private readonly qvel = new Float64Array(PUSHER_ARM_DOF);
  private readonly torque = new Float64Array(PUSHER_ARM_DOF);

  /**
   * @param options - see {@link MbrlPusherOptions}
   * @throws InvalidOptions for unknown or malformed options
   */
  constructor(options: MbrlPusherOptions = {}) {
    super();
    const opts = validateOptions(options, 'MBRLPusher options');
    this.renderModeValue = opts.renderMode ?? null;
    this.metadata = envRenderMetadata(1 / (PUSHER_SUBSTEPS * PUSHER_TIMESTEP_S));
    this.renderer = new EnvRenderer(this.renderModeValue); // throws UnsupportedMode before any world exists
    this.params = Object.freeze({
      jointDamping_Nms: Object.freeze([...(opts.jointDamping_Nms ?? mbrlPusherConfig.jointDamping_Nms)]),
      puckMass_kg: opts.puckMass_kg ?? mbrlPusherConfig.puckMass_kg,
      puckDamping_Nspm: opts.puckDamping_Nspm ?? mbrlPusherConfig.puckDamping_Nspm,
    });
    this.kind = `${STATE_KIND_PREFIX}${JSON.stringify(this.params)}`;
    this.scene = PusherScene.create(this.params);
    this.initialSnapshot = this.scene.snapshot();
  }

  /** Identity of the dynamics: the class plus the physical parameters. */
  override get stateKind(): string {
    return this.kind;
  }

  /** The physics scene (for tests and diagnostics; do not step it directly). */
  get physics(): PusherScene {
    return this.scene;
  }

  /** Starts an episode: rest configuration, Gaussian puck offset, small arm joint velocities (see class docs). */
  reset(args?: ResetArgs): ResetResult<GoalObs> {
    this.beginReset(args);
    this.replaceScene(this.scene.restore(this.initialSnapshot, this.params.jointDamping_Nms));
    const rng = this.rng;
    const n0 = rng.normal(0, PUCK_RESET_STD_M); // obj_slidey noise
    const n1 = rng.normal(0, PUCK_RESET_STD_M); // obj_slidex noise
    this.scene.setPuckXY(
      PUCK_SLIDE_ORIGIN_M[0] + PUCK_RESET_OFFSET_M[0] + n1,
      PUCK_SLIDE_ORIGIN_M[1] + PUCK_RESET_OFFSET_M[1] + n0,
    );
    for (let i = 0; i < PUSHER_ARM_DOF; i++) {
      this.qvel[i] = rng.uniform(-ARM_RESET_QVEL_NOISE_RADPS, ARM_RESET_QVEL_NOISE_RADPS);
    }
    this.scene.kickJointVelocities(armVelocityKick(), this.qvel, this.torque);
    this.scene.observe(this.obs);
    return { obs: this.makeObs(), info: {} };
  }

  /**
   * One env step: 4 physics steps of 0.01 s with the clipped torques.
   *
   * @throws InvalidAction for a malformed action (the env is unchanged and stays usable)
   * @throws PhysicsError if the simulation blew up (then ResetNeeded until `reset`)
   */
  step(action: ActionInput): StepResult<GoalObs> {
    this.assertCanStep();
    const a = clipBoxAction(action, ACTION_LOW, ACTION_HIGH, this.action);
    try {
      this.scene.step(a);
      this.scene.observe(this.obs);
    } catch (err) {
      this.failPhysics(err);
    }
    this.countStep();
    const obs = this.makeObs();
    const info: Info = {
      is_success: isPusherSuccess(obs.achieved_goal, obs.desired_goal) ? 1 : 0,
      tips_arm: this.obs.slice(14, 17),
      action: Float64Array.from(a),
    };
    return this.goalStepResult(obs, info);
  }

  /**
   * RPL's reward for one row; needs `info.tips_arm` (3) and `info.action` (7).
   *
   * @throws GymError if the info lacks them
   */
  protected rowReward(
    achieved: ArrayLike<number>,
    desired: ArrayLike<number>,
    offset: number,
    info: Info,
  ): number {
    const tip = info.tips_arm as ArrayLike<number> | undefined;
    const act = info.action as ArrayLike<number> | undefined;
    if (tip?.length !== 3 || act?.length !== PUSHER_ARM_DOF) {
      throw new GymError(
        'MBRLPusher computeReward needs info.tips_arm (3 numbers) and info.action (7 numbers), as step() returns them',
        'missing_reward_info',
      );
    }
    return pusherReward(achieved, desired, offset, tip, act);
  }

  /**
   * Restores the physical state of a state taken from any MBRLPusher env, also one with other physical
   * parameters, and keeps this env's own parameters. A misspecified planning model starts its rollouts from
   * the real env this way; `setState` (which requires the same `stateKind`) stays strict.
   *
   * @throws InvalidState if the state is not an MBRLPusher state or is malformed
   */
  transplantState(state: EnvState): void {
    if (typeof state?.envKind !== 'string' || !state.envKind.startsWith(STATE_KIND_PREFIX)) {
      throw new InvalidState('transplantState needs a state of an MBRLPusher env', 'state_env_mismatch', {
        got: state?.envKind,
      });
    }
    this.setState({ ...state, envKind: this.kind });
    this.scene.applyParams(this.params);
  }

  private makeObs(): GoalObs {
    return {
      observation: Float64Array.from(this.obs),
      achieved_goal: this.obs.slice(OBS_PUCK[0], OBS_PUCK[1]),
      desired_goal: Float64Array.from(this.goal),
    };
  }

  private replaceScene(next: PusherScene): void {
    this.scene.free();
    this.scene = next;
  }

  protected getTaskState(): StateValue {
    return physicsTaskState(this.scene.snapshot(), this.goal, this.physicsBroken);
  }

  protected setTaskState(task: StateValue): void {
    if (!isPhysicsTaskState(task, PUSHER_GOAL_DIM)) {
      throw new InvalidState('malformed MBRLPusher task state', 'invalid_state');
    }
    const damping = this.params.jointDamping_Nms;
    this.replaceScene(restoreSnapshot('MBRLPusher', () => this.scene.restore(task.physics, damping)));
    this.goal.set(task.goal);
    this.physicsBroken = task.broken;
  }

  /** An H x W x 3 uint8 frame when `renderMode` is `'rgb_array'`, else null. */
  override render(): RgbFrame | null {
    this.assertOpen();
    return this.renderer.render(this.scene.world, this.goal);
  }

  protected override onClose(): void {
    this.renderer.close();
    this.scene.free();
  }
}

/** The planar-and-height success test of RPL: 3-D distance of row `offset` below 0.05 m. */
export function isPusherSuccess(
  achieved: ArrayLike<number>,
  desired: ArrayLike<number>,
  offset = 0,
): boolean {
  const dx = achieved[offset]! - desired[offset]!;
  const dy = achieved[offset + 1]! - desired[offset + 1]!;
  const dz = achieved[offset + 2]! - desired[offset + 2]!;
  return Math.sqrt(dx * dx + dy * dy + dz * dz) < PUSHER_SUCCESS_THRESHOLD_M;
}

/**
 * RPL's MBRLPusher reward of one row: `1.25·reward_dist + 0.5·reward_near + 0.1·reward_ctrl` with
 * reward_dist = −‖puck − goal‖₁, reward_near = −‖puck − tip‖₁, reward_ctrl = −‖a‖².
 */
export function pusherReward(
  achieved: ArrayLike<number>,
  desired: ArrayLike<number>,
  offset: number,
  tip: ArrayLike<number>,
  action: ArrayLike<number>,
): number {
  let dist = 0;
  let near = 0;
  for (let k = 0; k < 3; k++) {
    dist += Math.abs(achieved[offset + k]! - desired[offset + k]!);
    near += Math.abs(achieved[offset + k]! - tip[k]!);
  }
  let ctrl = 0;
  for (let k = 0; k < action.length; k++) ctrl += action[k]! * action[k]!;
  return REWARD_DIST_WEIGHT * -dist + REWARD_NEAR_WEIGHT * -near + REWARD_CTRL_WEIGHT * -ctrl;
}
