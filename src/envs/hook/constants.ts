/**
 * Named numbers of the Hook tasks (Hook, NoisyHook, ComplexHook), with units and where they come from.
 * Source tags refer to `shared/spec/hook-tasks.md` ([HOOKXML] hook.xml, [HOOKENV] fetch_hook_env.py,
 * [CPLX] complex_hook_env.py, [SCENES] the ComplexHook scene files).
 *
 * @module
 */
import type { Vec3 } from '../../robots/fetch-gripper.js';

/** Episode length, env steps: [REG] `max_episode_steps=100` for every hook id. */
export const HOOK_MAX_EPISODE_STEPS = 100;

/** Table centre, m: [HOOKXML] table pos (1.65, 0.75, 0.2) (larger than Fetch's and shifted +0.35 in x). */
export const HOOK_TABLE_CENTRE_M: Vec3 = [1.65, 0.75, 0.2];
/** Table half-extents, m: [HOOKXML] size (0.5, 0.45, 0.2); spans x ∈ [1.15, 2.15], y ∈ [0.30, 1.20], top z = 0.40. */
export const HOOK_TABLE_HALF_EXTENTS_M: Vec3 = [0.5, 0.45, 0.2];
/** Table top height, m. */
export const HOOK_TABLE_TOP_M = HOOK_TABLE_CENTRE_M[2] + HOOK_TABLE_HALF_EXTENTS_M[2];

/** Hook shaft ("hook_base") half-extents in the hook frame, m: [HOOKXML] 0.80 × 0.03 × 0.03 box. */
export const HOOK_SHAFT_HALF_EXTENTS_M: Vec3 = [0.4, 0.015, 0.015];
/** Hook head ("hook_head") half-extents in the hook frame, m: [HOOKXML] 0.03 × 0.20 × 0.03 box. */
export const HOOK_HEAD_HALF_EXTENTS_M: Vec3 = [0.015, 0.1, 0.015];
/** Hook head centre in the hook frame, m: [HOOKXML] (0.40, 0.085, 0): at the +x end, sticking out toward +y. */
export const HOOK_HEAD_CENTRE_M: Vec3 = [0.4, 0.085, 0];
/** Mass of each hook part, kg: [HOOKXML] mass 2 on both geoms (4 kg in total). */
export const HOOK_PART_MASS_KG = 2;
/** Free-joint damping of the hook (MuJoCo joint damping): [HOOKXML] `damping="0.01"`. */
export const HOOK_JOINT_DAMPING = 0.01;
/** Hook reference point ("hook" site) in the hook frame, m: [HOOKXML] (−0.25, 0, 0), on the shaft 0.65 behind the head. */
export const HOOK_REFERENCE_POINT_M: Vec3 = [-0.25, 0, 0];
/**
 * Hook body origin at every start, m: [HOOKENV] `initial_qpos` (1.35, 0.35, 0.40), but with z = 0.415 so the
 * shaft rests ON the table (MuJoCo starts it 1.5 cm inside the table and lets contacts push it out).
 */
export const HOOK_START_POSITION_M: Vec3 = [1.35, 0.35, HOOK_TABLE_TOP_M + HOOK_SHAFT_HALF_EXTENTS_M[2]];

/** Nominal goal, m: [HOOKENV] `_sample_goal` (1.65, 0.75, 0.42). */
export const HOOK_NOMINAL_GOAL_M: Vec3 = [1.65, 0.75, 0.42];
/** Half-range of the single goal offset u added to both goal x and y, m: [HOOKENV] U(−0.05, 0.05). */
export const HOOK_GOAL_OFFSET_RANGE_M = 0.05;
/** Half-range of the discarded first draw, m: [HOOKENV] dead code that still consumes one U(−0.05, 0.05). */
export const HOOK_DISCARDED_DRAW_RANGE_M = 0.05;
/** Nominal object start xy, m: [HOOKENV] (1.80, 0.75), offset by the draws below. */
export const HOOK_OBJECT_NOMINAL_XY_M: readonly [number, number] = [1.8, 0.75];
/** Object x offset range of Hook, m: [HOOKENV] U(−0.05, 0.10) → x ∈ [1.75, 1.90]. */
export const HOOK_OBJECT_X_OFFSET_RANGE_M: readonly [number, number] = [-0.05, 0.1];
/** Object x offset range of ComplexHook, m: [CPLX] U(−0.05, 0.05) → x ∈ [1.75, 1.85]. */
export const COMPLEX_HOOK_OBJECT_X_OFFSET_RANGE_M: readonly [number, number] = [-0.05, 0.05];
/** Object y offset range, m: [HOOKENV] U(−0.05, 0.05) → y ∈ [0.70, 0.80]. */
export const HOOK_OBJECT_Y_OFFSET_RANGE_M: readonly [number, number] = [-0.05, 0.05];
/** Object starts are redrawn while closer (xy) than this to the nominal goal, m: [HOOKENV] squared distance < 0.01. */
export const HOOK_MIN_OBJECT_GOAL_DISTANCE_M = 0.1;
/** Object xy at construction (overwritten by every reset), m: [CPLX] object start (1.25, 0.53), as in Fetch. */
export const HOOK_OBJECT_CONSTRUCTION_XY_M: readonly [number, number] = [1.25, 0.53];

/**
 * Upper limit of the grip-site x, m: a design choice of residual-gym (spec §1.3), not in the source. The
 * original block is out of reach because the Fetch arm cannot extend to x ≥ 1.75; our gripper is a free
 * body, so its target is clamped to x ≤ 1.55, which keeps the fingers (≤ 1.564) and the palm (≤ 1.59) clear
 * of the nearest block face (x ≥ 1.725): the block can only be moved with the hook.
 */
export const HOOK_GRIPPER_MAX_X_M = 1.55;

/** Standard deviation of NoisyHook's observation noise, m or rad: [HOOKENV] `np.random.normal(0, 0.025)`. */
export const NOISY_HOOK_NOISE_STD = 0.025;

/** Number of scenes in ComplexHook's library: [CPLX] `num_scenes=100`. */
export const COMPLEX_HOOK_SCENE_COUNT = 100;
/** Seed of the procedural ComplexHook library (fixed: the same 100 scenes on every machine). */
export const COMPLEX_HOOK_LIBRARY_SEED = 1812_06298;
/** Fewest / most bumps per scene: [SCENES] counts 5..15 over 1003 files. */
export const BUMP_COUNT_RANGE: readonly [number, number] = [5, 15];
/** Mean and standard deviation of the bump count before rounding and limiting: [SCENES] histogram ≈ N(10, 2). */
export const BUMP_COUNT_MEAN = 10;
/** Standard deviation of the bump count: [SCENES] histogram. */
export const BUMP_COUNT_STD = 2;
/** Bump half-extent ranges x, y, z, m: [SCENES] U(0.001, 0.05), U(0.001, 0.05), U(0.0001, 0.005). */
export const BUMP_HALF_EXTENT_RANGES_M: readonly (readonly [number, number])[] = [
  [0.001, 0.05],
  [0.001, 0.05],
  [0.0001, 0.005],
];
/** Half-range of the bump centre offset from the table centre in x and y, m: [SCENES] U(−0.30, 0.30). */
export const BUMP_CENTRE_RANGE_M = 0.3;
/** Range of an object's largest bounding-box dimension, m: [SCENES] ≈ U(0.06, 0.12). */
export const OBJECT_SIZE_RANGE_M: readonly [number, number] = [0.06, 0.12];
/** Range of an object's mass, kg: [SCENES] ≈ U(0.01, 0.25) (inferred from volume × density). */
export const OBJECT_MASS_RANGE_KG: readonly [number, number] = [0.01, 0.25];
/** Range of an object's free-joint damping (MuJoCo joint damping): [SCENES] U(0.2, 5.0). */
export const OBJECT_DAMPING_RANGE: readonly [number, number] = [0.2, 5.0];
/** Tracked point above the object's bottom, m: [SCENES] "object0" site at bbox bottom + 0.007. */
export const OBJECT_SITE_ABOVE_BOTTOM_M = 0.007;
/** Tracked point offset from the bbox centre in +y, m: [SCENES] "object0" site at bbox centre y + 0.01. */
export const OBJECT_SITE_OFFSET_Y_M = 0.01;

/** A hook or object this far below the table top while over the table means it tunnelled, m. */
export const HOOK_TUNNEL_TOLERANCE_M = 0.01;
