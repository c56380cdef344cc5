/**
 * A renderer-independent description of a Rapier world: every collider's shape, size, colour and world pose.
 * It is built generically from the world (no env or scene code is involved), so any env that exposes its
 * world through {@link PhysicsBacked} can be drawn, recorded and replayed.
 *
 * Shapes are static within an episode while poses change every step, so a description is split in two:
 * {@link describeWorld} reads the shapes once (with their current pose), {@link readPoses} reads the poses of the
 * moving shapes at every step. Both are plain JSON-serialisable data.
 *
 * Colours follow the body type: fixed bodies are the floor, the table and obstacles (greys), kinematic bodies
 * and dynamic bodies attached by a joint are the robot (dark blue), free dynamic bodies are the manipulated
 * objects (red for the first, then other colours in creation order). {@link DescribeOptions} overrides both.
 *
 * @module
 */
import type { Env } from '../core/env.js';
import { GymError } from '../errors.js';
import type { Collider, RigidBody, World } from '../physics/rapier.js';
import { RAPIER } from '../physics/rapier.js';

/** What a shape is in the scene; decides its default colour and whether the camera frames it. */
export type ShapeRole = 'floor' | 'table' | 'obstacle' | 'robot' | 'object';

/** A world pose: position (m) then unit quaternion, `[x, y, z, qx, qy, qz, qw]`. */
export type ScenePose = readonly [number, number, number, number, number, number, number];

/** Numbers per pose in {@link SceneFrame.poses}. */
export const POSE_SIZE = 7;

/**
 * The geometry of one collider in its own frame. Cylinders, cones and capsules lie along their local +y axis
 * (Rapier's and three.js's convention); `hull` is the convex hull of `vertices` (flat xyz, m); `mesh` is a
 * triangle mesh (`indices` index triples into `vertices`).
 */
export type ShapeGeometry =
  | { readonly kind: 'box'; readonly halfExtents: readonly [number, number, number] }
  | { readonly kind: 'ball'; readonly radius: number }
  | { readonly kind: 'cylinder'; readonly halfHeight: number; readonly radius: number }
  | { readonly kind: 'cone'; readonly halfHeight: number; readonly radius: number }
  | { readonly kind: 'capsule'; readonly halfHeight: number; readonly radius: number }
  | { readonly kind: 'hull'; readonly vertices: readonly number[] }
  | { readonly kind: 'mesh'; readonly vertices: readonly number[]; readonly indices: readonly number[] };

/** One drawable collider. */
export interface SceneShape {
  /** The collider handle (stable across snapshot restores). */
  readonly id: number;
  /** The handle of the collider's rigid body. */
  readonly body: number;
  /** What the shape is (decides its default colour). */
  readonly role: ShapeRole;
  /** CSS colour `#rrggbb`. */
  readonly color: string;
  /** 1 for opaque; sensors are drawn translucent. */
  readonly opacity: number;
  /** Shape and size. */
  readonly geometry: ShapeGeometry;
  /** False for colliders of fixed bodies: their pose never changes and is not repeated in frames. */
  readonly moving: boolean;
  /** World pose when the description was taken. */
  readonly pose: ScenePose;
}

/** Colliders that {@link describeWorld} cannot draw (height fields, polylines, half-spaces, voxels, ...). */
export interface SkippedCollider {
  readonly id: number;
  /** Rapier `ShapeType` name. */
  readonly shapeType: string;
}

/** The static part of a scene: every drawable collider with its pose at description time. */
export interface SceneDescription {
  /** The drawable colliders, in the world's collider order. */
  readonly shapes: readonly SceneShape[];
  /** Colliders that were left out because their shape type has no drawing. */
  readonly skipped: readonly SkippedCollider[];
}

/** The dynamic part of a scene at one instant. */
export interface SceneFrame {
  /** Env steps since the reset that started the episode (0 right after reset). */
  readonly step: number;
  /** Poses of the shapes with `moving: true`, in shape order, {@link POSE_SIZE} numbers each. */
  readonly poses: readonly number[];
  /** The goal position (m), drawn as a marker; null when the env has none. */
  readonly goal: readonly number[] | null;
  /** Reward of the step that led here (null for the reset frame). */
  readonly reward: number | null;
  /** `info.is_success` of that step, when the env reports it. */
  readonly success: boolean | null;
}

/** Default colour of each role. */
export const ROLE_COLORS: Readonly<Record<ShapeRole, string>> = Object.freeze({
  floor: '#d8d4cb',
  table: '#8f969e',
  obstacle: '#5f6772',
  robot: '#2f4a6d',
  object: '#d62828',
});

/** Colours of the free objects after the first one (the block keeps {@link ROLE_COLORS}.object). */
export const OBJECT_PALETTE: readonly string[] = Object.freeze([
  '#d62828',
  '#e9a23b',
  '#2a9d8f',
  '#8e5cc4',
  '#4d8fd6',
]);

/** Opacity of sensor colliders (they do not collide, so they are drawn as ghosts). */
export const SENSOR_OPACITY = 0.35;

/** A fixed box is the floor when its top is below this height (m; Fetch's floor top is z = 0)... */
export const FLOOR_TOP_MAX_Z_M = 0.01;
/** ...and both horizontal half-extents reach this far (m; the Fetch floor slab is 10 m, its table 0.35 m). */
export const FLOOR_MIN_HALF_EXTENT_M = 3;

/** Decimal places kept by {@link roundPose} (10 µm and 1e-5 quaternion units are far below a pixel). */
export const POSE_DECIMALS = 5;

/** Everything {@link DescribeOptions.classify} may look at. */
export interface ClassifyInput {
  readonly collider: Collider;
  readonly body: RigidBody;
  /** The role the default rules chose. */
  readonly defaultRole: ShapeRole;
}

/** Overrides of the default roles and colours (e.g. for a task that wants its hook drawn in brown). */
export interface DescribeOptions {
  /** Returns a role for a collider, or undefined to keep the default. */
  readonly classify?: (input: ClassifyInput) => ShapeRole | undefined;
  /** Colour by collider handle; wins over everything else. */
  readonly colors?: ReadonlyMap<number, string>;
  /** Colour by role, replacing {@link ROLE_COLORS} (and the object palette for `object`). */
  readonly roleColors?: Partial<Readonly<Record<ShapeRole, string>>>;
  /** Collider handles to leave out. */
  readonly hidden?: ReadonlySet<number>;
}

/**
 * An env (or scene) whose physics lives in one Rapier world, reachable as `physics.world`. The Fetch, Hook and
 * Pusher envs all satisfy it; the world may be replaced between episodes (snapshot restore), so read it anew.
 */
export interface PhysicsBacked {
  readonly physics: { readonly world: World };
}

/** True if `value` exposes a Rapier world as `physics.world`. */
export function isPhysicsBacked(value: unknown): value is PhysicsBacked {
  if (typeof value !== 'object' || value === null || !('physics' in value)) return false;
  const physics = (value as { physics: unknown }).physics;
  if (typeof physics !== 'object' || physics === null || !('world' in physics)) return false;
  return (physics as { world: unknown }).world instanceof RAPIER.World;
}

/**
 * The Rapier world of `env` (looked up on `env.unwrapped`, so any wrapper stack works).
 *
 * @throws GymError `not_physics_backed` if the innermost env has no `physics.world`
 */
export function worldOf(env: Env<unknown, unknown>): World {
  const inner = env.unwrapped;
  if (!isPhysicsBacked(inner)) {
    throw new GymError(
      `${String(inner)} exposes no Rapier world (expected a 'physics.world' property), so it cannot be rendered`,
      'not_physics_backed',
      { env: String(inner) },
    );
  }
  return inner.physics.world;
}

/**
 * The goal of a goal-conditioned observation (`desired_goal`'s first three numbers), or null when `obs` has
 * none.
 */
export function goalOf(obs: unknown): readonly number[] | null {
  if (typeof obs !== 'object' || obs === null || !('desired_goal' in obs)) return null;
  const g = (obs as { desired_goal: unknown }).desired_goal;
  if (!(ArrayBuffer.isView(g) || Array.isArray(g))) return null;
  const arr = g as ArrayLike<unknown>;
  if (arr.length < 3) return null;
  const out = [Number(arr[0]), Number(arr[1]), Number(arr[2])];
  return out.every(Number.isFinite) ? out : null;
}

/** Rounds to {@link POSE_DECIMALS} decimals (keeps recordings small). */
export function roundPose(value: number): number {
  const k = 10 ** POSE_DECIMALS;
  const r = Math.round(value * k) / k;
  return r === 0 ? 0 : r; // no -0: JSON would turn it into 0
}

/** Handles of bodies that take part in a joint (impulse or multibody) with another body. */
function jointedBodies(world: World): Set<number> {
  const out = new Set<number>();
  world.impulseJoints.forEach((j) => {
    out.add(j.body1().handle);
    out.add(j.body2().handle);
  });
  world.bodies.forEach((body) => {
    let attached = false;
    world.multibodyJoints.forEachJointHandleAttachedToRigidBody(body.handle, () => {
      attached = true;
    });
    if (attached) out.add(body.handle);
  });
  return out;
}

function geometryOf(collider: Collider): ShapeGeometry | null {
  const shape = collider.shape;
  const T = RAPIER.ShapeType;
  switch (shape.type) {
    case T.Cuboid:
    case T.RoundCuboid: {
      const s = shape as InstanceType<typeof RAPIER.Cuboid> & { borderRadius?: number };
      const r = s.borderRadius ?? 0;
      return {
        kind: 'box',
        halfExtents: [
          roundSize(s.halfExtents.x + r),
          roundSize(s.halfExtents.y + r),
          roundSize(s.halfExtents.z + r),
        ],
      };
    }
    case T.Ball:
      return { kind: 'ball', radius: roundSize((shape as InstanceType<typeof RAPIER.Ball>).radius) };
    case T.Cylinder:
    case T.RoundCylinder: {
      const s = shape as InstanceType<typeof RAPIER.Cylinder> & { borderRadius?: number };
      const r = s.borderRadius ?? 0;
      return { kind: 'cylinder', halfHeight: roundSize(s.halfHeight + r), radius: roundSize(s.radius + r) };
    }
    case T.Cone:
    case T.RoundCone: {
      const s = shape as InstanceType<typeof RAPIER.Cone>;
      return { kind: 'cone', halfHeight: roundSize(s.halfHeight), radius: roundSize(s.radius) };
    }
    case T.Capsule: {
      const s = shape as InstanceType<typeof RAPIER.Capsule>;
      return { kind: 'capsule', halfHeight: roundSize(s.halfHeight), radius: roundSize(s.radius) };
    }
    case T.ConvexPolyhedron:
    case T.RoundConvexPolyhedron: {
      const s = shape as InstanceType<typeof RAPIER.ConvexPolyhedron>;
      return { kind: 'hull', vertices: Array.from(s.vertices, roundSize) };
    }
    case T.TriMesh: {
      const s = shape as InstanceType<typeof RAPIER.TriMesh>;
      return { kind: 'mesh', vertices: Array.from(s.vertices, roundSize), indices: Array.from(s.indices) };
    }
    default:
      return null;
  }
}

/**
 * The collider's world pose computed from its body's pose and its pose relative to the body. Rapier syncs
 * `collider.translation()` with the body only during `world.step()`, so after a teleport (a reset placing the
 * block) it is stale; composing the two is exact and reads the world without modifying it.
 */
function colliderPose(collider: Collider, out: number[], offset: number): void {
  const body = collider.parent();
  const rt = collider.translationWrtParent();
  const rq = collider.rotationWrtParent();
  if (body === null || rt === null || rq === null) {
    const t = collider.translation();
    const q = collider.rotation();
    out[offset] = t.x;
    out[offset + 1] = t.y;
    out[offset + 2] = t.z;
    out[offset + 3] = q.x;
    out[offset + 4] = q.y;
    out[offset + 5] = q.z;
    out[offset + 6] = q.w;
    return;
  }
  const bt = body.translation();
  const bq = body.rotation();
  // v' = v + 2 w (u × v) + 2 u × (u × v), with u = (x, y, z) and w the quaternion's scalar part.
  const cx = bq.y * rt.z - bq.z * rt.y;
  const cy = bq.z * rt.x - bq.x * rt.z;
  const cz = bq.x * rt.y - bq.y * rt.x;
  out[offset] = bt.x + rt.x + 2 * (bq.w * cx + bq.y * cz - bq.z * cy);
  out[offset + 1] = bt.y + rt.y + 2 * (bq.w * cy + bq.z * cx - bq.x * cz);
  out[offset + 2] = bt.z + rt.z + 2 * (bq.w * cz + bq.x * cy - bq.y * cx);
  // Hamilton product bq ⊗ rq.
  out[offset + 3] = bq.w * rq.x + bq.x * rq.w + bq.y * rq.z - bq.z * rq.y;
  out[offset + 4] = bq.w * rq.y - bq.x * rq.z + bq.y * rq.w + bq.z * rq.x;
  out[offset + 5] = bq.w * rq.z + bq.x * rq.y - bq.y * rq.x + bq.z * rq.w;
  out[offset + 6] = bq.w * rq.w - bq.x * rq.x - bq.y * rq.y - bq.z * rq.z;
}

function poseOf(collider: Collider): ScenePose {
  const p: number[] = new Array(POSE_SIZE).fill(0);
  colliderPose(collider, p, 0);
  return p.map(roundPose) as unknown as ScenePose;
}

/** Rounds a size to 1 µm (float32 sizes come back as 0.0250000004). */
function roundSize(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function isFloor(pose: ScenePose, geometry: ShapeGeometry): boolean {
  if (geometry.kind !== 'box') return false;
  const [hx, hy, hz] = geometry.halfExtents;
  const upright = Math.abs(pose[3]) < 1e-6 && Math.abs(pose[4]) < 1e-6;
  return (
    upright &&
    hx >= FLOOR_MIN_HALF_EXTENT_M &&
    hy >= FLOOR_MIN_HALF_EXTENT_M &&
    pose[2] + hz <= FLOOR_TOP_MAX_Z_M
  );
}

function volumeOf(g: ShapeGeometry): number {
  switch (g.kind) {
    case 'box':
      return 8 * g.halfExtents[0] * g.halfExtents[1] * g.halfExtents[2];
    case 'ball':
      return (4 / 3) * Math.PI * g.radius ** 3;
    case 'cylinder':
    case 'cone':
    case 'capsule':
      return 2 * Math.PI * g.radius ** 2 * g.halfHeight;
    default:
      return 0;
  }
}

/**
 * Describes every drawable collider of `world` with its current world pose.
 *
 * Default roles: a fixed box that spans the ground is the `floor`; the largest other fixed collider is the
 * `table` and the remaining fixed ones are `obstacle`s (ComplexHook's bumps); kinematic bodies and dynamic bodies
 * that take part in a joint are the `robot` (gripper, fingers, arm links); free dynamic bodies are `object`s,
 * coloured from {@link OBJECT_PALETTE} in body order (so the Fetch block is red and the hook amber).
 */
export function describeWorld(world: World, options: DescribeOptions = {}): SceneDescription {
  const jointed = jointedBodies(world);
  const objectBodies: number[] = [];
  const drafts: {
    collider: Collider;
    body: RigidBody;
    geometry: ShapeGeometry;
    pose: ScenePose;
    role: ShapeRole;
  }[] = [];
  const skipped: SkippedCollider[] = [];
  let tableIndex = -1;
  let tableVolume = -1;
  world.colliders.forEach((collider) => {
    if (options.hidden?.has(collider.handle)) return;
    const body = collider.parent();
    if (body === null) return;
    const geometry = geometryOf(collider);
    if (geometry === null) {
      skipped.push({ id: collider.handle, shapeType: RAPIER.ShapeType[collider.shapeType()] ?? 'unknown' });
      return;
    }
    const pose = poseOf(collider);
    let role: ShapeRole;
    if (body.isFixed()) {
      if (isFloor(pose, geometry)) role = 'floor';
      else {
        role = 'obstacle';
        const v = volumeOf(geometry);
        if (v > tableVolume) {
          tableVolume = v;
          tableIndex = drafts.length;
        }
      }
    } else if (body.isKinematic() || jointed.has(body.handle)) role = 'robot';
    else {
      role = 'object';
      if (!objectBodies.includes(body.handle)) objectBodies.push(body.handle);
    }
    drafts.push({ collider, body, geometry, pose, role });
  });
  if (tableIndex >= 0) drafts[tableIndex]!.role = 'table';
  const roleColors = { ...ROLE_COLORS, ...options.roleColors };
  const palette = options.roleColors?.object !== undefined ? [options.roleColors.object] : OBJECT_PALETTE;
  const shapes = drafts.map(({ collider, body, geometry, pose, role: defaultRole }): SceneShape => {
    const role = options.classify?.({ collider, body, defaultRole }) ?? defaultRole;
    const objectIndex = objectBodies.indexOf(body.handle);
    const color =
      options.colors?.get(collider.handle) ??
      (role === 'object' && objectIndex >= 0 ? palette[objectIndex % palette.length]! : roleColors[role]);
    return {
      id: collider.handle,
      body: body.handle,
      role,
      color,
      opacity: collider.isSensor() ? SENSOR_OPACITY : 1,
      geometry,
      moving: !body.isFixed(),
      pose,
    };
  });
  return { shapes, skipped };
}

/**
 * The poses of the moving shapes of `shapes` in `world` (flat, {@link POSE_SIZE} per shape, shape order),
 * rounded with {@link roundPose} unless `round` is false.
 *
 * @throws GymError `scene_changed` if a described collider no longer exists in `world`
 */
export function readPoses(world: World, shapes: readonly SceneShape[], round = true): number[] {
  const out: number[] = [];
  for (const shape of shapes) {
    if (!shape.moving) continue;
    const collider = world.getCollider(shape.id);
    if (collider === null || collider === undefined) {
      throw new GymError(
        `collider ${shape.id} was described but is no longer in the world; describe the world again`,
        'scene_changed',
        { collider: shape.id },
      );
    }
    const offset = out.length;
    out.length += POSE_SIZE;
    colliderPose(collider, out, offset);
  }
  return round ? out.map(roundPose) : out;
}

/**
 * A cheap fingerprint of the world's collider set (handles in order), used to notice that shapes must be
 * described again (a new episode layout in the same world).
 */
export function colliderSignature(world: World): string {
  const handles: number[] = [];
  world.colliders.forEach((c) => {
    handles.push(c.handle);
  });
  return handles.join(',');
}

/**
 * Keeps the description of a world that may be replaced (snapshot restores) or re-populated (per-episode
 * layouts): {@link SceneTracker.update} re-describes only when the world object or its collider set changed,
 * and says whether the shapes differ from the last ones.
 */
export class SceneTracker {
  private world: World | null = null;
  private signature = '';
  private shapesKey = '';
  private description: SceneDescription = { shapes: [], skipped: [] };
  private readonly options: DescribeOptions;

  /** @param options - role and colour overrides passed to {@link describeWorld} */
  constructor(options: DescribeOptions = {}) {
    this.options = options;
  }

  /** The current description. */
  get current(): SceneDescription {
    return this.description;
  }

  /**
   * Brings the description up to date with `world`.
   *
   * @returns true if the shapes changed since the previous call (always true on the first call)
   */
  update(world: World): boolean {
    const signature = colliderSignature(world);
    if (world === this.world && signature === this.signature) return false;
    this.world = world;
    this.signature = signature;
    const description = describeWorld(world, this.options);
    // Moving shapes' poses change anyway; fixed shapes' poses are part of the layout.
    const key = JSON.stringify(description.shapes.map((s) => (s.moving ? { ...s, pose: null } : s)));
    const changed = key !== this.shapesKey;
    this.shapesKey = key;
    this.description = description;
    return changed;
  }
}
