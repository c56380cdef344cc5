/**
 * The shared GoalEnv of the Hook tasks (RPL `FetchHookEnv` and its variants): the Fetch scene and gripper on
 * the larger hook table plus an L-shaped hook, the 40-d observation (Fetch's 25 + 15 hook entries), resets in
 * the original's draw order, optional observation noise and two-frame stacking (NoisyHook), and a library of
 * scene layouts drawn per episode (ComplexHook). Tasks are configurations of this class (`hook.ts`,
 * `noisy-hook.ts`, `complex-hook.ts`).
 *
 * @module
 */

import { clipBoxAction } from '../../core/action.js';
import { configFingerprint } from '../../core/fingerprint.js';
import { GoalEnv, type GoalObs } from '../../core/goal-env.js';
import type { JsonSchema } from '../../core/options.js';
import { isPhysicsTaskState, physicsTaskState, restoreSnapshot } from '../../core/physics-task-state.js';
import type { StateValue } from '../../core/state.js';
import type { ActionInput, Info, ResetArgs, ResetResult, RgbFrame, StepResult } from '../../core/types.js';
import { InvalidState } from '../../errors.js';
import { isRngState, Rng } from '../../random/rng.js';
import { ENV_RENDER_MODES, EnvRenderer, envRenderMetadata } from '../../render/env-renderer.js';
import { minGripHeightAboveTable, type Vec3 } from '../../robots/fetch-gripper.js';
import { Box, Dict } from '../../spaces/index.js';
import {
  BLOCK_HALF_EXTENT_M,
  BLOCK_JOINT_DAMPING,
  BLOCK_MASS_KG,
  CONTROL_DT_S,
  DEFAULT_FRICTION,
  PICK_AND_PLACE_NOMINAL_GRIP_START_M,
  SETTLE_STEPS,
} from '../fetch/constants.js';
import {
  FETCH_ACTION_SIZE,
  FETCH_GOAL_SIZE,
  type FetchRewardType,
  fetchReward,
  fetchSuccessInfo,
} from '../fetch/fetch-env.js';
import { writeFetchObservation } from '../fetch/fetch-observation.js';
import { FetchScene, type SceneExtra, type SceneObjectShape } from '../fetch/fetch-scene.js';
import { quaternionToGymEuler } from '../fetch/rotations.js';
import {
  HOOK_DISCARDED_DRAW_RANGE_M,
  HOOK_GOAL_OFFSET_RANGE_M,
  HOOK_GRIPPER_MAX_X_M,
  HOOK_MIN_OBJECT_GOAL_DISTANCE_M,
  HOOK_NOMINAL_GOAL_M,
  HOOK_OBJECT_CONSTRUCTION_XY_M,
  HOOK_OBJECT_NOMINAL_XY_M,
  HOOK_START_POSITION_M,
  HOOK_TABLE_CENTRE_M,
  HOOK_TABLE_HALF_EXTENTS_M,
  HOOK_TABLE_TOP_M,
} from './constants.js';
import { HookTool } from './hook-tool.js';
import { type Bump, BumpSet } from './shapes.js';

/** Length of one observation frame: Fetch's 25 entries plus 15 hook entries. */
export const HOOK_FRAME_SIZE = 40;

/** Everything that distinguishes Hook, NoisyHook and ComplexHook. */
export interface HookTaskConfig {
  /** Task name used in `stateKind` and messages. */
  readonly name: string;
  /** Range of the object x offset from 1.80, m ([HOOKENV] (−0.05, 0.10); [CPLX] (−0.05, 0.05)). */
  readonly objectXOffsetRange_m: readonly [number, number];
  /** Range of the object y offset from 0.75, m. */
  readonly objectYOffsetRange_m: readonly [number, number];
  /** Success / reward distance threshold, m ([HOOKENV] 0.05). */
  readonly distanceThreshold_m: number;
  /** Standard deviation of the Gaussian observation noise (0: none), m or rad ([HOOKENV] NoisyHook 0.025). */
  readonly observationNoiseStd: number;
  /**
   * Reproduce the original's noise indexing bug: entries 12–14 (not 6–8) receive the second noised copy of
   * block − grip ([HOOKENV] `obs[12:15]`). Only matters with noise.
   */
  readonly legacyNoiseIndexBug: boolean;
  /** Observation frames concatenated (1, or 2 for the paper's two-frame NoisyHook). */
  readonly stackedFrames: 1 | 2;
  /** Sliding friction of table, object, hook and floor. */
  readonly friction: number;
  /** Sliding friction of the gripper's colliders. */
  readonly gripperFriction: number;
}

/** One scene of a Hook task: which object lies on the table, and what bumps are fixed to it. */
export interface HookSceneLayout {
  /** The object; undefined: the 5 cm, 2 kg cube of Hook. */
  readonly customObject?: SceneObjectShape;
  /** Height of the object's tracked point above the table top when the object rests on it, m. */
  readonly trackedPointAboveTable_m: number;
  /** Radius of a circle around the tracked point (xy) that contains the object's footprint, m. */
  readonly footprintRadius_m: number;
  /** Static boxes fixed on the table top (ComplexHook). */
  readonly bumps: readonly Bump[];
}

/** The plain Hook layout: the Fetch cube, no bumps. */
export const CUBE_LAYOUT: HookSceneLayout = Object.freeze({
  trackedPointAboveTable_m: BLOCK_HALF_EXTENT_M,
  footprintRadius_m: BLOCK_HALF_EXTENT_M * Math.SQRT2,
  bumps: [],
});

/** Reward shape: gym's `reward_type`. RPL uses `sparse` only. */
export type HookRewardType = FetchRewardType;

/** Constructor options shared by every Hook env. */
export interface HookEnvOptions {
  /** `sparse` (default): −1 if d > 0.05 else 0; `dense`: −d. */
  readonly rewardType?: HookRewardType;
  /** Render mode: the Hook envs have none, so only null is accepted. */
  /** `null` (default) or `'rgb_array'` (frames through headless Chromium, see src/render). */
  readonly renderMode?: string | null;
}

/** JSON Schema properties shared by every Hook env's options. */
export const HOOK_ENV_OPTION_PROPERTIES: Readonly<Record<string, JsonSchema>> = Object.freeze({
  rewardType: { enum: ['sparse', 'dense'] },
  renderMode: { enum: [null, ...ENV_RENDER_MODES] },
});

/** JSON Schema of {@link HookEnvOptions}. */
export const HOOK_ENV_OPTIONS_SCHEMA: JsonSchema = Object.freeze({
  type: 'object',
  additionalProperties: false,
  properties: HOOK_ENV_OPTION_PROPERTIES,
});

const ACTION_LOW = new Float64Array(FETCH_ACTION_SIZE).fill(-1);
const ACTION_HIGH = new Float64Array(FETCH_ACTION_SIZE).fill(1);
/** Clearance added when an object is lifted onto a bump under its start position, m. */
const BUMP_LIFT_CLEARANCE_M = 0.0005;

/**
 * Settled snapshots per scene layout and env kind, shared by every env instance (layouts are immutable data;
 * the ComplexHook library's layouts live as long as the process).
 */
const settledSnapshots = new WeakMap<HookSceneLayout, Map<string, Uint8Array>>();

/**
 * Base class of the Hook GoalEnvs. For each scene layout it builds a {@link FetchScene} (table 1.0 × 0.9 m,
 * object, Fetch gripper with motorised fingers and the x ≤ 1.55 workspace limit) with a {@link HookTool},
 * lets it settle for 10 env steps (gym `_env_setup`) and snapshots it; every reset restores that snapshot
 * and then draws the object xy and the goal from {@link HookEnvBase.rng} in the original's order:
 * (ComplexHook: the scene index,) one discarded U(−0.05, 0.05), object x and y (redrawn while within 0.1 m
 * of the nominal goal), then ONE goal offset u added to both goal x and y.
 *
 * `step` never terminates or truncates by itself: `make` adds the 100-step TimeLimit. If the physics blows
 * up, `step` throws PhysicsError and further steps throw ResetNeeded until the next reset.
 */
export class HookEnvBase extends GoalEnv<ActionInput> {
  readonly goalDim = FETCH_GOAL_SIZE;
  /** Box(−1, 1, [4], float32): gripper displacement (×5 cm) and finger command. */
  readonly actionSpace = new Box(-1, 1, [FETCH_ACTION_SIZE], 'float32');
  /** Dict of unbounded float64 Boxes: achieved_goal [3], desired_goal [3], observation [40 × frames]. */
  readonly observationSpace: Dict<{
    observation: Box<Float64Array>;
    achieved_goal: Box<Float64Array>;
    desired_goal: Box<Float64Array>;
  }>;
  /** The task configuration (frozen). */
  readonly config: HookTaskConfig;
  /** Reward shape chosen at construction. */
  readonly rewardType: HookRewardType;
  /** Length of `observation`: 40 per stacked frame. */
  readonly observationSize: number;

  private readonly layouts: readonly HookSceneLayout[];
  private readonly kind: string;
  private sceneValue: FetchScene | null = null;
  private hookValue: HookTool | null = null;
  private loadedLayout = -1;
  private layoutIndex = 0;
  private readonly goal = new Float64Array(FETCH_GOAL_SIZE);
  private readonly renderer: EnvRenderer;
  private readonly action = new Float64Array(FETCH_ACTION_SIZE);
  private readonly prevFrame: Float64Array;
  private noiseRng: Rng | null = null;
  private episodesSinceSeed = 0;
  private readonly quat = new Float64Array(4);
  private readonly vel = new Float64Array(3);

  /**
   * @param config - the task (e.g. `hookConfig`)
   * @param layouts - the scene library (one layout for Hook and NoisyHook)
   * @param options - validated task options (reward type, render mode)
   */
  constructor(config: HookTaskConfig, layouts: readonly HookSceneLayout[], options: HookEnvOptions) {
    super();
    this.renderModeValue = options.renderMode ?? null;
    this.metadata = envRenderMetadata(1 / CONTROL_DT_S);
    this.renderer = new EnvRenderer(this.renderModeValue); // throws UnsupportedMode before any world exists
    if (layouts.length === 0) throw new RangeError('a Hook env needs at least one scene layout');
    this.config = Object.freeze({ ...config });
    this.layouts = layouts;
    this.rewardType = options.rewardType ?? 'sparse';
    this.observationSize = HOOK_FRAME_SIZE * config.stackedFrames;
    this.prevFrame = new Float64Array(HOOK_FRAME_SIZE);
    this.observationSpace = new Dict({
      observation: new Box(-Infinity, Infinity, [this.observationSize], 'float64'),
      achieved_goal: new Box(-Infinity, Infinity, [FETCH_GOAL_SIZE], 'float64'),
      desired_goal: new Box(-Infinity, Infinity, [FETCH_GOAL_SIZE], 'float64'),
    });
    const fingerprint = configFingerprint({ config: this.config, layouts });
    this.kind = `${this.constructor.name}:${config.name}:${fingerprint}:${layouts.length}`;
    this.loadLayout(0);
  }

  /** Identity of the dynamics: class, task name, a hash of the config and the library size. */
  override get stateKind(): string {
    return this.kind;
  }

  /** The current physics scene (queries for tests and planners; do not step it directly). */
  get physics(): FetchScene {
    return this.sceneValue!;
  }

  /** The hook of the current scene. */
  get hook(): HookTool {
    return this.hookValue!;
  }

  /** Number of scene layouts an episode is drawn from. */
  get sceneCount(): number {
    return this.layouts.length;
  }

  /** Index of the current episode's scene layout. */
  get sceneIndex(): number {
    return this.layoutIndex;
  }

  /**
   * The scene of the next episode. Called first in `reset` (right after seeding); the default (one layout)
   * draws nothing. ComplexHook overrides it to validate its reset options, then draw the index from the env's
   * generator.
   */
  protected chooseLayout(_rng: Rng, _options: Readonly<Record<string, unknown>>): number {
    return 0;
  }

  /** Starts an episode: chooses and restores the settled scene, then draws the object xy and the goal. */
  reset(args?: ResetArgs): ResetResult<GoalObs> {
    const options = this.beginReset(args);
    const rng = this.rng;
    this.layoutIndex = this.chooseLayout(rng, options);
    if (args?.seed !== undefined) this.episodesSinceSeed = 0;
    else this.episodesSinceSeed++;
    this.loadLayout(this.layoutIndex);
    const cfg = this.config;
    rng.uniform(-HOOK_DISCARDED_DRAW_RANGE_M, HOOK_DISCARDED_DRAW_RANGE_M); // [HOOKENV] dead draw
    let x: number;
    let y: number;
    do {
      x = HOOK_OBJECT_NOMINAL_XY_M[0] + rng.uniform(cfg.objectXOffsetRange_m[0], cfg.objectXOffsetRange_m[1]);
      y = HOOK_OBJECT_NOMINAL_XY_M[1] + rng.uniform(cfg.objectYOffsetRange_m[0], cfg.objectYOffsetRange_m[1]);
    } while (
      (x - HOOK_NOMINAL_GOAL_M[0]) ** 2 + (y - HOOK_NOMINAL_GOAL_M[1]) ** 2 <
      HOOK_MIN_OBJECT_GOAL_DISTANCE_M ** 2
    );
    this.placeObject(x, y);
    const u = rng.uniform(-HOOK_GOAL_OFFSET_RANGE_M, HOOK_GOAL_OFFSET_RANGE_M);
    this.goal[0] = HOOK_NOMINAL_GOAL_M[0] + u;
    this.goal[1] = HOOK_NOMINAL_GOAL_M[1] + u;
    this.goal[2] = HOOK_NOMINAL_GOAL_M[2];
    // Noise comes from a named fork of the env generator (one per episode), so it never moves the scene draws.
    this.noiseRng = cfg.observationNoiseStd > 0 ? rng.fork(`obsNoise/${this.episodesSinceSeed}`) : null;
    const obs = this.observe(true);
    const info: Info = this.layouts.length > 1 ? { scene_index: this.layoutIndex } : {};
    return { obs, info };
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
      this.physics.step(a[0]!, a[1]!, a[2]!, a[3]!);
    } catch (err) {
      this.failPhysics(err);
    }
    this.countStep();
    const obs = this.observe(false);
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

  /**
   * Writes one noise-free 40-d frame: Fetch's 25 entries, then 25–27 hook reference point, 28–30 hook Euler
   * angles, 31–33 (hook point − grip) velocity × dt, 34–36 hook angular velocity × dt, 37–39 hook − grip.
   */
  private writeFrame(o: Float64Array): void {
    const scene = this.physics;
    const hook = this.hook;
    writeFetchObservation(scene, o, 0);
    hook.referencePosition(o, 25);
    hook.quaternion(this.quat);
    const q = this.quat;
    quaternionToGymEuler(q[0]!, q[1]!, q[2]!, q[3]!, o, 28);
    hook.referenceVelocity(this.vel);
    for (let i = 0; i < 3; i++) o[31 + i] = this.vel[i]! * CONTROL_DT_S - o[20 + i]!; // grip velp × dt at 20–22
    hook.angularVelocity(o, 34);
    for (let i = 0; i < 3; i++) o[34 + i] = o[34 + i]! * CONTROL_DT_S;
    for (let i = 0; i < 3; i++) o[37 + i] = o[25 + i]! - o[i]!;
  }

  /**
   * NoisyHook's noise, in the original's order (spec §3.1): hook position (3 draws), hook angles (3), 37–39
   * recomputed from the noisy hook position, block x and y (2; z is not noised), 6–8 recomputed, then 3 fresh
   * draws on a copy of 6–8 written to 12–14 (legacy bug) or added to 6–8.
   */
  private addNoise(o: Float64Array, rng: Rng): void {
    const s = this.config.observationNoiseStd;
    for (let i = 25; i < 31; i++) o[i] = o[i]! + rng.normal(0, s);
    for (let i = 0; i < 3; i++) o[37 + i] = o[25 + i]! - o[i]!;
    o[3] = o[3]! + rng.normal(0, s);
    o[4] = o[4]! + rng.normal(0, s);
    for (let i = 0; i < 3; i++) o[6 + i] = o[3 + i]! - o[i]!;
    const target = this.config.legacyNoiseIndexBug ? 12 : 6;
    for (let i = 0; i < 3; i++) o[target + i] = o[6 + i]! + rng.normal(0, s);
  }

  /** Assembles the observation dict (fresh arrays every call); goals are never noised. */
  private observe(atReset: boolean): GoalObs {
    const frames = this.config.stackedFrames;
    const o = new Float64Array(this.observationSize);
    const k = (frames - 1) * HOOK_FRAME_SIZE; // the newest frame is last
    const frame = o.subarray(k);
    this.writeFrame(frame);
    const achieved = o.slice(k + 3, k + 6); // copied before any noise
    if (this.noiseRng !== null) this.addNoise(frame, this.noiseRng);
    if (frames === 2) {
      o.set(atReset ? frame : this.prevFrame, 0);
      this.prevFrame.set(frame);
    }
    return { observation: o, achieved_goal: achieved, desired_goal: Float64Array.from(this.goal) };
  }

  /**
   * Puts the object's tracked point at (x, y). If a bump lies under the object's footprint, the object is
   * lifted onto it (it then settles in the first step) instead of starting inside the bump.
   */
  private placeObject(x: number, y: number): void {
    const layout = this.layouts[this.layoutIndex]!;
    const scene = this.physics;
    scene.setBlockXY(x, y);
    let lift = 0;
    for (const b of layout.bumps) {
      const r = layout.footprintRadius_m;
      if (
        Math.abs(b.centre_m[0] - x) < b.halfExtents_m[0] + r &&
        Math.abs(b.centre_m[1] - y) < b.halfExtents_m[1] + r
      ) {
        lift = Math.max(lift, 2 * b.halfExtents_m[2] + BUMP_LIFT_CLEARANCE_M);
      }
    }
    if (lift > 0) {
      const body = scene.blockBody;
      const p = body.translation();
      p.z = HOOK_TABLE_TOP_M + layout.trackedPointAboveTable_m + lift;
      body.setTranslation(p, true);
    }
  }

  /** Makes layout `index` the current scene, restoring its settled snapshot (building and settling it once). */
  private loadLayout(index: number): void {
    const layout = this.layouts[index]!;
    let byKind = settledSnapshots.get(layout);
    if (byKind === undefined) {
      byKind = new Map();
      settledSnapshots.set(layout, byKind);
    }
    if (this.loadedLayout !== index) {
      const hook = new HookTool({
        startPosition_m: HOOK_START_POSITION_M,
        friction: this.config.friction,
        tableTop_m: HOOK_TABLE_TOP_M,
        tableCentre_m: HOOK_TABLE_CENTRE_M,
        tableHalfExtents_m: HOOK_TABLE_HALF_EXTENTS_M,
      });
      const extras: SceneExtra[] = [hook];
      if (layout.bumps.length > 0) extras.push(new BumpSet(layout.bumps, this.config.friction));
      const objectStart: Vec3 = [
        HOOK_OBJECT_CONSTRUCTION_XY_M[0],
        HOOK_OBJECT_CONSTRUCTION_XY_M[1],
        HOOK_TABLE_TOP_M + layout.trackedPointAboveTable_m,
      ];
      const scene = new FetchScene(
        {
          tableCentre_m: HOOK_TABLE_CENTRE_M,
          tableHalfExtents_m: HOOK_TABLE_HALF_EXTENTS_M,
          blockHalfExtent_m: BLOCK_HALF_EXTENT_M,
          blockMass_kg: BLOCK_MASS_KG,
          blockJointDamping: BLOCK_JOINT_DAMPING,
          blockInitialPosition_m: objectStart,
          blockTableFriction: this.config.friction,
          gripper: {
            startGripPosition_m: PICK_AND_PLACE_NOMINAL_GRIP_START_M,
            fingers: 'motorised',
            workspaceMin_m: [-Infinity, -Infinity, minGripHeightAboveTable(HOOK_TABLE_TOP_M)],
            workspaceMax_m: [HOOK_GRIPPER_MAX_X_M, Infinity, Infinity],
            friction: this.config.gripperFriction,
          },
          ...(layout.customObject === undefined ? {} : { customObject: layout.customObject }),
        },
        extras,
      );
      if (!byKind.has(this.kind)) {
        for (let i = 0; i < SETTLE_STEPS; i++) scene.step(0, 0, 0, 0);
        byKind.set(this.kind, scene.snapshot());
      }
      this.sceneValue?.free();
      this.sceneValue = scene;
      this.hookValue = hook;
      this.loadedLayout = index;
    }
    this.physics.restore(byKind.get(this.kind)!);
  }

  protected getTaskState(): StateValue {
    return {
      layout: this.layoutIndex,
      ...physicsTaskState(this.physics.snapshot(), this.goal, this.physicsBroken),
      noise: this.noiseRng === null ? null : (this.noiseRng.getState() as unknown as StateValue),
      prevFrame: Float64Array.from(this.prevFrame),
      episodesSinceSeed: this.episodesSinceSeed,
    };
  }

  protected setTaskState(task: StateValue): void {
    if (!isPhysicsTaskState(task, FETCH_GOAL_SIZE)) {
      throw new InvalidState(`malformed ${this.config.name} task state`, 'invalid_state');
    }
    const t = task as typeof task & {
      layout?: unknown;
      noise?: unknown;
      prevFrame?: unknown;
      episodesSinceSeed?: unknown;
    };
    if (
      typeof t.layout !== 'number' ||
      !Number.isInteger(t.layout) ||
      t.layout < 0 ||
      t.layout >= this.layouts.length ||
      !(t.noise === null || isRngState(t.noise)) ||
      !(t.prevFrame instanceof Float64Array) ||
      t.prevFrame.length !== HOOK_FRAME_SIZE ||
      typeof t.episodesSinceSeed !== 'number' ||
      !Number.isSafeInteger(t.episodesSinceSeed)
    ) {
      throw new InvalidState(`malformed ${this.config.name} task state`, 'invalid_state');
    }
    const layout = t.layout;
    restoreSnapshot(this.config.name, () => {
      this.loadLayout(layout);
      this.physics.restore(t.physics);
    });
    this.layoutIndex = t.layout;
    this.goal.set(t.goal);
    this.physicsBroken = t.broken;
    this.noiseRng = t.noise === null ? null : Rng.fromState(t.noise);
    this.prevFrame.set(t.prevFrame);
    this.episodesSinceSeed = t.episodesSinceSeed;
  }

  /** An H x W x 3 uint8 frame when `renderMode` is `'rgb_array'`, else null. */
  override render(): RgbFrame | null {
    this.assertOpen();
    return this.renderer.render(this.physics.world, this.goal);
  }

  protected override onClose(): void {
    this.renderer.close();
    this.sceneValue?.free();
    this.sceneValue = null;
  }
}

/** The default friction of every Hook surface: MuJoCo's default sliding friction 1.0 (spec §1.2). */
export const HOOK_FRICTION = DEFAULT_FRICTION;
