/**
 * Push-v0: push the block to a goal on the table with a closed gripper (gym `FetchPush-v1`).
 *
 * @module
 */

import {
  DEFAULT_FRICTION,
  DISTANCE_THRESHOLD_M,
  PUSH_NOMINAL_GRIP_START_M,
  SAMPLE_RANGE_M,
  TABLE_CENTRE_M,
  TABLE_HALF_EXTENTS_M,
} from './constants.js';
import { FetchEnv, type FetchEnvOptions, type FetchTaskConfig } from './fetch-env.js';

/** The Push task (gym push.py: block_gripper, goal on the table, ranges 0.15, threshold 0.05). */
export const pushConfig: FetchTaskConfig = Object.freeze({
  name: 'Push',
  blockGripper: true,
  nominalGripStart_m: PUSH_NOMINAL_GRIP_START_M,
  targetInTheAir: false,
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
 * Push-v0: a Fetch gripper with fingers held closed must push a 5 cm, 2 kg block across a 0.5 × 0.7 m table
 * to a goal on the table. Rapier version of gym 0.10.9 `FetchPush-v1` (the task of RPL's Push experiments).
 *
 * ## Action (Box(−1, 1, [4], float32); finite values outside are clipped)
 * | index | meaning | unit |
 * |---|---|---|
 * | 0–2 | gripper displacement target Δx, Δy, Δz = 0.05·a from the gripper's CURRENT position | 5 cm per unit |
 * | 3 | finger command: ignored (block_gripper; the fingers are fixed closed) | — |
 *
 * ## Observation (`observation`, float64, 25 entries; velocities are per-step displacements ×0.04 s)
 * | index | meaning | unit |
 * |---|---|---|
 * | 0–2 | grip-site position (world) | m |
 * | 3–5 | block centre position | m |
 * | 6–8 | block − grip position | m |
 * | 9–10 | finger openings [right, left] (always 0 here) | m |
 * | 11–13 | block orientation, gym `mat2euler` [ex, ey, ez] | rad |
 * | 14–16 | (block − grip) linear velocity × 0.04 | m/step |
 * | 17–19 | block angular velocity × 0.04 (world) | rad/step |
 * | 20–22 | grip linear velocity × 0.04 | m/step |
 * | 23–24 | finger velocities × 0.04 (always 0 here) | m/step |
 *
 * `achieved_goal` = block centre (m), `desired_goal` = the episode's goal (m).
 *
 * ## Reward
 * Sparse: −1 if ‖achieved − desired‖ > 0.05 m, else 0 (`rewardType: 'dense'` gives −distance).
 * `info.is_success` = 1 if the distance is < 0.05 m, else 0.
 *
 * ## Start state
 * The settled scene: grip site at {@link FetchEnv.initialGripperPos} (≈ (1.348, 0.749, 0.4205); gym's
 * 0.41364 would put the fingertips 5 mm into the table, so the height is the clamp's minimum), block resting
 * at z = {@link FetchEnv.heightOffset} with xy = initial grip xy + U(−0.15, 0.15)², redrawn until ≥ 0.1 m
 * away; goal xy = initial grip xy + U(−0.15, 0.15)² (a third draw is discarded), z = heightOffset.
 *
 * ## Episode end
 * Never terminates; `make` truncates after 50 steps (2 s).
 *
 * ## Version history
 * - v0: first Rapier version (palm weld 3 MN/m, 800 N per axis; friction 1.0 everywhere; contacts at 200 Hz).
 */
export class PushEnv extends FetchEnv {
  /** @param options - see {@link FetchEnvOptions} */
  constructor(options: FetchEnvOptions = {}) {
    super(pushConfig, options);
  }
}
