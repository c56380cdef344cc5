/**
 * The scripted pick-and-place controllers of RPL (spec fetch-tasks.md §6.2): the "oscillating" one that is
 * PickAndPlace's base policy (`oscillating_pick_and_place_controller.py`) and the older, calmer one
 * (`pick_and_place_controller.py`).
 *
 * @module
 */
import type { GoalObs } from '../core/goal-env.js';
import type { ActionInput } from '../core/types.js';
import type { BasePolicy, PolicyResetContext } from './policy.js';

/** Gripper target relative to the block centre when grasping, m: RPL `relative_grasp_position`. */
const GRASP_OFFSET_Z_M = -0.02;
/** Approach height above the grasp point, m: RPL `workspace_height=0.1` (transport uses half of it). */
const WORKSPACE_HEIGHT_M = 0.1;
/** Squared-distance tolerance of the "inside" test, m², and the finger tolerance, m: RPL `atol=1e-3`. */
const ATOL = 1e-3;
/** Finger opening when closed on the 5 cm block, m: RPL `grippers_are_closed`. */
const CLOSED_FINGER_M = 0.024;
/** Finger opening when fully open, m: RPL `grippers_are_open`. */
const OPEN_FINGER_M = 0.05;
/** Gain of the approach and the descent: RPL `get_move_action(..., gain=10)`. */
const MOVE_GAIN = 10;

/** The parameters in which the two controllers differ. */
interface PickAndPlaceParams {
  /** Gain toward the place target while carrying. */
  readonly transportGain: number;
  /** Squared block–goal distance under which a grasped block is held still, m². */
  readonly atGoalSq_m2: number;
  /** Squared xy gripper–block distance under which the gripper counts as above the block, m². */
  readonly alignedSq_m2: number;
}

/** The oscillating controller: transport gain 50, 1 mm "at goal", 0.22 mm xy alignment (1e-3 × 5e-5). */
const OSCILLATING: PickAndPlaceParams = { transportGain: 50, atGoalSq_m2: 1e-6, alignedSq_m2: ATOL * 5e-5 };
/** The older controller: gain 10 everywhere, 3.2 cm tolerances. */
const OLDER: PickAndPlaceParams = { transportGain: MOVE_GAIN, atGoalSq_m2: ATOL, alignedSq_m2: ATOL };

/**
 * RPL's stateless pick-and-place rules, with g = grip position, b = block centre, G = goal,
 * r = (0, 0, −0.02), s = right finger opening:
 * - inside := ‖(g − b) − r‖² < 1e-3; closed := |s − 0.024| < 1e-3; open := |s − 0.05| < 1e-3.
 * 1. inside and closed: if ‖b − G‖² < atGoal → (0, 0, 0, −1); else TRANSPORT toward G + r + (0, 0, 0.05),
 *    gain `transportGain`, fingers −1.
 * 2. inside → (0, 0, 0, −1) (close).
 * 3. xy distance² g–b < aligned: if not open → (0, 0, 0, +1); else DESCEND toward b + r, gain 10, fingers 0.
 * 4. APPROACH toward b + r + (0, 0, 0.1), gain 10, fingers 0.
 */
function pickAndPlaceAction(obs: GoalObs, p: PickAndPlaceParams): Float32Array {
  const o = obs.observation;
  const G = obs.desired_goal;
  const gx = o[0]!;
  const gy = o[1]!;
  const gz = o[2]!;
  const bx = o[3]!;
  const by = o[4]!;
  const bz = o[5]!;
  const s = o[9]!;
  const out = new Float32Array(4);
  const inside = (gx - bx) ** 2 + (gy - by) ** 2 + (gz - bz - GRASP_OFFSET_Z_M) ** 2 < ATOL;
  const closed = Math.abs(s - CLOSED_FINGER_M) < ATOL;
  if (inside && closed) {
    out[3] = -1;
    if ((bx - G[0]!) ** 2 + (by - G[1]!) ** 2 + (bz - G[2]!) ** 2 < p.atGoalSq_m2) return out;
    out[0] = p.transportGain * (G[0]! - gx);
    out[1] = p.transportGain * (G[1]! - gy);
    out[2] = p.transportGain * (G[2]! + GRASP_OFFSET_Z_M + WORKSPACE_HEIGHT_M / 2 - gz);
    return out;
  }
  if (inside) {
    out[3] = -1;
    return out;
  }
  if ((gx - bx) ** 2 + (gy - by) ** 2 < p.alignedSq_m2) {
    if (Math.abs(s - OPEN_FINGER_M) >= ATOL) {
      out[3] = 1;
      return out;
    }
    out[0] = MOVE_GAIN * (bx - gx);
    out[1] = MOVE_GAIN * (by - gy);
    out[2] = MOVE_GAIN * (bz + GRASP_OFFSET_Z_M - gz);
    return out;
  }
  out[0] = MOVE_GAIN * (bx - gx);
  out[1] = MOVE_GAIN * (by - gy);
  out[2] = MOVE_GAIN * (bz + GRASP_OFFSET_Z_M + WORKSPACE_HEIGHT_M - gz);
  return out;
}

/**
 * PickAndPlace's base policy: RPL's "oscillating" scripted pick-and-place. Its 0.22 mm xy-alignment test
 * and saturating transport gain (50) make it jitter, so it succeeds only part of the time. Stateless; each
 * `act` returns a new Float32Array(4) (unclipped) and never mutates `obs`.
 */
export class OscillatingPickAndPlacePolicy implements BasePolicy<GoalObs, ActionInput> {
  readonly name = 'oscillating-pick-and-place';

  /** Stateless: nothing to reset. */
  reset(_ctx: PolicyResetContext<GoalObs, ActionInput>): void {}

  /** The action for `obs`. */
  act(obs: GoalObs): Float32Array {
    return pickAndPlaceAction(obs, OSCILLATING);
  }
}

/**
 * RPL's older scripted pick-and-place (gain 10 everywhere, 3.2 cm tolerances): the same rules as
 * {@link OscillatingPickAndPlacePolicy} but calm, and nearly always successful. Stateless; each `act`
 * returns a new Float32Array(4) and never mutates `obs`.
 */
export class PickAndPlacePolicy implements BasePolicy<GoalObs, ActionInput> {
  readonly name = 'pick-and-place';

  /** Stateless: nothing to reset. */
  reset(_ctx: PolicyResetContext<GoalObs, ActionInput>): void {}

  /** The action for `obs`. */
  act(obs: GoalObs): Float32Array {
    return pickAndPlaceAction(obs, OLDER);
  }
}
