/**
 * The 7-DoF PR2-style right arm of MBRLPusher (`pusher.xml` of RPL/PETS) as a Rapier reduced-coordinate
 * multibody: seven revolute joints with hard limits, torque actuation and joint damping applied from JS,
 * MuJoCo's joint armature emulated as added rotor inertia, and only the end-effector "scoop" colliding.
 *
 * The module owns physics queries only (joint angles and velocities from body poses, the tip position,
 * torque application); the task logic lives in `src/envs/pusher/`.
 *
 * @module
 */
import { GymError, InvalidOptions } from '../errors.js';
import { type Collider, RAPIER, type RigidBody, type World } from '../physics/rapier.js';

/** Number of actuated joints. */
export const PUSHER_ARM_DOF = 7;

/** Joint names in actuator and observation order (pusher.xml). */
export const PUSHER_JOINT_NAMES = [
  'r_shoulder_pan_joint',
  'r_shoulder_lift_joint',
  'r_upper_arm_roll_joint',
  'r_elbow_flex_joint',
  'r_forearm_roll_joint',
  'r_wrist_flex_joint',
  'r_wrist_roll_joint',
] as const;

/** Hinge axis of each joint in its parent frame (all links have identity orientation at q = 0). */
export type JointAxis = 'x' | 'y' | 'z';

/** One revolute joint of the chain. */
export interface PusherJointSpec {
  /** MuJoCo joint name. */
  readonly name: (typeof PUSHER_JOINT_NAMES)[number];
  /** Hinge axis in the parent link frame. */
  readonly axis: JointAxis;
  /** Hard limits [lower, upper] in rad. */
  readonly range_rad: readonly [number, number];
  /** Viscous joint damping b in N·m·s/rad (torque −b·q̇). */
  readonly damping_Nms: number;
}

/**
 * The joint table of pusher.xml (§2 of the spec). The shoulder-pan upper limit is RPL's 2.0
 * (gym's copy of the file has 1.714602).
 */
export const PUSHER_JOINTS: readonly PusherJointSpec[] = Object.freeze([
  { name: 'r_shoulder_pan_joint', axis: 'z', range_rad: [-2.2854, 2.0], damping_Nms: 1.0 },
  { name: 'r_shoulder_lift_joint', axis: 'y', range_rad: [-0.5236, 1.3963], damping_Nms: 1.0 },
  { name: 'r_upper_arm_roll_joint', axis: 'x', range_rad: [-1.5, 1.7], damping_Nms: 0.1 },
  { name: 'r_elbow_flex_joint', axis: 'y', range_rad: [-2.3213, 0], damping_Nms: 0.1 },
  { name: 'r_forearm_roll_joint', axis: 'x', range_rad: [-1.5, 1.5], damping_Nms: 0.1 },
  { name: 'r_wrist_flex_joint', axis: 'y', range_rad: [-1.094, 0], damping_Nms: 0.1 },
  { name: 'r_wrist_roll_joint', axis: 'x', range_rad: [-1.5, 1.5], damping_Nms: 0.1 },
] as const);

/** World position of the shoulder-pan joint, the arm's fixed base (m). */
export const PUSHER_ARM_BASE_M: readonly [number, number, number] = [0, -0.6, 0];
/** Rotor inertia MuJoCo adds to every joint (pusher.xml default `armature`), kg·m². */
export const PUSHER_ARMATURE_KGM2 = 0.04;
/** Density of every arm geom (pusher.xml default), kg/m³; link masses come from the geoms. */
export const PUSHER_LINK_DENSITY_KGPM3 = 300;
/**
 * Damping Rapier itself applies to every multibody angular DoF (`default_damping` in multibody_joint.rs),
 * N·m·s/rad; it cannot be changed from JS, so the JS-side damping is the spec value minus this.
 */
export const RAPIER_MULTIBODY_DAMPING_NMS = 0.1;
/** Radius of the three scoop capsules (m); the scoop is the only arm part that collides. */
export const SCOOP_RADIUS_M = 0.02;

/** A point or direction (m). */
export type Vec3 = readonly [number, number, number];

/** A geom of a link in link coordinates (MuJoCo `fromto` capsules and spheres), density 300. */
export type PusherGeomSpec =
  | {
      readonly kind: 'capsule';
      readonly from: Vec3;
      readonly to: Vec3;
      readonly radius: number;
      readonly scoop?: true;
    }
  | { readonly kind: 'sphere'; readonly pos: Vec3; readonly radius: number };

/** A movable link: MuJoCo bodies rigidly attached to the previous one are merged into it. */
export interface PusherLinkSpec {
  /** MuJoCo bodies merged into this link. */
  readonly bodies: readonly string[];
  /** Origin in the parent link's frame at q = 0 (m); the link's joint sits at this origin. */
  readonly offset: Vec3;
  /** Geoms in link coordinates (all links have identity orientation at q = 0). */
  readonly geoms: readonly PusherGeomSpec[];
}

/** The 7 links of pusher.xml in chain order; link i is driven by joint i. The first link's origin is the base. */
export const PUSHER_LINKS: readonly PusherLinkSpec[] = [
  {
    bodies: ['r_shoulder_pan_link'],
    offset: [0, 0, 0],
    geoms: [
      { kind: 'sphere', pos: [-0.06, 0.05, 0.2], radius: 0.05 },
      { kind: 'sphere', pos: [0.06, 0.05, 0.2], radius: 0.05 },
      { kind: 'sphere', pos: [-0.06, 0.09, 0.2], radius: 0.03 },
      { kind: 'sphere', pos: [0.06, 0.09, 0.2], radius: 0.03 },
      { kind: 'capsule', from: [0, 0, -0.4], to: [0, 0, 0.2], radius: 0.1 },
    ],
  },
  {
    bodies: ['r_shoulder_lift_link'],
    offset: [0.1, 0, 0],
    geoms: [{ kind: 'capsule', from: [0, -0.1, 0], to: [0, 0.1, 0], radius: 0.1 }],
  },
  {
    bodies: ['r_upper_arm_roll_link', 'r_upper_arm_link'],
    offset: [0, 0, 0],
    geoms: [
      { kind: 'capsule', from: [-0.1, 0, 0], to: [0.1, 0, 0], radius: 0.02 },
      { kind: 'capsule', from: [0, 0, 0], to: [0.4, 0, 0], radius: 0.06 },
    ],
  },
  {
    bodies: ['r_elbow_flex_link'],
    offset: [0.4, 0, 0],
    geoms: [{ kind: 'capsule', from: [0, -0.02, 0], to: [0, 0.02, 0], radius: 0.06 }],
  },
  {
    bodies: ['r_forearm_roll_link', 'r_forearm_link'],
    offset: [0, 0, 0],
    geoms: [
      { kind: 'capsule', from: [-0.1, 0, 0], to: [0.1, 0, 0], radius: 0.02 },
      { kind: 'capsule', from: [0, 0, 0], to: [0.291, 0, 0], radius: 0.05 },
    ],
  },
  {
    bodies: ['r_wrist_flex_link'],
    offset: [0.321, 0, 0],
    geoms: [{ kind: 'capsule', from: [0, -0.02, 0], to: [0, 0.02, 0], radius: 0.01 }],
  },
  {
    bodies: ['r_wrist_roll_link', 'tips_arm'],
    offset: [0, 0, 0],
    geoms: [
      { kind: 'sphere', pos: [0.1, -0.1, 0], radius: 0.01 },
      { kind: 'sphere', pos: [0.1, 0.1, 0], radius: 0.01 },
      { kind: 'capsule', from: [0, -0.1, 0], to: [0, 0.1, 0], radius: SCOOP_RADIUS_M, scoop: true },
      { kind: 'capsule', from: [0, -0.1, 0], to: [0.1, -0.1, 0], radius: SCOOP_RADIUS_M, scoop: true },
      { kind: 'capsule', from: [0, 0.1, 0], to: [0.1, 0.1, 0], radius: SCOOP_RADIUS_M, scoop: true },
    ],
  },
];

/** Joint damping of pusher.xml per joint, N·m·s/rad. */
export const PUSHER_JOINT_DAMPING_NMS: readonly number[] = Object.freeze(
  PUSHER_JOINTS.map((j) => j.damping_Nms),
);

/** Collision groups (Rapier `InteractionGroups`: membership << 16 | filter) of the scoop colliders. */
export interface PusherArmCollision {
  /** Groups of the scoop capsules. Every other arm geom gets 0 (touches nothing), as in pusher.xml. */
  readonly scoopGroups: number;
}

/** Handles that identify the arm in a world (they survive snapshots; JS wrapper objects do not). */
export interface PusherArmHandles {
  /** The fixed base body. */
  readonly base: number;
  /** The 7 links, chain order. */
  readonly links: readonly number[];
  /** The 3 scoop colliders. */
  readonly scoop: readonly number[];
  /** The 7 impulse joints that carry the joint limits. */
  readonly limits: readonly number[];
}

const AXIS_INDEX: Readonly<Record<JointAxis, 0 | 1 | 2>> = { x: 0, y: 1, z: 2 };

/** Rapier capsules and cylinders lie along their local +y; these rotate +y onto +x / +z. */
const Y_TO_X = { x: 0, y: 0, z: -Math.SQRT1_2, w: Math.SQRT1_2 };
const Y_TO_Z = { x: Math.SQRT1_2, y: 0, z: 0, w: Math.SQRT1_2 };
const IDENTITY_ROTATION = { x: 0, y: 0, z: 0, w: 1 };
const ORIGIN = { x: 0, y: 0, z: 0 };
/** `JointAxesMask` with no bit set: a generic joint that constrains nothing but its limits. */
const NO_LOCKED_AXES = 0 as Parameters<typeof RAPIER.JointData.generic>[3];

type RawJointSet = World['impulseJoints']['raw'];

/**
 * Sets the limits of a generic impulse joint's angular X axis. `GenericImpulseJoint` has no `setLimits` in
 * the JS API, but the raw joint set does (it is what `UnitImpulseJoint.setLimits` calls).
 */
function setImpulseJointLimits(world: World, handle: number, range: readonly [number, number]): void {
  const axis = RAPIER.JointAxis.AngX as unknown as Parameters<RawJointSet['jointSetLimits']>[1];
  world.impulseJoints.raw.jointSetLimits(handle, axis, range[0], range[1]);
}

function capsuleDesc(g: { from: Vec3; to: Vec3; radius: number }): InstanceType<typeof RAPIER.ColliderDesc> {
  const d: [number, number, number] = [g.to[0] - g.from[0], g.to[1] - g.from[1], g.to[2] - g.from[2]];
  const nonZero = d.filter((v) => v !== 0).length;
  if (nonZero !== 1) {
    throw new GymError('pusher-arm: capsules must be axis-aligned', 'invalid_geom', {
      from: g.from,
      to: g.to,
    });
  }
  const axis = d[0] !== 0 ? 0 : d[1] !== 0 ? 1 : 2;
  const halfLength = Math.abs(d[axis]!) / 2;
  const rotation = axis === 0 ? Y_TO_X : axis === 1 ? IDENTITY_ROTATION : Y_TO_Z;
  return RAPIER.ColliderDesc.capsule(halfLength, g.radius)
    .setTranslation((g.from[0] + g.to[0]) / 2, (g.from[1] + g.to[1]) / 2, (g.from[2] + g.to[2]) / 2)
    .setRotation(rotation);
}

/**
 * The arm inside one Rapier world. Build it once with {@link PusherArm.build}; after a world is restored
 * from a snapshot, reattach with {@link PusherArm.attach} (handles survive, wrapper objects do not).
 *
 * Joint angles and velocities are computed from body poses (Rapier's JS API has no joint getters):
 * q = 2·atan2(r·a, r_w) for the child-relative-to-parent rotation r, q̇ = a_world·(ω_child − ω_parent).
 */
export class PusherArm {
  /** Handles of the arm's bodies and scoop colliders. */
  readonly handles: PusherArmHandles;
  private readonly base: RigidBody;
  private readonly links: readonly RigidBody[];
  private readonly scoopColliders: readonly Collider[];
  /** JS-side damping per joint: spec damping minus Rapier's built-in 0.1. */
  private readonly extraDamping = new Float64Array(PUSHER_ARM_DOF);
  // Scratch buffers (no allocation on the hot path).
  private readonly rot = new Float64Array(4 * (PUSHER_ARM_DOF + 1));
  private readonly angvel = new Float64Array(3 * (PUSHER_ARM_DOF + 1));
  private readonly axisWorld = new Float64Array(3 * PUSHER_ARM_DOF);
  private readonly torque = new Float64Array(PUSHER_ARM_DOF);
  private readonly jointScratch = new Float64Array(2 * PUSHER_ARM_DOF);
  private readonly vec = { x: 0, y: 0, z: 0 };
  private readonly quat = { x: 0, y: 0, z: 0, w: 1 };

  private constructor(world: World, handles: PusherArmHandles, jointDamping_Nms: readonly number[]) {
    this.handles = handles;
    this.base = world.getRigidBody(handles.base);
    this.links = handles.links.map((h) => world.getRigidBody(h));
    this.scoopColliders = handles.scoop.map((h) => world.getCollider(h));
    this.setJointDamping(jointDamping_Nms);
  }

  /**
   * Sets the joint damping (N·m·s/rad per joint). It lives in JS, not in the world, so a world restored from
   * a snapshot gets the damping of the arm object attached to it.
   *
   * @throws InvalidOptions unless there are 7 finite non-negative values
   */
  setJointDamping(jointDamping_Nms: readonly number[]): void {
    assertJointDamping(jointDamping_Nms);
    for (let i = 0; i < PUSHER_ARM_DOF; i++) {
      this.extraDamping[i] = jointDamping_Nms[i]! - RAPIER_MULTIBODY_DAMPING_NMS;
    }
  }

  /** Deletes the joint-limit constraints (only for probing the free arm's dynamics in a scratch world). */
  removeLimits(world: World): void {
    for (const h of this.handles.limits) world.removeImpulseJoint(world.getImpulseJoint(h), false);
  }

  /** Removes all user torques (e.g. after a kick, so that a snapshot carries none). */
  clearTorques(): void {
    for (const body of this.links) body.resetTorques(false);
  }

  /**
   * Creates the arm in `world` at q = 0 (pointing along +x at z = 0), in a fixed order: base, then for each
   * link its body, colliders and joint.
   */
  static build(world: World, jointDamping_Nms: readonly number[], collision: PusherArmCollision): PusherArm {
    const [bx, by, bz] = PUSHER_ARM_BASE_M;
    const base = world.createRigidBody(RAPIER.RigidBodyDesc.fixed().setTranslation(bx, by, bz));
    const links: number[] = [];
    const scoop: number[] = [];
    const limits: number[] = [];
    let parent = base;
    let px = bx;
    let py = by;
    let pz = bz;
    for (let i = 0; i < PUSHER_LINKS.length; i++) {
      const link = PUSHER_LINKS[i]!;
      const joint = PUSHER_JOINTS[i]!;
      px += link.offset[0];
      py += link.offset[1];
      pz += link.offset[2];
      const axisIndex = AXIS_INDEX[joint.axis];
      const inertia = [0, 0, 0];
      inertia[axisIndex] = PUSHER_ARMATURE_KGM2;
      const body = world.createRigidBody(
        RAPIER.RigidBodyDesc.dynamic()
          .setTranslation(px, py, pz)
          .setCanSleep(false)
          .setAdditionalMassProperties(
            0,
            { x: 0, y: 0, z: 0 },
            { x: inertia[0]!, y: inertia[1]!, z: inertia[2]! },
            IDENTITY_ROTATION,
          ),
      );
      for (const g of link.geoms) {
        const desc =
          g.kind === 'sphere'
            ? RAPIER.ColliderDesc.ball(g.radius).setTranslation(g.pos[0], g.pos[1], g.pos[2])
            : capsuleDesc(g);
        const isScoop = g.kind === 'capsule' && g.scoop === true;
        desc
          .setDensity(PUSHER_LINK_DENSITY_KGPM3)
          .setFriction(0)
          .setRestitution(0)
          .setCollisionGroups(isScoop ? collision.scoopGroups : 0)
          .setSolverGroups(isScoop ? collision.scoopGroups : 0);
        const collider = world.createCollider(desc, body);
        if (isScoop) scoop.push(collider.handle);
      }
      const offset = { x: link.offset[0], y: link.offset[1], z: link.offset[2] };
      const axis = { x: axisIndex === 0 ? 1 : 0, y: axisIndex === 1 ? 1 : 0, z: axisIndex === 2 ? 1 : 0 };
      const hinge = world.createMultibodyJoint(
        RAPIER.JointData.revolute(offset, ORIGIN, axis),
        parent,
        body,
        true,
      );
      hinge.setContactsEnabled(false);
      // Rapier's JS API cannot give a multibody revolute joint limits (JointData.intoRaw drops them for
      // revolute joints). A generic impulse joint with no locked axis adds only the limit rows on the hinge
      // axis (its local X), solved by the constraint solver as a hard limit.
      const limit = world.createImpulseJoint(
        RAPIER.JointData.generic(offset, ORIGIN, axis, NO_LOCKED_AXES),
        parent,
        body,
        true,
      );
      limit.setContactsEnabled(false);
      setImpulseJointLimits(world, limit.handle, joint.range_rad);
      limits.push(limit.handle);
      links.push(body.handle);
      parent = body;
    }
    return new PusherArm(world, { base: base.handle, links, scoop, limits }, jointDamping_Nms);
  }

  /** Reattaches to an arm inside `world` (e.g. a world restored from a snapshot). */
  static attach(world: World, handles: PusherArmHandles, jointDamping_Nms: readonly number[]): PusherArm {
    return new PusherArm(world, handles, jointDamping_Nms);
  }

  /** The 3 scoop colliders (the only arm parts that touch anything). */
  get scoop(): readonly Collider[] {
    return this.scoopColliders;
  }

  /** The 7 link bodies in chain order. */
  get linkBodies(): readonly RigidBody[] {
    return this.links;
  }

  private readPoses(): void {
    const { rot, angvel } = this;
    for (let k = 0; k <= PUSHER_ARM_DOF; k++) {
      const body = k === 0 ? this.base : this.links[k - 1]!;
      const r = body.rotation(this.quat);
      rot[4 * k] = r.x;
      rot[4 * k + 1] = r.y;
      rot[4 * k + 2] = r.z;
      rot[4 * k + 3] = r.w;
      const w = body.angvel(this.vec);
      angvel[3 * k] = w.x;
      angvel[3 * k + 1] = w.y;
      angvel[3 * k + 2] = w.z;
    }
  }

  /** Computes q (into `out[qOffset..]`), q̇ (into `out[qdOffset..]`) and the world joint axes from the poses read last. */
  private computeJoints(out: Float64Array, qOffset: number, qdOffset: number): void {
    const { rot, angvel, axisWorld } = this;
    for (let i = 0; i < PUSHER_ARM_DOF; i++) {
      const p = 4 * i; // parent rotation
      const c = 4 * (i + 1); // child rotation
      const px = rot[p]!;
      const py = rot[p + 1]!;
      const pz = rot[p + 2]!;
      const pw = rot[p + 3]!;
      const cx = rot[c]!;
      const cy = rot[c + 1]!;
      const cz = rot[c + 2]!;
      const cw = rot[c + 3]!;
      // r = conj(p) * c
      let rw = pw * cw + px * cx + py * cy + pz * cz;
      const rx = pw * cx - px * cw - py * cz + pz * cy;
      const ry = pw * cy + px * cz - py * cw - pz * cx;
      const rz = pw * cz - px * cy + py * cx - pz * cw;
      const ai = AXIS_INDEX[PUSHER_JOINTS[i]!.axis];
      let ra = ai === 0 ? rx : ai === 1 ? ry : rz;
      if (rw < 0) {
        rw = -rw;
        ra = -ra;
      }
      out[qOffset + i] = 2 * Math.atan2(ra, rw);
      // axis in world = rotate(child rotation, unit local axis): the column `ai` of R(c)
      let ax: number;
      let ay: number;
      let az: number;
      if (ai === 0) {
        ax = 1 - 2 * (cy * cy + cz * cz);
        ay = 2 * (cx * cy + cz * cw);
        az = 2 * (cx * cz - cy * cw);
      } else if (ai === 1) {
        ax = 2 * (cx * cy - cz * cw);
        ay = 1 - 2 * (cx * cx + cz * cz);
        az = 2 * (cy * cz + cx * cw);
      } else {
        ax = 2 * (cx * cz + cy * cw);
        ay = 2 * (cy * cz - cx * cw);
        az = 1 - 2 * (cx * cx + cy * cy);
      }
      axisWorld[3 * i] = ax;
      axisWorld[3 * i + 1] = ay;
      axisWorld[3 * i + 2] = az;
      const wp = 3 * i;
      const wc = 3 * (i + 1);
      out[qdOffset + i] =
        ax * (angvel[wc]! - angvel[wp]!) +
        ay * (angvel[wc + 1]! - angvel[wp + 1]!) +
        az * (angvel[wc + 2]! - angvel[wp + 2]!);
    }
  }

  /**
   * Writes the 7 joint angles (rad) to `out[qOffset..qOffset+7)` and the 7 joint velocities (rad/s) to
   * `out[qdOffset..qdOffset+7)` (by default the observation layout: angles then velocities).
   */
  readJoints(out: Float64Array, qOffset = 0, qdOffset = PUSHER_ARM_DOF): void {
    this.readPoses();
    this.computeJoints(out, qOffset, qdOffset);
  }

  /**
   * Sets the generalized forces for the next `world.step()`: motor torques `torque_Nm` (already clipped by
   * the caller) minus the JS part of the joint damping, −(b − 0.1)·q̇, evaluated at the current velocities.
   * Each joint torque acts +τ·axis on its link and −τ·axis on the parent. Call once before every substep
   * (Rapier keeps user torques until they are reset).
   */
  applyTorques(torque_Nm: ArrayLike<number>): void {
    this.readPoses();
    const joints = this.jointScratch;
    this.computeJoints(joints, 0, PUSHER_ARM_DOF);
    const { axisWorld, torque, vec } = this;
    for (let i = 0; i < PUSHER_ARM_DOF; i++) {
      torque[i] = torque_Nm[i]! - this.extraDamping[i]! * joints[PUSHER_ARM_DOF + i]!;
    }
    for (let k = 0; k < PUSHER_ARM_DOF; k++) {
      const t = torque[k]!;
      let x = t * axisWorld[3 * k]!;
      let y = t * axisWorld[3 * k + 1]!;
      let z = t * axisWorld[3 * k + 2]!;
      if (k + 1 < PUSHER_ARM_DOF) {
        const tn = torque[k + 1]!;
        x -= tn * axisWorld[3 * (k + 1)]!;
        y -= tn * axisWorld[3 * (k + 1) + 1]!;
        z -= tn * axisWorld[3 * (k + 1) + 2]!;
      }
      const body = this.links[k]!;
      body.resetTorques(false);
      vec.x = x;
      vec.y = y;
      vec.z = z;
      body.addTorque(vec, false);
    }
  }

  /** Writes the `tips_arm` frame origin (= the wrist-roll joint origin, gym's `get_body_com`) to `out[offset..]`. */
  tipPosition(out: Float64Array, offset = 0): void {
    const t = this.links[PUSHER_ARM_DOF - 1]!.translation(this.vec);
    out[offset] = t.x;
    out[offset + 1] = t.y;
    out[offset + 2] = t.z;
  }
}

/**
 * Checks a joint-damping vector.
 *
 * @throws InvalidOptions unless there are 7 finite non-negative values
 */
export function assertJointDamping(jointDamping_Nms: readonly number[]): void {
  if (
    jointDamping_Nms.length !== PUSHER_ARM_DOF ||
    !jointDamping_Nms.every((d) => Number.isFinite(d) && d >= 0)
  ) {
    throw new InvalidOptions(
      `the pusher arm needs ${PUSHER_ARM_DOF} finite non-negative joint dampings, got [${jointDamping_Nms.join(', ')}]`,
      'invalid_joint_damping',
      { value: [...jointDamping_Nms] },
    );
  }
}
