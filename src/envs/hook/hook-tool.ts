/**
 * The L-shaped hook of the Hook tasks as a {@link SceneExtra} of the Fetch scene: one free rigid body made of
 * a shaft and a head (two boxes, 2 kg each), with named queries of its reference point ("hook" site).
 *
 * @module
 */
import { PhysicsError } from '../../errors.js';
import { RAPIER, type RigidBody, type World } from '../../physics/rapier.js';
import type { Vec3 } from '../../robots/fetch-gripper.js';
import { dampLikeMujocoJoint, type SceneExtra } from '../fetch/fetch-scene.js';
import {
  HOOK_HEAD_CENTRE_M,
  HOOK_HEAD_HALF_EXTENTS_M,
  HOOK_JOINT_DAMPING,
  HOOK_PART_MASS_KG,
  HOOK_REFERENCE_POINT_M,
  HOOK_SHAFT_HALF_EXTENTS_M,
  HOOK_TUNNEL_TOLERANCE_M,
} from './constants.js';

/** Where the hook lies and what it touches. */
export interface HookToolConfig {
  /** Body origin (shaft centre) at construction, m; identity orientation (shaft along +x, head toward +y). */
  readonly startPosition_m: Vec3;
  /** Friction coefficient of both hook colliders (combine rule: average). */
  readonly friction: number;
  /** Table top, m, and the table's xy box (for the tunnelling check). */
  readonly tableTop_m: number;
  /** Table centre, m. */
  readonly tableCentre_m: Vec3;
  /** Table half-extents, m. */
  readonly tableHalfExtents_m: Vec3;
}

/**
 * The hook: built into a Fetch scene's world after the gripper (see {@link FetchScene}). Queries write into
 * caller arrays and allocate nothing.
 */
export class HookTool implements SceneExtra {
  readonly config: HookToolConfig;
  private handle = -1;
  private body!: RigidBody;
  private readonly vec = { x: 0, y: 0, z: 0 };
  private readonly point = { x: 0, y: 0, z: 0 };
  private readonly quat = { x: 0, y: 0, z: 0, w: 1 };

  /** @param config - start pose, friction and the table it lies on */
  constructor(config: HookToolConfig) {
    this.config = config;
  }

  /** Creates the hook body with its shaft and head colliders (in this order). */
  build(world: World): void {
    const [x, y, z] = this.config.startPosition_m;
    const body = world.createRigidBody(
      RAPIER.RigidBodyDesc.dynamic().setTranslation(x, y, z).setCanSleep(false),
    );
    world.createCollider(
      RAPIER.ColliderDesc.cuboid(...HOOK_SHAFT_HALF_EXTENTS_M)
        .setMass(HOOK_PART_MASS_KG)
        .setFriction(this.config.friction),
      body,
    );
    world.createCollider(
      RAPIER.ColliderDesc.cuboid(...HOOK_HEAD_HALF_EXTENTS_M)
        .setTranslation(...HOOK_HEAD_CENTRE_M)
        .setMass(HOOK_PART_MASS_KG)
        .setFriction(this.config.friction),
      body,
    );
    body.recomputeMassPropertiesFromColliders();
    dampLikeMujocoJoint(body, HOOK_JOINT_DAMPING);
    this.handle = body.handle;
    this.body = body;
  }

  /** Re-fetches the body wrapper from a restored world. */
  attach(world: World): void {
    this.body = world.getRigidBody(this.handle);
  }

  /** The hook body handle (one dynamic body). */
  get dynamicBodyHandles(): readonly number[] {
    return [this.handle];
  }

  /** The hook body (read-only use: tests and planners). */
  get hookBody(): RigidBody {
    return this.body;
  }

  /** Reference-point ("hook" site) position, m (world), written to `out[offset..offset+3)`. */
  referencePosition(out: Float64Array, offset = 0): void {
    const p = this.referencePoint();
    out[offset] = p.x;
    out[offset + 1] = p.y;
    out[offset + 2] = p.z;
  }

  /** Hook orientation quaternion as (x, y, z, w), written to `out[offset..offset+4)`. */
  quaternion(out: Float64Array, offset = 0): void {
    const q = this.body.rotation(this.quat);
    out[offset] = q.x;
    out[offset + 1] = q.y;
    out[offset + 2] = q.z;
    out[offset + 3] = q.w;
  }

  /** Linear velocity of the reference point, m/s (world; MuJoCo's site velocity), into `out[offset..]`. */
  referenceVelocity(out: Float64Array, offset = 0): void {
    const v = this.body.velocityAtPoint(this.referencePoint(), this.vec);
    out[offset] = v.x;
    out[offset + 1] = v.y;
    out[offset + 2] = v.z;
  }

  /** Angular velocity, rad/s (world), into `out[offset..offset+3)`. */
  angularVelocity(out: Float64Array, offset = 0): void {
    const w = this.body.angvel(this.vec);
    out[offset] = w.x;
    out[offset + 1] = w.y;
    out[offset + 2] = w.z;
  }

  /**
   * @throws PhysicsError (`hook_through_table`) if the shaft centre is more than 1 cm below the table top
   *   while over the table
   */
  check(): void {
    const p = this.body.translation(this.vec);
    const c = this.config;
    const overTable =
      Math.abs(p.x - c.tableCentre_m[0]) < c.tableHalfExtents_m[0] &&
      Math.abs(p.y - c.tableCentre_m[1]) < c.tableHalfExtents_m[1];
    if (overTable && p.z < c.tableTop_m - HOOK_TUNNEL_TOLERANCE_M) {
      throw new PhysicsError(`the hook sank through the table top (z = ${p.z})`, 'hook_through_table', {
        z: p.z,
      });
    }
  }

  /** World position of the reference point (body origin + R·(−0.25, 0, 0)), in a reused scratch vector. */
  private referencePoint(): { x: number; y: number; z: number } {
    const t = this.body.translation(this.point);
    const q = this.body.rotation(this.quat);
    // Rotate r = (rx, 0, 0) by q: R·r = rx·(first column of R).
    const rx = HOOK_REFERENCE_POINT_M[0];
    t.x += rx * (1 - 2 * (q.y * q.y + q.z * q.z));
    t.y += rx * 2 * (q.x * q.y + q.w * q.z);
    t.z += rx * 2 * (q.x * q.z - q.w * q.y);
    return t;
  }
}
