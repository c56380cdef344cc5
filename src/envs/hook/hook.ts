/**
 * Hook-v0: grasp an L-shaped hook and pull an out-of-reach block to a goal with it (RPL `FetchHookEnv`).
 *
 * @module
 */
import { compileOptionsValidator } from '../../core/options.js';
import { DISTANCE_THRESHOLD_M } from '../fetch/constants.js';
import { HOOK_OBJECT_X_OFFSET_RANGE_M, HOOK_OBJECT_Y_OFFSET_RANGE_M } from './constants.js';
import {
  CUBE_LAYOUT,
  HOOK_ENV_OPTIONS_SCHEMA,
  HOOK_FRICTION,
  HookEnvBase,
  type HookEnvOptions,
  type HookTaskConfig,
} from './hook-env.js';

/** The Hook task: no noise, one frame, block x ∈ [1.75, 1.90] ([HOOKENV]). */
export const hookConfig: HookTaskConfig = Object.freeze({
  name: 'Hook',
  objectXOffsetRange_m: HOOK_OBJECT_X_OFFSET_RANGE_M,
  objectYOffsetRange_m: HOOK_OBJECT_Y_OFFSET_RANGE_M,
  distanceThreshold_m: DISTANCE_THRESHOLD_M,
  observationNoiseStd: 0,
  legacyNoiseIndexBug: true,
  stackedFrames: 1,
  friction: HOOK_FRICTION,
  gripperFriction: HOOK_FRICTION,
} as const);

const validateOptions = compileOptionsValidator<HookEnvOptions>(HOOK_ENV_OPTIONS_SCHEMA);

/**
 * Hook-v0: a Fetch gripper with two position-controlled fingers stands before a 1.0 × 0.9 m table. A 5 cm,
 * 2 kg block lies at the far end, out of the gripper's reach; an L-shaped hook (0.80 m shaft, 0.20 m head
 * pointing +y, 4 kg) lies near the robot. The gripper must grasp the hook and pull the block back to a goal
 * on the table. Rapier version of RPL's `FetchHookEnv` (spec hook-tasks.md §1–2).
 *
 * ## Action (Box(−1, 1, [4], float32); finite values outside are clipped)
 * | index | meaning | unit |
 * |---|---|---|
 * | 0–2 | gripper displacement target Δx, Δy, Δz = 0.05·a from the gripper's CURRENT position; the target is clamped to grip x ≤ 1.55 (workspace limit, see below) and to fingertips ≥ 2 mm above the table | 5 cm per unit |
 * | 3 | finger command: both fingers servo to q + a[3], clipped to [0, 0.2] (+1 opens fully, −1 closes, 0 holds) | m per unit |
 *
 * ## Observation (`observation`, float64, 40 entries; velocities are per-step displacements ×0.04 s)
 * | index | meaning | unit |
 * |---|---|---|
 * | 0–2 | grip-site position (world) | m |
 * | 3–5 | block centre position | m |
 * | 6–8 | block − grip position | m |
 * | 9–10 | finger openings q [right, left], each in [0, 0.05] (≈ 0.014 when closed on the 3 cm shaft) | m |
 * | 11–13 | block orientation, gym `mat2euler` [ex, ey, ez] | rad |
 * | 14–16 | (block − grip) linear velocity × 0.04 | m/step |
 * | 17–19 | block angular velocity × 0.04 (world) | rad/step |
 * | 20–22 | grip linear velocity × 0.04 | m/step |
 * | 23–24 | finger opening velocities × 0.04 [right, left] | m/step |
 * | 25–27 | hook reference point (on the shaft, 0.25 m behind its centre, 0.65 m behind the head) | m |
 * | 28–30 | hook orientation, gym `mat2euler` [ex, ey, ez] | rad |
 * | 31–33 | (hook point − grip) linear velocity × 0.04 (the point's own velocity, like a MuJoCo site) | m/step |
 * | 34–36 | hook angular velocity × 0.04 (world) | rad/step |
 * | 37–39 | hook point − grip position | m |
 *
 * `achieved_goal` = block centre (m), `desired_goal` = the episode's goal (m).
 *
 * ## Reward
 * Sparse: −1 if ‖achieved − desired‖ > 0.05 m, else 0 (`rewardType: 'dense'` gives −distance).
 * `info.is_success` = 1 if the distance is < 0.05 m, else 0.
 *
 * ## Start state
 * The settled scene (10 env steps at construction): grip site ≈ (1.342, 0.749, 0.535), fingers closed;
 * hook resting on the table with its shaft centre at (1.35, 0.35, 0.415), shaft along +x, head toward +y
 * (reference point at (1.10, 0.35)); block resting at x = 1.80 + U(−0.05, 0.10), y = 0.75 + U(−0.05, 0.05)
 * (after one discarded draw; redrawn while within 0.1 m of (1.65, 0.75)). Goal = (1.65 + u, 0.75 + u, 0.42)
 * with ONE u ~ U(−0.05, 0.05): the goal always lies on a diagonal, 0.05–0.30 m nearer the robot than the block.
 *
 * ## Workspace limit (a deviation from the original)
 * In MuJoCo the block is out of reach because the Fetch arm cannot extend to x ≥ 1.75; our gripper is a free
 * body, so its target is clamped to grip x ≤ 1.55 (`HOOK_GRIPPER_MAX_X_M` in `constants.ts`): fingers and palm stay
 * ≥ 13 cm short of the nearest block face, and the block can only be moved with the hook.
 *
 * ## Episode end
 * Never terminates; `make` truncates after 100 steps (4 s).
 *
 * ## Version history
 * - v0: first Rapier version (Fetch gripper of PickAndPlace; hook shaft spawned resting at z = 0.415).
 */
export class HookEnv extends HookEnvBase {
  /** @param options - see {@link HookEnvOptions} */
  constructor(options: HookEnvOptions = {}) {
    const opts = validateOptions(options, 'Hook options');
    super(hookConfig, [CUBE_LAYOUT], opts);
  }
}
