/**
 * The MBRLPusher instances of the generic MPC pieces: PETS' planning cost, the (misspecified) simulator model
 * and a validated factory of the whole CEM-MPC base policy.
 *
 * @module
 */
import { compileOptionsValidator, type JsonSchema } from '../../core/options.js';
import {
  OBS_PUCK,
  OBS_TIP,
  PUSHER_OBS_DIM,
  REWARD_CTRL_WEIGHT,
  REWARD_DIST_WEIGHT,
  REWARD_NEAR_WEIGHT,
} from '../../envs/pusher/constants.js';
import { MbrlPusherEnv } from '../../envs/pusher/mbrl-pusher.js';
import { GymError } from '../../errors.js';
import { PUSHER_ARM_DOF } from '../../robots/pusher-arm.js';
import { CEM_MPC_OPTIONS_SCHEMA, type CemMpcOptions, CemMpcPolicy } from './cem-mpc-policy.js';
import { SimulatorModel } from './simulator-model.js';

/**
 * PETS' pusher cost of one predicted step (`dmbrl/config/pusher.py`): `0.5·‖tip − puck‖₁ + 1.25·‖goal − puck‖₁`
 * on the predicted next observation plus `0.1·‖a‖²` of the action that led to it. It is the negative of the
 * env's reward (same weights), evaluated on predictions.
 */
export function pusherPlanningCost(
  observation: Float64Array,
  obsOffset: number,
  actions: Float64Array,
  actionOffset: number,
  goal: Float64Array,
): number {
  let near = 0;
  let dist = 0;
  for (let k = 0; k < 3; k++) {
    const puck = observation[obsOffset + OBS_PUCK[0] + k]!;
    near += Math.abs(observation[obsOffset + OBS_TIP[0] + k]! - puck);
    dist += Math.abs(goal[k]! - puck);
  }
  let ctrl = 0;
  for (let k = 0; k < PUSHER_ARM_DOF; k++) {
    const a = actions[actionOffset + k]!;
    ctrl += a * a;
  }
  return REWARD_NEAR_WEIGHT * near + REWARD_DIST_WEIGHT * dist + REWARD_CTRL_WEIGHT * ctrl;
}

/**
 * How a misspecified MBRLPusher model differs from the real env: factors on the live env's parameters.
 * All 1 (the default) gives the exact model. The DatabasePolicy's table was recorded with puck mass ×0.9, puck
 * damping ×1.1 and joint damping ×1.1 (`scripts/record-pusher.ts`); ×0.5, ×2, ×1.5 already leaves the MPC
 * 3.5–5 cm short of the goal on every episode tried.
 */
export interface PusherMisspecification {
  /** Factor on the puck mass (0.04 kg in MBRLPusher-v0). */
  readonly puckMassScale?: number;
  /** Factor on the puck slide damping (0.5 N·s/m). */
  readonly puckDampingScale?: number;
  /** Factor on every joint damping (1, 1, 0.1, …, 0.1 N·m·s/rad). */
  readonly jointDampingScale?: number;
}

/** JSON Schema of {@link PusherMisspecification}. */
export const PUSHER_MISSPECIFICATION_SCHEMA: JsonSchema = Object.freeze({
  type: 'object',
  additionalProperties: false,
  properties: {
    puckMassScale: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
    puckDampingScale: { type: 'number', minimum: 0, maximum: 100 },
    jointDampingScale: { type: 'number', minimum: 0, maximum: 100 },
  },
});

const validateMisspecification = compileOptionsValidator<PusherMisspecification>(
  PUSHER_MISSPECIFICATION_SCHEMA,
);

/**
 * The simulator model of MBRLPusher. Exact by default; with factors ≠ 1 the private env runs with the live
 * env's puck mass, puck damping and joint damping scaled, and every decision starts from the live state
 * transplanted into that physics ({@link MbrlPusherEnv.transplantState}). A misspecified model is how an MPC
 * base policy becomes imperfect, as RPL's MPC with a learned model was.
 *
 * @throws InvalidOptions for malformed factors
 */
export function pusherSimulatorModel(misspecification: PusherMisspecification = {}): SimulatorModel {
  const m = validateMisspecification(misspecification, 'pusher model misspecification');
  const massScale = m.puckMassScale ?? 1;
  const dampingScale = m.puckDampingScale ?? 1;
  const jointScale = m.jointDampingScale ?? 1;
  const exact = massScale === 1 && dampingScale === 1 && jointScale === 1;
  return new SimulatorModel({
    name: exact
      ? 'simulator(exact)'
      : `simulator(puckMass×${massScale},puckDamping×${dampingScale},jointDamping×${jointScale})`,
    createEnv: (live) => {
      if (!(live instanceof MbrlPusherEnv)) {
        throw new GymError(
          `the pusher simulator model needs an MBRLPusher env, got ${String(live)}`,
          'wrong_env',
        );
      }
      const p = live.params;
      return new MbrlPusherEnv({
        puckMass_kg: p.puckMass_kg * massScale,
        puckDamping_Nspm: p.puckDamping_Nspm * dampingScale,
        jointDamping_Nms: p.jointDamping_Nms.map((d) => d * jointScale),
      });
    },
    // The exact copy has the live env's stateKind, so plain setState works; a misspecified one keeps its physics.
    loadState: exact ? undefined : (copy, state) => (copy as MbrlPusherEnv).transplantState(state),
    observationDim: PUSHER_OBS_DIM,
    actionDim: PUSHER_ARM_DOF,
  });
}

/** Options of {@link createPusherCemMpcPolicy}: CEM settings plus the model's misspecification. */
export interface PusherCemMpcOptions extends CemMpcOptions {
  /** Physics errors of the planning model (default: none, the exact simulator). */
  readonly misspecification?: PusherMisspecification;
}

/** JSON Schema of {@link PusherCemMpcOptions}. */
export const PUSHER_CEM_MPC_OPTIONS_SCHEMA: JsonSchema = Object.freeze({
  type: 'object',
  additionalProperties: false,
  properties: {
    ...(CEM_MPC_OPTIONS_SCHEMA.properties as Record<string, unknown>),
    misspecification: PUSHER_MISSPECIFICATION_SCHEMA,
  },
});

const validatePusherOptions = compileOptionsValidator<PusherCemMpcOptions>(PUSHER_CEM_MPC_OPTIONS_SCHEMA);

/**
 * The CEM-MPC base policy of MBRLPusher on a simulator model (PETS cost, env action bounds).
 *
 * @throws InvalidOptions for malformed options
 */
export function createPusherCemMpcPolicy(options: PusherCemMpcOptions = {}): CemMpcPolicy {
  const { misspecification, ...cem } = validatePusherOptions(options, 'pusher CEM-MPC options');
  return new CemMpcPolicy(pusherSimulatorModel(misspecification), pusherPlanningCost, cem);
}
