/**
 * PickAndPlace-v0: grasp the block and move it to a goal that may be in the air (gym `FetchPickAndPlace-v1`).
 *
 * @module
 */
import {
  DEFAULT_FRICTION,
  DISTANCE_THRESHOLD_M,
  PICK_AND_PLACE_NOMINAL_GRIP_START_M,
  SAMPLE_RANGE_M,
  TABLE_CENTRE_M,
  TABLE_HALF_EXTENTS_M,
} from './constants.js';
import { FetchEnv, type FetchEnvOptions, type FetchTaskConfig } from './fetch-env.js';

/** The PickAndPlace task (gym pick_and_place.py: motorised fingers, goal in the air half the time). */
export const pickAndPlaceConfig: FetchTaskConfig = Object.freeze({
  name: 'PickAndPlace',
  blockGripper: false,
  nominalGripStart_m: PICK_AND_PLACE_NOMINAL_GRIP_START_M,
  targetInTheAir: true,
  targetOffset_m: [0, 0, 0],
  objRange_m: SAMPLE_RANGE_M,
  targetRange_m: SAMPLE_RANGE_M,
  distanceThreshold_m: DISTANCE_THRESHOLD_M,
  blockTableFriction: DEFAULT_FRICTION,
  gripperFriction: DEFAULT_FRICTION,
  tableCentre_m: TABLE_CENTRE_M,
  tableHalfExtents_m: TABLE_HALF_EXTENTS_M,
} as const);

/**
 * PickAndPlace-v0: a Fetch gripper with two position-controlled fingers must grasp a 5 cm, 2 kg block and
 * bring it to a goal that lies on the table or, half of the time, up to 45 cm above it. Rapier version of
 * gym 0.10.9 `FetchPickAndPlace-v1` (RPL's PickAndPlace task).
 *
 * ## Action (Box(−1, 1, [4], float32); finite values outside are clipped)
 * | index | meaning | unit |
 * |---|---|---|
 * | 0–2 | gripper displacement target Δx, Δy, Δz = 0.05·a from the gripper's CURRENT position | 5 cm per unit |
 * | 3 | finger command: both fingers servo to q + a[3], clipped to [0, 0.2] (+1 opens fully, −1 closes, 0 holds) | m per unit |
 *
 * ## Observation (`observation`, float64, 25 entries; velocities are per-step displacements ×0.04 s)
 * | index | meaning | unit |
 * |---|---|---|
 * | 0–2 | grip-site position (world) | m |
 * | 3–5 | block centre position | m |
 * | 6–8 | block − grip position | m |
 * | 9–10 | finger openings q [right, left], each in [0, 0.05] (≈ 0.024 when closed on the block) | m |
 * | 11–13 | block orientation, gym `mat2euler` [ex, ey, ez] | rad |
 * | 14–16 | (block − grip) linear velocity × 0.04 | m/step |
 * | 17–19 | block angular velocity × 0.04 (world) | rad/step |
 * | 20–22 | grip linear velocity × 0.04 | m/step |
 * | 23–24 | finger opening velocities × 0.04 [right, left] | m/step |
 *
 * `achieved_goal` = block centre (m), `desired_goal` = the episode's goal (m).
 *
 * ## Reward
 * Sparse: −1 if ‖achieved − desired‖ > 0.05 m, else 0 (`rewardType: 'dense'` gives −distance).
 * `info.is_success` = 1 if the distance is < 0.05 m, else 0.
 *
 * ## Start state
 * The settled scene: grip site at {@link FetchEnv.initialGripperPos} ≈ (1.342, 0.749, 0.535), fingers closed
 * (q = 0), block resting at z = {@link FetchEnv.heightOffset} with xy = initial grip xy + U(−0.15, 0.15)²
 * (redrawn until ≥ 0.1 m away). Goal = initial grip position + U(−0.15, 0.15)³ with z replaced by
 * heightOffset; then with probability 0.5 z += U(0, 0.45).
 *
 * ## Episode end
 * Never terminates; `make` truncates after 50 steps (2 s).
 *
 * ## Version history
 * - v0: first Rapier version (fingers 1 kg, 30 kN/m servos capped at 1 kN, damping 400 N·s/m; palm weld
 *   3 MN/m, 800 N per axis; contacts at 200 Hz).
 */
export class PickAndPlaceEnv extends FetchEnv {
  /** @param options - see {@link FetchEnvOptions} */
  constructor(options: FetchEnvOptions = {}) {
    super(pickAndPlaceConfig, options);
  }
}
