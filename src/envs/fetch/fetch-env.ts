/**
 * The shared GoalEnv of the Fetch tasks (gym 0.10.9 `FetchEnv`): observation assembly, resets with gym's draw
 * order, sparse reward and `info.is_success`, state and lifetime. Tasks are configurations of this class
 * (see `push.ts`, `slippery-push.ts`, `pick-and-place.ts`).
 *
 * @module
 */

import { clipBoxAction } from '../../core/action.js';
import { configFingerprint } from '../../core/fingerprint.js';
import { GoalEnv, type GoalObs } from '../../core/goal-env.js';
import { compileOptionsValidator, type JsonSchema } from '../../core/options.js';
import { isPhysicsTaskState, physicsTaskState, restoreSnapshot } from '../../core/physics-task-state.js';
import type { StateValue } from '../../core/state.js';
import type { ActionInput, Info, ResetArgs, ResetResult, RgbFrame, StepResult } from '../../core/types.js';
import { InvalidState } from '../../errors.js';
import { ENV_RENDER_MODES, EnvRenderer, envRenderMetadata } from '../../render/env-renderer.js';
import { minGripHeightAboveTable, type Vec3 } from '../../robots/fetch-gripper.js';
import { Box, Dict } from '../../spaces/index.js';
import {
  AIR_GOAL_PROBABILITY,
  BLOCK_HALF_EXTENT_M,
  BLOCK_INITIAL_XY_M,
  BLOCK_JOINT_DAMPING,
  BLOCK_MASS_KG,
  CONTROL_DT_S,
  MAX_GOAL_HEIGHT_M,
  MIN_BLOCK_START_DISTANCE_M,
  SETTLE_STEPS,
} from './constants.js';
import { FETCH_OBSERVATION_SIZE, writeFetchObservation } from './fetch-observation.js';
import { FetchScene } from './fetch-scene.js';

/** Length of the goal vectors (block centre position). */
export const FETCH_GOAL_SIZE = 3;
/** Length of the action vector: Δx, Δy, Δz of the gripper and the finger command. */
export const FETCH_ACTION_SIZE = 4;

/** A Fetch task: everything that distinguishes Push, SlipperyPush and PickAndPlace. */
export interface FetchTaskConfig {
  /** Task name used in `stateKind` and messages. */
  readonly name: string;
  /** gym `block_gripper`: fingers fixed closed and a[3] ignored (Push) instead of motorised (PickAndPlace). */
  readonly blockGripper: boolean;
  /** Where the grip site is placed before settling, m (gym's settled position; clamped above the table). */
  readonly nominalGripStart_m: Vec3;
  /** gym `target_in_the_air`: with probability 0.5 the goal is lifted by U(0, 0.45). */
  readonly targetInTheAir: boolean;
  /** gym `target_offset`, added to every goal, m. */
  readonly targetOffset_m: Vec3;
  /** gym `obj_range`: block start xy = initial grip xy + U(−r, r)², m. */
  readonly objRange_m: number;
  /** gym `target_range`: goal = initial grip position + U(−r, r)³, m. */
  readonly targetRange_m: number;
  /** gym `distance_threshold`: success when the block is closer than this to the goal, m. */
  readonly distanceThreshold_m: number;
  /** Sliding friction of table, block and floor (the pair coefficient, see `FetchSceneConfig`). */
  readonly blockTableFriction: number;
  /** Sliding friction of the gripper's colliders. */
  readonly gripperFriction: number;
  /** Table box centre, m. */
  readonly tableCentre_m: Vec3;
  /** Table box half-extents, m. */
  readonly tableHalfExtents_m: Vec3;
}

/** Reward shape: gym's `reward_type`. RPL uses `sparse` only. */
export type FetchRewardType = 'sparse' | 'dense';

/** Constructor options of every Fetch env (validated; unknown keys throw InvalidOptions). */
export interface FetchEnvOptions {
  /** `sparse` (default): −1 if d > threshold else 0; `dense`: −d. */
  readonly rewardType?: FetchRewardType;
  /** Render mode: the Fetch envs have none, so only null is accepted. */
  /** `null` (default) or `'rgb_array'` (frames through headless Chromium, see src/render). */
  readonly renderMode?: string | null;
}

/** JSON Schema of {@link FetchEnvOptions} (used by `make` and by the constructor). */
export const FETCH_ENV_OPTIONS_SCHEMA: JsonSchema = Object.freeze({
  type: 'object',
  additionalProperties: false,
  properties: {
    rewardType: { enum: ['sparse', 'dense'] },
    renderMode: { enum: [null, ...ENV_RENDER_MODES] },
  },
});

const validateOptions = compileOptionsValidator<FetchEnvOptions>(FETCH_ENV_OPTIONS_SCHEMA);

const ACTION_LOW = new Float64Array(FETCH_ACTION_SIZE).fill(-1);
const ACTION_HIGH = new Float64Array(FETCH_ACTION_SIZE).fill(1);

/** Distance between row `offset` of two stacked 3-d goal arrays (numpy's `norm` over the last axis). */
export function goalDistance(a: ArrayLike<number>, b: ArrayLike<number>, offset = 0): number {
  const dx = a[offset]! - b[offset]!;
  const dy = a[offset + 1]! - b[offset + 1]!;
  const dz = a[offset + 2]! - b[offset + 2]!;
  return Math.sqrt(dx * dx + dy * dy + dz * dz);
}

/**
 * Gymnasium-Robotics' Fetch reward of row `offset` (shared by the Fetch and Hook tasks): sparse −1 when the
 * goal distance exceeds `threshold_m`, else 0; dense −distance.
 */
export function fetchReward(
  achieved: ArrayLike<number>,
  desired: ArrayLike<number>,
  offset: number,
  threshold_m: number,
  rewardType: FetchRewardType,
): number {
  const d = goalDistance(achieved, desired, offset);
  if (rewardType === 'dense') return -d;
  return d > threshold_m ? -1 : 0;
}

/** The step info of the Fetch and Hook tasks: `is_success` = 1 when the goal distance is below `threshold_m`. */
export function fetchSuccessInfo(obs: GoalObs, threshold_m: number): Info {
  return { is_success: goalDistance(obs.achieved_goal, obs.desired_goal) < threshold_m ? 1 : 0 };
}

/**
 * Base class of the Fetch GoalEnvs. Construction builds the Rapier scene once, lets it settle for 10 env
 * steps (gym `_env_setup`), records {@link FetchEnv.initialGripperPos} and {@link FetchEnv.heightOffset} and
 * snapshots the world; every reset restores that snapshot (into a fresh world, freeing the old one) and then
 * draws the block start and the goal from {@link FetchEnv.rng} in gym's order.
 *
 * The observation is gym's 25-d Fetch vector (see the task classes for the table), the action a ∈ [−1, 1]⁴
 * (clipped; wrong length/type or NaN throws InvalidAction and changes nothing). `step` never terminates or
 * truncates by itself: `make` adds the 50-step TimeLimit. If the physics blows up, `step` throws PhysicsError
 * and further steps throw ResetNeeded until the next reset.
 */
export class FetchEnv extends GoalEnv<ActionInput> {
  readonly goalDim = FETCH_GOAL_SIZE;
  /** Box(−1, 1, [4], float32): gripper displacement (×5 cm) and finger command. */
  readonly actionSpace = new Box(-1, 1, [FETCH_ACTION_SIZE], 'float32');
  /** Dict of unbounded float64 Boxes: achieved_goal [3], desired_goal [3], observation [25]. */
  readonly observationSpace = new Dict({
    observation: new Box(-Infinity, Infinity, [FETCH_OBSERVATION_SIZE], 'float64'),
    achieved_goal: new Box(-Infinity, Infinity, [FETCH_GOAL_SIZE], 'float64'),
    desired_goal: new Box(-Infinity, Infinity, [FETCH_GOAL_SIZE], 'float64'),
  });
  /** The task configuration (frozen). */
  readonly config: FetchTaskConfig;
  /** Reward shape chosen at construction. */
  readonly rewardType: FetchRewardType;
  /** Grip-site position after settling, m (gym `initial_gripper_xpos`). */
  readonly initialGripperPos: Readonly<Float64Array>;
  /** Block centre height at rest on the table after settling, m (gym `height_offset`). */
  readonly heightOffset: number;

  private readonly scene: FetchScene;
  private readonly initialSnapshot: Uint8Array;
  private readonly renderer: EnvRenderer;
  private readonly goal = new Float64Array(FETCH_GOAL_SIZE);
  private readonly action = new Float64Array(FETCH_ACTION_SIZE);
  private readonly kind: string;

  /**
   * @param config - the task (e.g. `pushConfig`)
   * @param options - see {@link FetchEnvOptions}
   * @throws InvalidOptions for unknown or malformed options
   */
  constructor(config: FetchTaskConfig, options: FetchEnvOptions = {}) {
    super();
    const opts = validateOptions(options, `${config.name} options`);
    this.renderModeValue = opts.renderMode ?? null;
    this.metadata = envRenderMetadata(1 / CONTROL_DT_S);
    this.renderer = new EnvRenderer(this.renderModeValue); // throws UnsupportedMode before any world exists
    this.config = Object.freeze({ ...config });
    this.rewardType = opts.rewardType ?? 'sparse';
    this.kind = `${this.constructor.name}:${config.name}:${configFingerprint(this.config)}`;
    const tableTop = config.tableCentre_m[2] + config.tableHalfExtents_m[2];
    this.scene = new FetchScene({
      tableCentre_m: config.tableCentre_m,
      tableHalfExtents_m: config.tableHalfExtents_m,
      blockHalfExtent_m: BLOCK_HALF_EXTENT_M,
      blockMass_kg: BLOCK_MASS_KG,
      blockJointDamping: BLOCK_JOINT_DAMPING,
      // gym starts the block centre at the table top and lets contact push it up; a Rapier block that deep
      // in the table would be launched, so it starts resting on the top.
      blockInitialPosition_m: [BLOCK_INITIAL_XY_M[0], BLOCK_INITIAL_XY_M[1], tableTop + BLOCK_HALF_EXTENT_M],
      blockTableFriction: config.blockTableFriction,
      gripper: {
        startGripPosition_m: config.nominalGripStart_m,
        fingers: config.blockGripper ? 'fixed' : 'motorised',
        workspaceMin_m: [-Infinity, -Infinity, minGripHeightAboveTable(tableTop)],
        workspaceMax_m: [Infinity, Infinity, Infinity],
        friction: config.gripperFriction,
      },
    });
    for (let i = 0; i < SETTLE_STEPS; i++) this.scene.step(0, 0, 0, 0);
    const grip = new Float64Array(3);
    this.scene.gripPosition(grip);
    this.initialGripperPos = grip;
    const block = new Float64Array(3);
    this.scene.blockPosition(block);
    this.heightOffset = block[2]!;
    this.initialSnapshot = this.scene.snapshot();
  }

  /** Identity of the dynamics: class, task name and a hash of the whole config. */
  override get stateKind(): string {
    return this.kind;
  }

  /** The physics scene (queries for tests and planners; do not step it directly). */
  get physics(): FetchScene {
    return this.scene;
  }

  /** Starts an episode: restores the settled snapshot, then draws the block xy and the goal (spec §3). */
  reset(args?: ResetArgs): ResetResult<GoalObs> {
    this.beginReset(args);
    this.scene.restore(this.initialSnapshot);
    const rng = this.rng;
    const cfg = this.config;
    const g0 = this.initialGripperPos;
    // Block xy: redraw until at least 10 cm (xy) from the initial grip position; at least one draw.
    let bx = g0[0]!;
    let by = g0[1]!;
    while (Math.sqrt((bx - g0[0]!) ** 2 + (by - g0[1]!) ** 2) < MIN_BLOCK_START_DISTANCE_M) {
      bx = g0[0]! + rng.uniform(-cfg.objRange_m, cfg.objRange_m);
      by = g0[1]! + rng.uniform(-cfg.objRange_m, cfg.objRange_m);
    }
    this.scene.setBlockXY(bx, by);
    // Goal: three draws (the z draw is consumed, then replaced by the resting height).
    for (let i = 0; i < 3; i++) {
      this.goal[i] = g0[i]! + rng.uniform(-cfg.targetRange_m, cfg.targetRange_m) + cfg.targetOffset_m[i]!;
    }
    this.goal[2] = this.heightOffset;
    if (cfg.targetInTheAir && rng.uniform() < AIR_GOAL_PROBABILITY) {
      this.goal[2] += rng.uniform(0, MAX_GOAL_HEIGHT_M);
    }
    return { obs: this.observe(), info: {} };
  }

  /**
   * One env step of 20 physics substeps.
   *
   * @throws InvalidAction for a malformed action (the env is unchanged and stays usable)
   * @throws PhysicsError if the simulation blew up (then ResetNeeded until `reset`)
   */
  step(action: ActionInput): StepResult<GoalObs> {
    this.assertCanStep();
    const a = clipBoxAction(action, ACTION_LOW, ACTION_HIGH, this.action);
    try {
      this.scene.step(a[0]!, a[1]!, a[2]!, this.config.blockGripper ? 0 : a[3]!);
    } catch (err) {
      this.failPhysics(err);
    }
    this.countStep();
    const obs = this.observe();
    return this.goalStepResult(obs, fetchSuccessInfo(obs, this.config.distanceThreshold_m));
  }

  /** Sparse: −1 if the distance exceeds the threshold, else 0. Dense: −distance. */
  protected rowReward(
    achieved: ArrayLike<number>,
    desired: ArrayLike<number>,
    offset: number,
    _info: Info,
  ): number {
    return fetchReward(achieved, desired, offset, this.config.distanceThreshold_m, this.rewardType);
  }

  /** Assembles gym's observation dict (fresh arrays every call). */
  private observe(): GoalObs {
    const o = new Float64Array(FETCH_OBSERVATION_SIZE);
    writeFetchObservation(this.scene, o);
    return { observation: o, achieved_goal: o.slice(3, 6), desired_goal: Float64Array.from(this.goal) };
  }

  protected getTaskState(): StateValue {
    return physicsTaskState(this.scene.snapshot(), this.goal, this.physicsBroken);
  }

  protected setTaskState(task: StateValue): void {
    if (!isPhysicsTaskState(task, FETCH_GOAL_SIZE)) {
      throw new InvalidState(`malformed ${this.config.name} task state`, 'invalid_state');
    }
    restoreSnapshot(this.config.name, () => this.scene.restore(task.physics));
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
