/**
 * RPL's scripted hook controller (`hook_controller.get_hook_control`, spec hook-tasks.md §5): the base policy
 * of NoisyHook and ComplexHook, and the hand-designed policy that solves plain Hook.
 *
 * @module
 */
import type { GoalObs } from '../core/goal-env.js';
import type { ActionInput } from '../core/types.js';
import type { BasePolicy, PolicyResetContext } from './policy.js';

/** Length of one Hook observation frame; the policy reads the newest (last) frame of a stacked observation. */
const FRAME_SIZE = 40;
/** Outer tolerance on squared distances, m² (and on the finger test, m): RPL `atol` of the "holding" test. */
const OUTER_TOL = 0.01;
/** Inner tolerance on squared distances, m² (and on the finger test, m): RPL pick routine `atol=1e-3`. */
const INNER_TOL = 0.001;
/** Desired grip − hook point when grasping, m: RPL `relative_grasp_position = (0, 0, −0.05)`. */
const GRASP_OFFSET_Z_M = -0.05;
/** Finger opening the "closed" test compares with, m: RPL `|finger0| − 0.024 ≤ tol`. */
const CLOSED_FINGER_M = 0.024;
/** Finger opening when fully open, m: RPL `|finger0 − 0.05| ≤ tol`. */
const OPEN_FINGER_M = 0.05;
/** Height the pick routine lifts the hook point to, m: RPL pick target (h.x, h.y, 0.5). */
const PICK_HEIGHT_M = 0.5;
/** Gain of every "move to" action: RPL `gain=10`. */
const MOVE_GAIN = 10;
/** Height of the approach point above the grasp point, m: RPL pick routine `workspace_height=0.1`. */
const WORKSPACE_HEIGHT_M = 0.1;
/** L1 (xy) block–goal distance under which the controller stops, m: RPL `done` test. */
const DONE_L1_M = 0.01;
/** Hook-alignment target relative to the block: grip at (b.x − 0.5, b.y − 0.05), m (RPL). */
const ALIGN_OFFSET_X_M = -0.5;
/** y part of the alignment target, m (RPL). */
const ALIGN_OFFSET_Y_M = -0.05;
/** Grip height while aligning, m: RPL 0.45. */
const ALIGN_HEIGHT_M = 0.45;
/** The hook counts as aligned once its point is less than this beyond the target in x (and in y), m (RPL). */
const ALIGN_SLACK_M = 0.1;
/** Sweep speed as an action magnitude: 0.4 × 5 cm = 2 cm per step toward the goal (RPL). */
const SWEEP_ACTION = 0.4;
/**
 * The Rapier replacement of the grasp-pose height test, m: the grip counts as low enough once it is within
 * this of the hook point's height (see {@link HookPolicy}).
 */
const GRASP_HEIGHT_SLACK_M = 0.01;

/**
 * RPL's stateless hook controller. With g = grip, b = object, h = hook point, p = goal and the grasp offset
 * r = (0, 0, −0.05), every step it re-derives its stage from the observation:
 * 1. Done: |b − p|₁ (xy) ≤ 0.01 → (0, 0, 0, −1).
 * 2. Not holding the hook (holding := grasp pose within 0.01 AND fingers closed within 0.01): pick it —
 *    a. grasp pose and closed within 0.001: lift toward (h.x, h.y, 0.5) + r + (0, 0, 0.05) (rarely reached);
 *    b. grasp pose within 0.001 → (0, 0, 0, −1) close;
 *    c. grip in the hook's column (xy distance² < 0.001): open the fingers (0, 0, 0, +1) until open, then
 *       descend toward h + r;
 *    d. else move 5 cm above the hook point (h + r + (0, 0, 0.1)).
 * 3. Align: target A = (b.x − 0.5, b.y − 0.05, 0.45); while h.x ≥ A.x + 0.1 or h.y + 0.1 ≤ A.y move the
 *    grip to A, fingers closed.
 * 4. Sweep: (0.4·u.x, 0.4·u.y, 0, −1) with u the unit xy vector from the object to the goal.
 *
 * ## Where the original relies on MuJoCo's soft contacts, and what this port does instead
 * RPL's grasp test asks the grip to be within √0.001 ≈ 3.2 cm of h + r, i.e. 5 cm below the hook point:
 * about 3.5 cm below the table top. In MuJoCo the mocap weld presses the fingers into the table through the
 * soft contacts (grip z ≈ 0.394 was seen) and the test passes. In Rapier the table is hard and the gripper's
 * target is clamped to keep the fingertips 2 mm above it, so the lowest grip height is ≈ 0.4205, about 5 mm
 * ABOVE the resting hook point: the original test could never pass. This port keeps the descent target
 * h + r (the clamp stops the gripper at the lowest reachable height, as the table stopped MuJoCo's fingers)
 * and replaces the grasp-pose test |(g − h) − r|² < tol by: xy error² < tol AND g.z ≤ h.z + 0.01
 * (`GRASP_HEIGHT_SLACK_M`), i.e. "in the hook's column, with the fingers down around the shaft as far as the
 * table allows" (grip ≤ 1 cm above the shaft centre: the fingers then cover ≥ 2.5 cm of its 3 cm height). The
 * outer "holding" test (tolerance 0.01, ≈ 10 cm) is kept exactly: a grip 5.5 cm above its original target
 * height still passes it. Everything else (targets, gains, order of the rules) is the original's.
 *
 * The policy reads the newest 40-entry frame of the observation, so it works on Hook's 40-d and NoisyHook's
 * 80-d (two-frame) observations alike. Stateless; each `act` returns a new Float32Array(4) (unclipped) and
 * never mutates `obs`.
 */
export class HookPolicy implements BasePolicy<GoalObs, ActionInput> {
  readonly name = 'hook';

  /** Stateless: nothing to reset. */
  reset(_ctx: PolicyResetContext<GoalObs, ActionInput>): void {}

  /** The action for `obs`. */
  act(obs: GoalObs): Float32Array {
    const o = obs.observation;
    const k = o.length - FRAME_SIZE;
    const p = obs.desired_goal;
    const gx = o[k]!;
    const gy = o[k + 1]!;
    const gz = o[k + 2]!;
    const bx = o[k + 3]!;
    const by = o[k + 4]!;
    const finger = o[k + 9]!;
    const hx = o[k + 25]!;
    const hy = o[k + 26]!;
    const hz = o[k + 27]!;
    const out = new Float32Array(4);
    // 1. Done.
    if (Math.abs(bx - p[0]!) + Math.abs(by - p[1]!) <= DONE_L1_M) {
      out[3] = -1;
      return out;
    }
    const xyErrSq = (gx - hx) ** 2 + (gy - hy) ** 2;
    // The Rapier grasp pose (see the class doc): in the column, and down as far as the table allows.
    const lowEnough = gz <= hz + GRASP_HEIGHT_SLACK_M;
    const atGraspPose = (tol: number): boolean => lowEnough && xyErrSq < tol;
    const originalErrSq = xyErrSq + (gz - hz - GRASP_OFFSET_Z_M) ** 2; // RPL's |(g − h) − r|²
    const closed = (tol: number): boolean => Math.abs(finger) - CLOSED_FINGER_M <= tol;
    const holding = originalErrSq < OUTER_TOL && closed(OUTER_TOL); // RPL's test, unchanged
    if (!holding) {
      // 2. Pick up the hook: target T = (h.x, h.y, 0.5).
      if (atGraspPose(INNER_TOL) && closed(INNER_TOL)) {
        out[3] = -1;
        if ((hz - PICK_HEIGHT_M) ** 2 < INNER_TOL) return out;
        move(out, gx, gy, gz, hx, hy, PICK_HEIGHT_M + GRASP_OFFSET_Z_M + WORKSPACE_HEIGHT_M / 2);
        out[3] = -1;
        return out;
      }
      if (atGraspPose(INNER_TOL)) {
        out[3] = -1;
        return out;
      }
      if (xyErrSq < INNER_TOL) {
        if (Math.abs(finger - OPEN_FINGER_M) > INNER_TOL) {
          out[3] = 1;
          return out;
        }
        move(out, gx, gy, gz, hx, hy, hz + GRASP_OFFSET_Z_M);
        return out;
      }
      move(out, gx, gy, gz, hx, hy, hz + GRASP_OFFSET_Z_M + WORKSPACE_HEIGHT_M);
      return out;
    }
    // 3. Align the hook behind the object.
    const ax = bx + ALIGN_OFFSET_X_M;
    const ay = by + ALIGN_OFFSET_Y_M;
    if (hx >= ax + ALIGN_SLACK_M || hy + ALIGN_SLACK_M <= ay) {
      move(out, gx, gy, gz, ax, ay, ALIGN_HEIGHT_M);
      out[3] = -1;
      return out;
    }
    // 4. Sweep toward the goal.
    const ux = p[0]! - bx;
    const uy = p[1]! - by;
    const n = Math.hypot(ux, uy);
    out[0] = n > 0 ? (SWEEP_ACTION * ux) / n : 0;
    out[1] = n > 0 ? (SWEEP_ACTION * uy) / n : 0;
    out[3] = -1;
    return out;
  }
}

/** RPL `get_move_action`: gain 10 toward (tx, ty, tz), fingers 0. */
function move(
  out: Float32Array,
  gx: number,
  gy: number,
  gz: number,
  tx: number,
  ty: number,
  tz: number,
): void {
  out[0] = MOVE_GAIN * (tx - gx);
  out[1] = MOVE_GAIN * (ty - gy);
  out[2] = MOVE_GAIN * (tz - gz);
  out[3] = 0;
}
