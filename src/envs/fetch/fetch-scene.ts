/**
 * The physics of a Fetch task, kept apart from the task logic (dm_control's Physics/Task split): the Rapier
 * world with floor, table, block and {@link FetchGripper}, named queries, env-step stepping, snapshots and
 * blow-up detection. Table geometry, block, gripper start and workspace, and extra objects are configurable
 * so the Hook tasks can reuse it.
 *
 * @module
 */
import { PhysicsError } from '../../errors.js';
import type { ColliderDesc, RigidBody, World } from '../../physics/rapier.js';
import { RAPIER } from '../../physics/rapier.js';
import { createWorld, restoreWorld, snapshotWorld } from '../../physics/world.js';
import {
  FetchGripper,
  type FetchGripperConfig,
  FINGERTIP_BELOW_GRIP_M,
  GRIP_SITE_BELOW_PALM_M,
  type Vec3,
} from '../../robots/fetch-gripper.js';
import {
  CONTACT_NATURAL_FREQUENCY_HZ,
  FLOOR_Z_M,
  GRAVITY_MPS2,
  PHYSICS_TIMESTEP_S,
  SUBSTEPS_PER_STEP,
  TUNNEL_TOLERANCE_M,
} from './constants.js';

/** Geometry and materials of a Fetch scene. */
export interface FetchSceneConfig {
  /** Table box centre, m. */
  readonly tableCentre_m: Vec3;
  /** Table box half-extents, m (top at centre z + half-extent z). */
  readonly tableHalfExtents_m: Vec3;
  /** Half-extent of the cubic block, m. */
  readonly blockHalfExtent_m: number;
  /** Block mass, kg. */
  readonly blockMass_kg: number;
  /** Block free-joint damping (MuJoCo joint damping, N·s/m on translation and N·m·s/rad on rotation). */
  readonly blockJointDamping: number;
  /** Block centre at construction, m (normally resting on the table). */
  readonly blockInitialPosition_m: Vec3;
  /**
   * Friction coefficient of the table, the block and the floor. Every collider uses Rapier's default
   * `Average` combine rule, so a pair of colliders with equal coefficients μ gets exactly μ (the MuJoCo
   * original combines by max, which agrees whenever both sides are equal, as in every Fetch task).
   */
  readonly blockTableFriction: number;
  /** The gripper (its own friction, start, finger mode and workspace clamp). */
  readonly gripper: FetchGripperConfig;
  /**
   * Replaces the cubic block by another rigid object (ComplexHook's library shapes). When absent (every Fetch
   * task) the block is the cube described by the fields above.
   */
  readonly customObject?: SceneObjectShape;
}

/**
 * A rigid object that replaces the cubic block. The body's origin is the object's TRACKED POINT (what the
 * observation and the achieved goal report, like a MuJoCo site), which need not be its centre of mass, so
 * the scene reports the tracked point's own velocity rather than the centre of mass's.
 */
export interface SceneObjectShape {
  /**
   * The colliders, in body coordinates (tracked point at the origin), each with its mass already set; created
   * in array order.
   */
  readonly colliders: () => readonly ColliderDesc[];
  /** Free-joint damping (MuJoCo joint damping), converted to Rapier rates with the body's mass and inertia. */
  readonly jointDamping: number;
}

/**
 * Something a task adds to the scene (a hook, obstacles, bumps): built after the standard bodies, always in
 * the same order, and re-attached after every snapshot restore.
 */
export interface SceneExtra {
  /** Creates the extra bodies and colliders in `world`. */
  build(world: World): void;
  /** Re-fetches body wrappers from a restored `world` (handles survive a restore, wrappers do not). */
  attach(world: World): void;
  /** Handles of its dynamic bodies, checked for finiteness after every env step. */
  readonly dynamicBodyHandles: readonly number[];
  /**
   * Task-specific blow-up checks run after the finiteness checks of every env step (e.g. the hook sinking
   * through the table).
   *
   * @throws PhysicsError describing the failure
   */
  check?(): void;
}

/** Owns one Rapier world with a Fetch table scene. Call {@link FetchScene.free} when done. */
export class FetchScene {
  readonly config: FetchSceneConfig;
  readonly gripper: FetchGripper;
  private readonly extras: readonly SceneExtra[];
  private worldValue: World;
  private block!: RigidBody;
  private readonly blockHandle: number;
  private checkedBodies: RigidBody[] = [];
  private readonly checkedHandles: readonly number[];
  private readonly checkedNames: readonly string[];
  private readonly bodyCount: number;
  /** False for a custom object whose tracked point (body origin) is not its centre of mass. */
  private readonly originIsCentreOfMass: boolean;
  /** Table top height, m. */
  readonly tableTop_m: number;
  private readonly vec = { x: 0, y: 0, z: 0 };
  private readonly vec2 = { x: 0, y: 0, z: 0 };
  private readonly quat = { x: 0, y: 0, z: 0, w: 1 };

  /**
   * Builds the world: floor, table, block, gripper, then the extras, in this fixed order.
   */
  constructor(config: FetchSceneConfig, extras: readonly SceneExtra[] = []) {
    this.config = config;
    this.extras = extras;
    const world = createWorld({
      gravity_mps2: GRAVITY_MPS2,
      timestep_s: PHYSICS_TIMESTEP_S,
      contactNaturalFrequency_hz: CONTACT_NATURAL_FREQUENCY_HZ,
    });
    this.worldValue = world;
    const [tx, ty, tz] = config.tableCentre_m;
    const [hx, hy, hz] = config.tableHalfExtents_m;
    this.tableTop_m = tz + hz;
    const fixed = world.createRigidBody(RAPIER.RigidBodyDesc.fixed());
    // Floor: a thick slab whose top is the z = 0 plane (gym's floor plane collides everywhere).
    world.createCollider(
      RAPIER.ColliderDesc.cuboid(10, 10, 0.5)
        .setTranslation(tx, ty, FLOOR_Z_M - 0.5)
        .setFriction(config.blockTableFriction),
      fixed,
    );
    world.createCollider(
      RAPIER.ColliderDesc.cuboid(hx, hy, hz)
        .setTranslation(tx, ty, tz)
        .setFriction(config.blockTableFriction),
      fixed,
    );
    const [bx, by, bz] = config.blockInitialPosition_m;
    const custom = config.customObject;
    this.originIsCentreOfMass = custom === undefined;
    let block: RigidBody;
    if (custom === undefined) {
      const h = config.blockHalfExtent_m;
      const inertia = (config.blockMass_kg * (2 * h) ** 2) / 6; // solid cube about a face axis
      block = world.createRigidBody(
        RAPIER.RigidBodyDesc.dynamic()
          .setTranslation(bx, by, bz)
          // MuJoCo joint damping c acts as force −c·v: as Rapier rates that is c/m and c/I.
          .setLinearDamping(config.blockJointDamping / config.blockMass_kg)
          .setAngularDamping(config.blockJointDamping / inertia)
          .setCanSleep(false),
      );
      world.createCollider(
        RAPIER.ColliderDesc.cuboid(h, h, h)
          .setMass(config.blockMass_kg)
          .setFriction(config.blockTableFriction),
        block,
      );
    } else {
      block = world.createRigidBody(
        RAPIER.RigidBodyDesc.dynamic().setTranslation(bx, by, bz).setCanSleep(false),
      );
      for (const desc of custom.colliders()) {
        world.createCollider(desc.setFriction(config.blockTableFriction), block);
      }
      block.recomputeMassPropertiesFromColliders();
      dampLikeMujocoJoint(block, custom.jointDamping);
    }
    this.blockHandle = block.handle;
    this.gripper = FetchGripper.build(world, config.gripper);
    for (const extra of extras) extra.build(world);
    this.checkedHandles = [
      block.handle,
      ...this.gripper.dynamicBodyHandles,
      ...extras.flatMap((e) => e.dynamicBodyHandles),
    ];
    const gripperNames = ['palm', 'right finger', 'left finger'].slice(
      0,
      this.gripper.dynamicBodyHandles.length,
    );
    const extraNames = extras.flatMap((e, i) => e.dynamicBodyHandles.map((_, j) => `extra body ${i}.${j}`));
    this.checkedNames = ['block', ...gripperNames, ...extraNames];
    this.bodyCount = world.bodies.len();
    this.attach(world);
  }

  /** The current world (replaced by every {@link FetchScene.restore}). */
  get world(): World {
    return this.worldValue;
  }

  /**
   * Advances one env step: sets the gripper command from an already clipped action, then runs the
   * substeps, then checks for a blow-up.
   *
   * @throws PhysicsError if a pose or velocity became non-finite or the block sank through the table
   */
  step(ax: number, ay: number, az: number, finger: number): void {
    const world = this.worldValue;
    const gripper = this.gripper;
    gripper.setAction(ax, ay, az, finger);
    for (let i = 0; i < SUBSTEPS_PER_STEP; i++) {
      gripper.beforeSubstep();
      world.step();
    }
    this.check();
  }

  /** Block centre position, m, written to `out[offset..offset+3)`. */
  blockPosition(out: Float64Array, offset = 0): void {
    const p = this.block.translation(this.vec);
    out[offset] = p.x;
    out[offset + 1] = p.y;
    out[offset + 2] = p.z;
  }

  /** Block orientation quaternion written as (x, y, z, w) to `out[offset..offset+4)`. */
  blockQuaternion(out: Float64Array, offset = 0): void {
    const q = this.block.rotation(this.quat);
    out[offset] = q.x;
    out[offset + 1] = q.y;
    out[offset + 2] = q.z;
    out[offset + 3] = q.w;
  }

  /**
   * Block linear velocity, m/s (world), written to `out[offset..offset+3)`: the velocity of the tracked point
   * (the cube's centre; a custom object's body origin, like a MuJoCo site velocity).
   */
  blockLinearVelocity(out: Float64Array, offset = 0): void {
    const v = this.originIsCentreOfMass
      ? this.block.linvel(this.vec)
      : this.block.velocityAtPoint(this.block.translation(this.vec2), this.vec);
    out[offset] = v.x;
    out[offset + 1] = v.y;
    out[offset + 2] = v.z;
  }

  /** Block angular velocity, rad/s (world), written to `out[offset..offset+3)`. */
  blockAngularVelocity(out: Float64Array, offset = 0): void {
    const w = this.block.angvel(this.vec);
    out[offset] = w.x;
    out[offset + 1] = w.y;
    out[offset + 2] = w.z;
  }

  /** Grip-site position, m (world). */
  gripPosition(out: Float64Array, offset = 0): void {
    this.gripper.gripPosition(out, offset);
  }

  /** Grip-site velocity, m/s (world). */
  gripVelocity(out: Float64Array, offset = 0): void {
    this.gripper.gripVelocity(out, offset);
  }

  /** Moves the block to (x, y) keeping its height, orientation and velocity (the reset draw). */
  setBlockXY(x: number, y: number): void {
    const p = this.block.translation(this.vec);
    p.x = x;
    p.y = y;
    this.block.setTranslation(p, true);
  }

  /** The block body (read-only use: queries in tests and policies). */
  get blockBody(): RigidBody {
    return this.block;
  }

  /** Serialises the complete world. */
  snapshot(): Uint8Array {
    return snapshotWorld(this.worldValue);
  }

  /**
   * Replaces the world by one rebuilt from `bytes` (a {@link FetchScene.snapshot} of a scene of the same
   * configuration) and frees the old one.
   *
   * @throws PhysicsError if the bytes are not a snapshot of this scene's layout
   */
  restore(bytes: Uint8Array): void {
    const world = restoreWorld(bytes);
    if (world.bodies.len() !== this.bodyCount) {
      world.free();
      throw new PhysicsError(
        `snapshot holds ${world.bodies.len()} bodies, this scene has ${this.bodyCount}`,
        'snapshot_layout_mismatch',
      );
    }
    this.worldValue.free();
    this.attach(world);
  }

  /** Frees the world. The scene must not be used afterwards. */
  free(): void {
    this.worldValue.free();
  }

  private attach(world: World): void {
    this.worldValue = world;
    this.block = world.getRigidBody(this.blockHandle);
    this.gripper.attach(world);
    for (const extra of this.extras) extra.attach(world);
    this.checkedBodies = this.checkedHandles.map((h) => world.getRigidBody(h));
  }

  /**
   * @throws PhysicsError (`non_finite_state`) if any dynamic body's pose or velocity is NaN/Infinity, or
   *   (`block_through_table`) if the block centre is more than 1 cm below the table top while over the table
   */
  check(): void {
    for (let i = 0; i < this.checkedBodies.length; i++) {
      if (!this.bodyFinite(this.checkedBodies[i]!)) {
        const body = this.checkedNames[i]!;
        throw new PhysicsError(
          `physics blew up: the ${body} has a non-finite pose or velocity`,
          'non_finite_state',
          { body },
        );
      }
    }
    const p = this.block.translation(this.vec);
    const tx = this.config.tableCentre_m[0];
    const ty = this.config.tableCentre_m[1];
    const hx = this.config.tableHalfExtents_m[0];
    const hy = this.config.tableHalfExtents_m[1];
    const overTable = Math.abs(p.x - tx) < hx && Math.abs(p.y - ty) < hy;
    if (overTable && p.z < this.tableTop_m - TUNNEL_TOLERANCE_M) {
      throw new PhysicsError(`the block sank through the table top (z = ${p.z})`, 'block_through_table', {
        z: p.z,
      });
    }
    for (const extra of this.extras) extra.check?.();
    const g = this.gripper.palmBody.translation(this.vec);
    const tip = g.z - GRIP_SITE_BELOW_PALM_M - FINGERTIP_BELOW_GRIP_M;
    if (Math.abs(g.x - tx) < hx && Math.abs(g.y - ty) < hy && tip < this.tableTop_m - TUNNEL_TOLERANCE_M) {
      throw new PhysicsError(
        `the gripper went through the table top (fingertips at z = ${tip})`,
        'gripper_through_table',
        {
          z: tip,
        },
      );
    }
  }

  private bodyFinite(body: RigidBody): boolean {
    const t = body.translation(this.vec);
    if (!(Number.isFinite(t.x) && Number.isFinite(t.y) && Number.isFinite(t.z))) return false;
    const v = body.linvel(this.vec);
    if (!(Number.isFinite(v.x) && Number.isFinite(v.y) && Number.isFinite(v.z))) return false;
    const w = body.angvel(this.vec);
    if (!(Number.isFinite(w.x) && Number.isFinite(w.y) && Number.isFinite(w.z))) return false;
    const q = body.rotation(this.quat);
    return Number.isFinite(q.x) && Number.isFinite(q.y) && Number.isFinite(q.z) && Number.isFinite(q.w);
  }
}

/**
 * Gives `body` Rapier damping rates equivalent to MuJoCo free-joint damping `c` (force −c·v, torque −c·ω):
 * c/m on translation and c/Ī on rotation, with Ī the mean principal moment of inertia (Rapier has one
 * angular rate for all axes).
 */
export function dampLikeMujocoJoint(body: RigidBody, c: number): void {
  const inertia = body.principalInertia();
  const meanInertia = (inertia.x + inertia.y + inertia.z) / 3;
  body.setLinearDamping(c / body.mass());
  body.setAngularDamping(c / meanInertia);
}
