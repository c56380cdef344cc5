/**
 * Numbers of the MBRLPusher task (RPL `other_push_env.py` + `pusher.xml`; spec `mbrl-pusher.md`), each with
 * its unit and where it comes from.
 *
 * @module
 */

/** Physics timestep (s): pusher.xml `<option timestep="0.01">`. */
export const PUSHER_TIMESTEP_S = 0.01;
/** Physics steps per env step: RPL/PETS `frame_skip = 4`, so one env step is 0.04 s. */
export const PUSHER_SUBSTEPS = 4;
/**
 * Rapier solver iterations per physics step. Since Rapier 0.18 each iteration is an internal substep, so 2
 * integrates at 0.005 s: joint limits then hold to < 0.01 rad under sustained maximum torque at 3.4k env
 * steps/s; 4 halves the transient overshoot when a joint slams into a limit but runs at 2.4k steps/s.
 */
export const PUSHER_SOLVER_ITERATIONS = 2;
/** Episode length in env steps (RPL `timestep_limit=150`, PETS `TASK_HORIZON`). */
export const PUSHER_MAX_EPISODE_STEPS = 150;
/** Torque bound per joint (N·m): pusher.xml `ctrlrange="-2.0 2.0"`, gear 1. */
export const PUSHER_MAX_TORQUE_NM = 2;

/** Height of the table plane (m): pusher.xml table geom at z = −0.325. */
export const TABLE_Z_M = -0.325;
/** Puck cylinder radius and half-height (m): pusher.xml `size="0.05 0.05"`. */
export const PUCK_RADIUS_M = 0.05;
/** Puck half-height (m); the puck spans z ∈ [−0.325, −0.225], i.e. it rests on the table. */
export const PUCK_HALF_HEIGHT_M = 0.05;
/** Puck centre height (m): pusher.xml object body z = −0.275; z is locked, so this never changes. */
export const PUCK_Z_M = -0.275;
/** Origin of the puck's slide joints in world (m): pusher.xml object body pos (x, y). */
export const PUCK_SLIDE_ORIGIN_M: readonly [number, number] = [0.45, -0.05];
/**
 * Mean slide offsets of the puck at reset (m): `obj_slidex = 0.15`, `obj_slidey = −0.25`
 * (RPL `reset_model`), so the puck starts around world (0.60, −0.30).
 */
export const PUCK_RESET_OFFSET_M: readonly [number, number] = [0.15, -0.25];
/** Standard deviation of the Gaussian puck reset noise per axis (m): RPL `np.random.normal(scale=0.025)`. */
export const PUCK_RESET_STD_M = 0.025;
/**
 * Puck mass (kg). The MuJoCo puck weighs ~1e-8 kg; each slide joint's armature (0.04 kg) is its real inertia,
 * so the Rapier puck gets that mass (spec §11).
 */
export const PUCK_MASS_KG = 0.04;
/** Viscous damping of each puck slide (N·s/m): pusher.xml `damping="0.5"`; Rapier gets it per unit mass. */
export const PUCK_DAMPING_NSPM = 0.5;
/** The fixed goal (m): goal body at (0.45, −0.05, −0.323), reset sets its slides to 0. */
export const PUSHER_GOAL_M: readonly [number, number, number] = [0.45, -0.05, -0.323];
/** Half-width of the uniform noise on the arm's initial joint velocities (rad/s): RPL `reset_model`. */
export const ARM_RESET_QVEL_NOISE_RADPS = 0.005;
/** Success threshold on the 3-D puck–goal distance (m): RPL `_is_success`. Implies ~0.014 m in the plane. */
export const PUSHER_SUCCESS_THRESHOLD_M = 0.05;
/**
 * Largest tolerated drift of the puck's z (m) before the step is declared a physics failure. z is locked,
 * so any drift means the solver broke.
 */
export const PUCK_Z_TOLERANCE_M = 1e-4;

/** Reward weight of −‖puck − goal‖₁ (RPL `compute_reward`). */
export const REWARD_DIST_WEIGHT = 1.25;
/** Reward weight of −‖puck − tip‖₁. */
export const REWARD_NEAR_WEIGHT = 0.5;
/** Reward weight of −‖a‖². */
export const REWARD_CTRL_WEIGHT = 0.1;

/** Layout of the 20-d observation: slices [start, end). */
export const OBS_QPOS = [0, 7] as const;
/** Joint velocities. */
export const OBS_QVEL = [7, 14] as const;
/** `tips_arm` position. */
export const OBS_TIP = [14, 17] as const;
/** Puck position. */
export const OBS_PUCK = [17, 20] as const;
/** Length of `observation`. */
export const PUSHER_OBS_DIM = 20;
/** Length of a goal vector. */
export const PUSHER_GOAL_DIM = 3;

/** Collision group bits (Rapier InteractionGroups: membership << 16 | filter). */
const GROUP_TABLE = 0x1;
const GROUP_SCOOP = 0x2;
const GROUP_PUCK = 0x4;
/** The table touches only the scoop (the puck cannot move in z, so puck–table contact is dropped). */
export const TABLE_COLLISION_GROUPS = (GROUP_TABLE << 16) | GROUP_SCOOP;
/** The scoop touches the table and the puck. */
export const SCOOP_COLLISION_GROUPS = (GROUP_SCOOP << 16) | GROUP_TABLE | GROUP_PUCK;
/** The puck touches only the scoop: every other arm geom passes through it (contype 0 in pusher.xml). */
export const PUCK_COLLISION_GROUPS = (GROUP_PUCK << 16) | GROUP_SCOOP;
