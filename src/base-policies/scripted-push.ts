/**
 * The scripted "miscalibrated" push controller of RPL (`miscalibrated_push_controller.get_push_control`),
 * the base policy of SlipperyPush (spec fetch-tasks.md §6.1).
 *
 * @module
 */
import type { GoalObs } from '../core/goal-env.js';
import { compileOptionsValidator, type JsonSchema } from '../core/options.js';
import type { ActionInput } from '../core/types.js';
import type { BasePolicy, PolicyResetContext } from './policy.js';

/** The block width the controller assumes by default, m: RPL's deliberate miscalibration (the block is 0.05). */
export const MISCALIBRATED_BLOCK_WIDTH_M = 0.15;
/** The real block width, m: use it as `blockWidth_m` for the calibrated reference controller. */
export const CALIBRATED_BLOCK_WIDTH_M = 0.05;
/** Squared-distance tolerance of every test, m²: RPL `atol=1e-3` (≈ 3.2 cm). */
const ATOL_M2 = 1e-3;
/** Height above the push point from which the gripper descends, m: RPL `workspace_height=0.1`. */
const WORKSPACE_HEIGHT_M = 0.1;
/** The push point is this far above the block centre, m: RPL `push_position[2] += 0.005`. */
const PUSH_HEIGHT_ABOVE_CENTRE_M = 0.005;
/** Gain of the push towards the goal: RPL `gain=5.0`. */
const PUSH_GAIN = 5;
/** Gain of the approach and descent: RPL `get_move_action` default 10. */
const MOVE_GAIN = 10;

/** Options of {@link ScriptedPushPolicy}. */
export interface ScriptedPushOptions {
  /** Block width assumed when placing the push point, m (default 0.15, the paper's miscalibration). */
  readonly blockWidth_m?: number;
}

/** JSON Schema of {@link ScriptedPushOptions}. */
export const SCRIPTED_PUSH_OPTIONS_SCHEMA: JsonSchema = Object.freeze({
  type: 'object',
  additionalProperties: false,
  properties: { blockWidth_m: { type: 'number', exclusiveMinimum: 0 } },
});

const validateOptions = compileOptionsValidator<ScriptedPushOptions>(SCRIPTED_PUSH_OPTIONS_SCHEMA);

/** Python's `%` (the result takes the sign of the divisor). */
function pyMod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/**
 * Stateless scripted pusher. Every step, in order:
 * 1. θb = atan2(G.x − b.x, G.y − b.y), θg = atan2(G.x − g.x, G.y − g.y); push point
 *    P = b + (−sin θb·W/2, −cos θb·W/2, 0.005), i.e. W/2 behind the block on the side away from the goal.
 * 2. ‖b − G‖² < 1e-3 → (0, 0, 0, 0).
 * 3. (g.z − P.z)² < 1e-3 and |wrap(θb − θg)| < π/4 and the block is nearer the goal (xy) than the gripper
 *    → PUSH: 5·((G.x, G.y, g.z) − g).
 * 4. xy distance² between g and P < 1e-3 → DESCEND: 10·(P − g).
 * 5. Otherwise APPROACH: 10·(P + (0, 0, 0.1) − g).
 * The finger command is always 0. Inputs are copied, never mutated (the original overwrote the goal's z in
 * step 3). Each `act` returns a new Float32Array(4) (unclipped, as in RPL).
 */
export class ScriptedPushPolicy implements BasePolicy<GoalObs, ActionInput> {
  readonly name: string;
  /** The assumed block width W, m. */
  readonly blockWidth_m: number;

  /**
   * @throws InvalidOptions for unknown options or a non-positive width
   */
  constructor(options: ScriptedPushOptions = {}) {
    const opts = validateOptions(options, 'ScriptedPushPolicy options');
    this.blockWidth_m = opts.blockWidth_m ?? MISCALIBRATED_BLOCK_WIDTH_M;
    this.name = `scripted-push(width=${this.blockWidth_m})`;
  }

  /** Stateless: nothing to reset. */
  reset(_ctx: PolicyResetContext<GoalObs, ActionInput>): void {}

  /** The action for `obs` (never mutates it). */
  act(obs: GoalObs): Float32Array {
    const o = obs.observation;
    const G = obs.desired_goal;
    const gx = o[0]!;
    const gy = o[1]!;
    const gz = o[2]!;
    const bx = o[3]!;
    const by = o[4]!;
    const bz = o[5]!;
    const Gx = G[0]!;
    const Gy = G[1]!;
    const Gz = G[2]!;
    const blockAngle = Math.atan2(Gx - bx, Gy - by);
    const gripperAngle = Math.atan2(Gx - gx, Gy - gy);
    const half = this.blockWidth_m / 2;
    const px = bx - Math.sin(blockAngle) * half;
    const py = by - Math.cos(blockAngle) * half;
    const pz = bz + PUSH_HEIGHT_ABOVE_CENTRE_M;
    const out = new Float32Array(4);
    if ((bx - Gx) ** 2 + (by - Gy) ** 2 + (bz - Gz) ** 2 < ATOL_M2) return out;
    const angleDiff = Math.abs(pyMod(blockAngle - gripperAngle + Math.PI, 2 * Math.PI) - Math.PI);
    const gripperSq = (gx - Gx) ** 2 + (gy - Gy) ** 2;
    const blockSq = (bx - Gx) ** 2 + (by - Gy) ** 2;
    if ((gz - pz) ** 2 < ATOL_M2 && angleDiff < Math.PI / 4 && blockSq < gripperSq) {
      out[0] = PUSH_GAIN * (Gx - gx);
      out[1] = PUSH_GAIN * (Gy - gy);
      out[2] = 0; // target z is the gripper's own z
      return out;
    }
    if ((gx - px) ** 2 + (gy - py) ** 2 < ATOL_M2) {
      out[0] = MOVE_GAIN * (px - gx);
      out[1] = MOVE_GAIN * (py - gy);
      out[2] = MOVE_GAIN * (pz - gz);
      return out;
    }
    out[0] = MOVE_GAIN * (px - gx);
    out[1] = MOVE_GAIN * (py - gy);
    out[2] = MOVE_GAIN * (pz + WORKSPACE_HEIGHT_M - gz);
    return out;
  }
}
