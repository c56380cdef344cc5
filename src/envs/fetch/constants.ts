/**
 * Named numbers of the Fetch tasks (Push, SlipperyPush, PickAndPlace), with units and where they come from.
 * Source tags refer to `shared/spec/fetch-tasks.md`. Gripper geometry lives in `robots/fetch-gripper.ts`.
 *
 * @module
 */
import type { Vec3 } from '../../robots/fetch-gripper.js';

/** Physics timestep, s: gym push.xml `timestep="0.002"`. */
export const PHYSICS_TIMESTEP_S = 0.002;
/** Physics substeps per env step: gym fetch `n_substeps=20`. */
export const SUBSTEPS_PER_STEP = 20;
/** Control period = timestep × substeps, s: the factor of every observed "velocity" (gym `dt`). */
export const CONTROL_DT_S = PHYSICS_TIMESTEP_S * SUBSTEPS_PER_STEP;
/** Gravity, m/s²: MuJoCo default. */
export const GRAVITY_MPS2: Vec3 = [0, 0, -9.81];
/**
 * Contact stiffness as a natural frequency, Hz: Rapier's 30 Hz default lets fingers sink 25 mm into the block;
 * at 100 Hz a 720 N grip still sinks 1–2 mm (q ≈ 0.022, failing RPL's |q − 0.024| < 1e-3 test); 200 Hz: 0.5 mm.
 */
export const CONTACT_NATURAL_FREQUENCY_HZ = 200;
/** Episode length, env steps: gym registration `max_episode_steps=50`. */
export const MAX_EPISODE_STEPS = 50;

/** Table centre, m: gym push.xml `table0` pos (1.3, 0.75, 0.2). */
export const TABLE_CENTRE_M: Vec3 = [1.3, 0.75, 0.2];
/** Table half-extents, m: gym push.xml `table0` size (0.25, 0.35, 0.2); top at z = 0.40. */
export const TABLE_HALF_EXTENTS_M: Vec3 = [0.25, 0.35, 0.2];
/** Floor height, m: gym push.xml floor plane at z = 0 (stops blocks that fall off the table). */
export const FLOOR_Z_M = 0;

/** Block half-extent, m: gym push.xml `object0` size 0.025 (a 5 cm cube). */
export const BLOCK_HALF_EXTENT_M = 0.025;
/** Block mass, kg: gym push.xml `object0` mass 2. */
export const BLOCK_MASS_KG = 2;
/** Free-joint damping of the block, N·s/m and N·m·s/rad: gym push.xml `damping="0.01"`. */
export const BLOCK_JOINT_DAMPING = 0.01;
/** Block xy at construction, m: gym `initial_qpos` object0 (1.25, 0.53); every reset overwrites it. */
export const BLOCK_INITIAL_XY_M: readonly [number, number] = [1.25, 0.53];

/** Default sliding friction of every collider: MuJoCo default `friction="1 ..."`. */
export const DEFAULT_FRICTION = 1.0;
/** Sliding friction of every geom in SlipperyPush: RPL `SlipperyPushEnv` sets (0.18, 0.005, 0.0001) on all geoms. */
export const SLIPPERY_FRICTION = 0.18;

/** Settled grip position of Push (gym set-up in native MuJoCo 2.2.2, spec §1.5), m. */
export const PUSH_NOMINAL_GRIP_START_M: Vec3 = [1.34787, 0.74895, 0.41364];
/** Settled grip position of PickAndPlace (gym `gripper_extra_height=0.2`, spec §1.5), m. */
export const PICK_AND_PLACE_NOMINAL_GRIP_START_M: Vec3 = [1.34193, 0.7491, 0.53472];
/** Env steps of settling at construction: gym `_env_setup` runs 10 sim steps. */
export const SETTLE_STEPS = 10;

/** Half-width of the block start and goal boxes around the initial grip xy, m: gym `obj_range`/`target_range`. */
export const SAMPLE_RANGE_M = 0.15;
/** The block starts at least this far (xy) from the initial grip position, m: gym `_reset_sim` loop. */
export const MIN_BLOCK_START_DISTANCE_M = 0.1;
/** Maximum height of an in-the-air goal above the resting block, m: gym `_sample_goal` U(0, 0.45). */
export const MAX_GOAL_HEIGHT_M = 0.45;
/** Probability that a PickAndPlace goal is in the air: gym `if np_random.uniform() < 0.5`. */
export const AIR_GOAL_PROBABILITY = 0.5;
/** Success / reward distance threshold, m: gym push.py and pick_and_place.py `distance_threshold=0.05`. */
export const DISTANCE_THRESHOLD_M = 0.05;

/** A block centre this far below the table top while over the table means it tunnelled, m. */
export const TUNNEL_TOLERANCE_M = 0.01;
