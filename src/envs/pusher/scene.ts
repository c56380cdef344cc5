/**
 * The MBRLPusher physics scene (dm_control's "Physics" half): a Rapier world with the table plane, the 7-DoF
 * arm and the puck, plus the named queries and the stepping rule the task needs. No task logic here.
 *
 * @module
 */
import { InvalidOptions, PhysicsError } from '../../errors.js';
import { type Collider, RAPIER, type RigidBody, type World } from '../../physics/rapier.js';
import { createWorld, restoreWorld, snapshotWorld } from '../../physics/world.js';
import {
  assertJointDamping,
  PUSHER_ARM_DOF,
  PUSHER_JOINT_DAMPING_NMS,
  PusherArm,
  type PusherArmHandles,
} from '../../robots/pusher-arm.js';
import {
  PUCK_COLLISION_GROUPS,
  PUCK_DAMPING_NSPM,
  PUCK_HALF_HEIGHT_M,
  PUCK_MASS_KG,
  PUCK_RADIUS_M,
  PUCK_SLIDE_ORIGIN_M,
  PUCK_Z_M,
  PUCK_Z_TOLERANCE_M,
  PUSHER_SOLVER_ITERATIONS,
  PUSHER_SUBSTEPS,
  PUSHER_TIMESTEP_S,
  SCOOP_COLLISION_GROUPS,
  TABLE_COLLISION_GROUPS,
  TABLE_Z_M,
} from './constants.js';

/** Physical parameters of the scene that a misspecified planning model may change. */
export interface PusherPhysicsParams {
  /** Joint damping per arm joint (N·m·s/rad). */
  readonly jointDamping_Nms: readonly number[];
  /** Puck mass (kg). */
  readonly puckMass_kg: number;
  /** Viscous damping of each puck slide (N·s/m). */
  readonly puckDamping_Nspm: number;
}

/** The parameters of pusher.xml (with the puck mass of spec §11). */
export const PUSHER_PHYSICS_PARAMS: PusherPhysicsParams = Object.freeze({
  jointDamping_Nms: PUSHER_JOINT_DAMPING_NMS,
  puckMass_kg: PUCK_MASS_KG,
  puckDamping_Nspm: PUCK_DAMPING_NSPM,
});

/** Handles of everything the scene queries (stable across snapshots because construction order is fixed). */
interface SceneHandles {
  readonly arm: PusherArmHandles;
  readonly puck: number;
  readonly puckCollider: number;
}

/**
 * Half extents of the table slab (m). MuJoCo planes collide as infinite planes; a 4 m × 4 m slab covers
 * everything the arm (reach < 1.5 m from its base) can touch, and its top face is the table plane.
 */
const TABLE_HALF_EXTENTS_M: readonly [number, number, number] = [2, 2, 0.1];
/** Unit torque used to measure the arm's response from rest (N·m); small enough to stay linear. */
const KICK_PROBE_TORQUE_NM = 1;

const Y_TO_Z = { x: Math.SQRT1_2, y: 0, z: 0, w: Math.SQRT1_2 };

/**
 * One physics world of the pusher. {@link PusherScene.create} builds the rest configuration;
 * {@link PusherScene.restore} makes another scene from snapshot bytes. Call {@link PusherScene.free} when done.
 */
export class PusherScene {
  /** The Rapier world (owned: freed by {@link PusherScene.free}). */
  readonly world: World;
  /** The arm. */
  readonly arm: PusherArm;
  /** The puck body (x/y translation only). */
  readonly puck: RigidBody;
  /** The puck's cylinder collider. */
  readonly puckCollider: Collider;
  private readonly handles: SceneHandles;
  private readonly vec = { x: 0, y: 0, z: 0 };
  private freed = false;

  private constructor(world: World, handles: SceneHandles, jointDamping_Nms: readonly number[]) {
    this.world = world;
    this.handles = handles;
    this.arm = PusherArm.attach(world, handles.arm, jointDamping_Nms);
    this.puck = world.getRigidBody(handles.puck);
    this.puckCollider = world.getCollider(handles.puckCollider);
  }

  /**
   * Builds the scene at its rest configuration: arm at q = 0, puck at the slide origin (0.45, −0.05),
   * everything at rest. Creation order (table, arm, puck) is fixed for determinism.
   *
   * @throws InvalidOptions for invalid parameters
   */
  static create(params: PusherPhysicsParams): PusherScene {
    assertPhysicsParams(params);
    const world = createWorld({
      gravity_mps2: [0, 0, 0],
      timestep_s: PUSHER_TIMESTEP_S,
      solverIterations: PUSHER_SOLVER_ITERATIONS,
    });
    const table = world.createRigidBody(
      RAPIER.RigidBodyDesc.fixed().setTranslation(0, 0, TABLE_Z_M - TABLE_HALF_EXTENTS_M[2]),
    );
    world.createCollider(
      RAPIER.ColliderDesc.cuboid(...TABLE_HALF_EXTENTS_M)
        .setFriction(0)
        .setRestitution(0)
        .setCollisionGroups(TABLE_COLLISION_GROUPS)
        .setSolverGroups(TABLE_COLLISION_GROUPS),
      table,
    );
    const arm = PusherArm.build(world, params.jointDamping_Nms, { scoopGroups: SCOOP_COLLISION_GROUPS });
    const puck = world.createRigidBody(
      RAPIER.RigidBodyDesc.dynamic()
        .setTranslation(PUCK_SLIDE_ORIGIN_M[0], PUCK_SLIDE_ORIGIN_M[1], PUCK_Z_M)
        .enabledTranslations(true, true, false)
        .lockRotations()
        .setLinearDamping(params.puckDamping_Nspm / params.puckMass_kg)
        .setCanSleep(false),
    );
    const puckCollider = world.createCollider(
      RAPIER.ColliderDesc.cylinder(PUCK_HALF_HEIGHT_M, PUCK_RADIUS_M)
        .setRotation(Y_TO_Z)
        .setMass(params.puckMass_kg)
        .setFriction(0)
        .setRestitution(0)
        .setCollisionGroups(PUCK_COLLISION_GROUPS)
        .setSolverGroups(PUCK_COLLISION_GROUPS),
      puck,
    );
    return new PusherScene(
      world,
      { arm: arm.handles, puck: puck.handle, puckCollider: puckCollider.handle },
      params.jointDamping_Nms,
    );
  }

  /** The world's bytes (see `snapshotWorld`). */
  snapshot(): Uint8Array {
    return snapshotWorld(this.world);
  }

  /**
   * A new scene from snapshot bytes of a scene built by {@link PusherScene.create}. The world carries the puck
   * parameters it was snapshotted with; joint damping (kept in JS) is `jointDamping_Nms`.
   *
   * @throws PhysicsError if the bytes are not a valid snapshot
   */
  restore(bytes: Uint8Array, jointDamping_Nms: readonly number[]): PusherScene {
    return new PusherScene(restoreWorld(bytes), this.handles, jointDamping_Nms);
  }

  /**
   * Overwrites the physical parameters in this world (used when a planning model with other parameters
   * starts from the real env's snapshot).
   */
  applyParams(params: PusherPhysicsParams): void {
    assertPhysicsParams(params);
    this.arm.setJointDamping(params.jointDamping_Nms);
    this.puckCollider.setMass(params.puckMass_kg);
    this.puck.setLinearDamping(params.puckDamping_Nspm / params.puckMass_kg);
  }

  /** Frees the world. Idempotent. */
  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.world.free();
  }

  /**
   * Advances one env step: {@link PUSHER_SUBSTEPS} physics steps of {@link PUSHER_TIMESTEP_S} with the motor
   * torques held constant (MuJoCo `do_simulation`); joint damping is re-evaluated every physics step.
   */
  step(torque_Nm: ArrayLike<number>): void {
    for (let s = 0; s < PUSHER_SUBSTEPS; s++) {
      this.arm.applyTorques(torque_Nm);
      this.world.step();
    }
  }

  /** Puts the puck (at rest) at world (x, y) on the table. */
  setPuckXY(x: number, y: number): void {
    const v = this.vec;
    v.x = x;
    v.y = y;
    v.z = PUCK_Z_M;
    this.puck.setTranslation(v, true);
    v.x = 0;
    v.y = 0;
    v.z = 0;
    this.puck.setLinvel(v, true);
  }

  /** Writes the puck centre to `out[offset..offset+3)`. */
  puckPosition(out: Float64Array, offset = 0): void {
    const t = this.puck.translation(this.vec);
    out[offset] = t.x;
    out[offset + 1] = t.y;
    out[offset + 2] = t.z;
  }

  /** True if any scoop capsule has an active (solver) contact point with the puck. */
  scoopTouchesPuck(): boolean {
    let touching = false;
    for (const c of this.arm.scoop) {
      this.world.contactPair(c, this.puckCollider, (manifold) => {
        if (manifold.numSolverContacts() > 0) touching = true;
      });
    }
    return touching;
  }

  /**
   * Writes the 20-d observation (joint angles, joint velocities, tip xyz, puck xyz) to `out` and checks it.
   *
   * @throws PhysicsError if any value is non-finite or the puck drifted off its plane
   */
  observe(out: Float64Array): void {
    this.arm.readJoints(out, 0, PUSHER_ARM_DOF);
    this.arm.tipPosition(out, 2 * PUSHER_ARM_DOF);
    this.puckPosition(out, 2 * PUSHER_ARM_DOF + 3);
    for (let i = 0; i < out.length; i++) {
      if (!Number.isFinite(out[i]!)) {
        throw new PhysicsError(
          `pusher physics produced a non-finite state (observation[${i}] = ${out[i]})`,
          'non_finite_state',
          { index: i },
        );
      }
    }
    const dz = out[2 * PUSHER_ARM_DOF + 5]! - PUCK_Z_M;
    if (!(Math.abs(dz) <= PUCK_Z_TOLERANCE_M)) {
      throw new PhysicsError(`the puck left the table plane (z off by ${dz} m)`, 'puck_left_plane', { dz });
    }
  }

  /**
   * Measures, from this scene's state (the arm must be at rest), the torque → joint-velocity response of one
   * physics step and returns its inverse K (7×7, row-major): applying torques K·q̇ for one physics step from
   * rest gives the arm joint velocities q̇. Rapier ignores velocities written into multibody links, so this
   * "kick" is how a reset sets the arm's initial joint velocities.
   */
  measureVelocityKick(): Float64Array {
    const n = PUSHER_ARM_DOF;
    const bytes = this.snapshot();
    const response = new Float64Array(n * n); // response[i*n + j] = q̇_i per N·m on joint j
    const torque = new Float64Array(n);
    const obs = new Float64Array(2 * n + 6);
    for (let j = 0; j < n; j++) {
      const probe = this.restore(bytes, PUSHER_JOINT_DAMPING_NMS);
      try {
        probe.arm.removeLimits(probe.world); // elbow and wrist flex rest on their upper limit at q = 0
        torque.fill(0);
        torque[j] = KICK_PROBE_TORQUE_NM;
        probe.arm.applyTorques(torque);
        probe.world.step();
        probe.arm.readJoints(obs, 0, n);
        for (let i = 0; i < n; i++) response[i * n + j] = obs[n + i]! / KICK_PROBE_TORQUE_NM;
      } finally {
        probe.free();
      }
    }
    return invertMatrix(response, n);
  }

  /**
   * Sets the arm's joint velocities from rest with one physics step of torques `kick·q̇` (see
   * {@link PusherScene.measureVelocityKick}), then clears the torques. The arm moves by about q̇·0.01 s.
   */
  kickJointVelocities(kick: Float64Array, qd: ArrayLike<number>, scratch: Float64Array): void {
    const n = PUSHER_ARM_DOF;
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let j = 0; j < n; j++) t += kick[i * n + j]! * qd[j]!;
      scratch[i] = t;
    }
    this.arm.applyTorques(scratch);
    this.world.step();
    this.arm.clearTorques();
  }
}

let cachedKick: Float64Array | null = null;

/**
 * The arm's velocity-kick matrix (see {@link PusherScene.measureVelocityKick}), measured once per process on
 * the rest configuration. It depends only on the arm's geometry and armature, not on damping or the puck.
 */
export function armVelocityKick(): Float64Array {
  if (cachedKick === null) {
    const scene = PusherScene.create(PUSHER_PHYSICS_PARAMS);
    try {
      cachedKick = scene.measureVelocityKick();
    } finally {
      scene.free();
    }
  }
  return cachedKick;
}

/** Inverse of a small dense matrix by Gauss-Jordan elimination with partial pivoting. */
function invertMatrix(a: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]!) > Math.abs(m[p * n + c]!)) p = r;
    const pivot = m[p * n + c]!;
    if (!(Math.abs(pivot) > 1e-12))
      throw new PhysicsError('the arm response matrix is singular', 'singular_response');
    if (p !== c) {
      for (let k = 0; k < n; k++) {
        [m[c * n + k], m[p * n + k]] = [m[p * n + k]!, m[c * n + k]!];
        [inv[c * n + k], inv[p * n + k]] = [inv[p * n + k]!, inv[c * n + k]!];
      }
    }
    for (let k = 0; k < n; k++) {
      m[c * n + k] = m[c * n + k]! / pivot;
      inv[c * n + k] = inv[c * n + k]! / pivot;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r * n + c]!;
      if (f === 0) continue;
      for (let k = 0; k < n; k++) {
        m[r * n + k] = m[r * n + k]! - f * m[c * n + k]!;
        inv[r * n + k] = inv[r * n + k]! - f * inv[c * n + k]!;
      }
    }
  }
  return inv;
}

/**
 * Checks scene parameters.
 *
 * @throws InvalidOptions for bad joint damping, a non-positive puck mass or a negative puck damping
 */
export function assertPhysicsParams(params: PusherPhysicsParams): void {
  assertJointDamping(params.jointDamping_Nms);
  if (!(Number.isFinite(params.puckMass_kg) && params.puckMass_kg > 0)) {
    throw new InvalidOptions(
      `puck mass must be a positive number, got ${params.puckMass_kg}`,
      'invalid_puck_mass',
      {
        value: params.puckMass_kg,
      },
    );
  }
  if (!(Number.isFinite(params.puckDamping_Nspm) && params.puckDamping_Nspm >= 0)) {
    throw new InvalidOptions(
      `puck damping must be a non-negative number, got ${params.puckDamping_Nspm}`,
      'invalid_puck_damping',
      { value: params.puckDamping_Nspm },
    );
  }
}
