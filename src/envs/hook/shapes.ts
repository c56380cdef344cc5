/**
 * ComplexHook's procedural scene library: 100 scenes generated from a fixed library seed (the same on every
 * machine), each one object from a family of convex shapes and compounds (L, T, U, cylinders, irregular
 * convex hulls, stacked compounds) plus 5–15 flat bumps fixed on the table. It replaces the original's 100
 * MuJoCo scene files with household meshes (spec §4), using the distributions measured on those files.
 *
 * @module
 */
import { type ColliderDesc, RAPIER, type World } from '../../physics/rapier.js';
import { Rng } from '../../random/rng.js';
import type { Vec3 } from '../../robots/fetch-gripper.js';
import type { SceneExtra, SceneObjectShape } from '../fetch/fetch-scene.js';
import {
  BUMP_CENTRE_RANGE_M,
  BUMP_COUNT_MEAN,
  BUMP_COUNT_RANGE,
  BUMP_COUNT_STD,
  BUMP_HALF_EXTENT_RANGES_M,
  HOOK_TABLE_CENTRE_M,
  HOOK_TABLE_TOP_M,
  OBJECT_DAMPING_RANGE,
  OBJECT_MASS_RANGE_KG,
  OBJECT_SITE_ABOVE_BOTTOM_M,
  OBJECT_SITE_OFFSET_Y_M,
  OBJECT_SIZE_RANGE_M,
} from './constants.js';
import type { HookSceneLayout } from './hook-env.js';

/** An axis-aligned static box lying on the table top. */
export interface Bump {
  /** Centre, m (z = table top + half-height). */
  readonly centre_m: Vec3;
  /** Half-extents, m. */
  readonly halfExtents_m: Vec3;
}

/** The object families of the library. */
export type ObjectFamily = 'L' | 'T' | 'U' | 'cylinder' | 'hull' | 'stacked';

/** All families, in the order the generator cycles through them. */
export const OBJECT_FAMILIES: readonly ObjectFamily[] = Object.freeze([
  'L',
  'T',
  'U',
  'cylinder',
  'hull',
  'stacked',
]);

/** One convex piece of an object, in the object's body frame (tracked point at the origin). */
export type ObjectPart =
  | { readonly kind: 'box'; readonly centre_m: Vec3; readonly halfExtents_m: Vec3 }
  | {
      readonly kind: 'cylinder';
      readonly centre_m: Vec3;
      readonly radius_m: number;
      readonly halfHeight_m: number;
    }
  | { readonly kind: 'hull'; readonly points_m: readonly number[] };

/** One ComplexHook object: its pieces (upright cylinders, boxes, convex hulls), mass and damping. */
export interface LibraryObject {
  /** The family the shape was drawn from. */
  readonly family: ObjectFamily;
  /** Its convex pieces, in the body frame (tracked point at the origin). */
  readonly parts: readonly ObjectPart[];
  /** Total mass, kg (shared among the parts by volume). */
  readonly mass_kg: number;
  /** Free-joint damping (MuJoCo joint damping). */
  readonly jointDamping: number;
  /** Bounding-box size (x, y, z) of the scaled object, m. */
  readonly size_m: Vec3;
}

/** One scene of the library: an object and the table bumps. */
export interface LibraryScene {
  /** Position in the library (0..99). */
  readonly index: number;
  /** The object that replaces Hook's block. */
  readonly object: LibraryObject;
  /** The static boxes on the table. */
  readonly bumps: readonly Bump[];
}

/** Upright cylinders: Rapier's cylinder axis is y; a rotation of 90° about x turns it to z. */
const CYLINDER_UPRIGHT = { x: Math.SQRT1_2, y: 0, z: 0, w: Math.SQRT1_2 };

/** Volume of one part, m³ (hull volumes by the divergence theorem over its triangulated hull). */
function partVolume(part: ObjectPart): number {
  if (part.kind === 'box') return 8 * part.halfExtents_m[0] * part.halfExtents_m[1] * part.halfExtents_m[2];
  if (part.kind === 'cylinder') return Math.PI * part.radius_m ** 2 * 2 * part.halfHeight_m;
  const desc = RAPIER.ColliderDesc.convexHull(Float32Array.from(part.points_m));
  if (desc === null) throw new RangeError('degenerate convex hull in the ComplexHook library');
  // A unit-density collider on a throwaway world reports its volume as its mass.
  const world = new RAPIER.World({ x: 0, y: 0, z: 0 });
  try {
    const body = world.createRigidBody(RAPIER.RigidBodyDesc.dynamic());
    const collider = world.createCollider(desc.setDensity(1), body);
    return collider.mass();
  } finally {
    world.free();
  }
}

/** Rapier collider descriptions of `object`, each with its share of the mass. */
export function objectColliders(object: LibraryObject): ColliderDesc[] {
  const volumes = object.parts.map(partVolume);
  const total = volumes.reduce((a, b) => a + b, 0);
  return object.parts.map((part, i) => {
    const mass = (object.mass_kg * volumes[i]!) / total;
    if (part.kind === 'box') {
      return RAPIER.ColliderDesc.cuboid(...part.halfExtents_m)
        .setTranslation(...part.centre_m)
        .setMass(mass);
    }
    if (part.kind === 'cylinder') {
      return RAPIER.ColliderDesc.cylinder(part.halfHeight_m, part.radius_m)
        .setTranslation(...part.centre_m)
        .setRotation(CYLINDER_UPRIGHT)
        .setMass(mass);
    }
    return RAPIER.ColliderDesc.convexHull(Float32Array.from(part.points_m))!.setMass(mass);
  });
}

/** The table bumps of a scene as a {@link SceneExtra}: one fixed body with a cuboid collider per bump. */
export class BumpSet implements SceneExtra {
  /** The boxes, in creation order. */
  readonly bumps: readonly Bump[];
  private readonly friction: number;
  /** None: bumps are static. */
  readonly dynamicBodyHandles: readonly number[] = [];

  /**
   * @param bumps - the boxes
   * @param friction - sliding friction of every bump (combine rule: average)
   */
  constructor(bumps: readonly Bump[], friction: number) {
    this.bumps = bumps;
    this.friction = friction;
  }

  /** Creates one fixed body holding every bump, in array order. */
  build(world: World): void {
    const body = world.createRigidBody(RAPIER.RigidBodyDesc.fixed());
    for (const b of this.bumps) {
      world.createCollider(
        RAPIER.ColliderDesc.cuboid(...b.halfExtents_m)
          .setTranslation(...b.centre_m)
          .setFriction(this.friction),
        body,
      );
    }
  }

  /** Static: nothing to re-fetch. */
  attach(_world: World): void {}
}

/** A shape in its own unit coordinates before scaling. */
interface RawShape {
  readonly parts: ObjectPart[];
}

function box(cx: number, cy: number, cz: number, hx: number, hy: number, hz: number): ObjectPart {
  return { kind: 'box', centre_m: [cx, cy, cz], halfExtents_m: [hx, hy, hz] };
}

/** Raw (unscaled) shape of `family`; every part stands on z = 0. */
function rawShape(family: ObjectFamily, rng: Rng): RawShape {
  switch (family) {
    case 'L': {
      const a = rng.uniform(0.6, 1);
      const b = rng.uniform(0.4, 1);
      const w = rng.uniform(0.15, 0.35);
      const h = rng.uniform(0.2, 0.8) / 2;
      return {
        parts: [box(a / 2, w / 2, h, a / 2, w / 2, h), box(w / 2, w + (b - w) / 2, h, w / 2, (b - w) / 2, h)],
      };
    }
    case 'T': {
      const a = rng.uniform(0.6, 1);
      const b = rng.uniform(0.4, 1);
      const w = rng.uniform(0.15, 0.35);
      const h = rng.uniform(0.2, 0.8) / 2;
      return {
        parts: [box(0, w / 2, h, a / 2, w / 2, h), box(0, w + (b - w) / 2, h, w / 2, (b - w) / 2, h)],
      };
    }
    case 'U': {
      const a = rng.uniform(0.6, 1);
      const b = rng.uniform(0.4, 0.9);
      const w = rng.uniform(0.12, 0.25);
      const h = rng.uniform(0.2, 0.8) / 2;
      const arm = (b - w) / 2;
      return {
        parts: [
          box(0, w / 2, h, a / 2, w / 2, h),
          box(-a / 2 + w / 2, w + arm, h, w / 2, arm, h),
          box(a / 2 - w / 2, w + arm, h, w / 2, arm, h),
        ],
      };
    }
    case 'cylinder': {
      const r = rng.uniform(0.25, 0.5);
      const hh = rng.uniform(0.15, 0.6);
      return { parts: [{ kind: 'cylinder', centre_m: [0, 0, hh], radius_m: r, halfHeight_m: hh }] };
    }
    case 'hull': {
      // A flat base polygon (5–8 jittered vertices) and 4–12 points above it, each inside the base's
      // footprint (a convex combination of base vertices pulled toward the centre), so the hull's bottom
      // face is the base and its centre of mass lies over it.
      const n = rng.integer(5, 9);
      const rx = rng.uniform(0.3, 0.5);
      const ry = rng.uniform(0.3, 0.5);
      const base: number[] = [];
      for (let i = 0; i < n; i++) {
        const angle = (2 * Math.PI * (i + rng.uniform(-0.3, 0.3))) / n;
        const r = rng.uniform(0.75, 1);
        base.push(r * rx * Math.cos(angle), r * ry * Math.sin(angle), 0);
      }
      const points = [...base];
      const top = rng.integer(4, 13);
      const height = rng.uniform(0.3, 1);
      for (let j = 0; j < top; j++) {
        const i0 = rng.integer(0, n);
        const i1 = rng.integer(0, n);
        const t = rng.uniform(0, 1);
        const pull = rng.uniform(0.2, 0.9);
        const px = (base[3 * i0]! * (1 - t) + base[3 * i1]! * t) * pull;
        const py = (base[3 * i0 + 1]! * (1 - t) + base[3 * i1 + 1]! * t) * pull;
        points.push(px, py, height * rng.uniform(0.4, 1));
      }
      return { parts: [{ kind: 'hull', points_m: points }] };
    }
    case 'stacked': {
      const hx = rng.uniform(0.3, 0.5);
      const hy = rng.uniform(0.3, 0.5);
      const hz = rng.uniform(0.1, 0.25);
      const top = rng.uniform(0.4, 0.8);
      const topH = rng.uniform(0.1, 0.3);
      const parts: ObjectPart[] = [box(0, 0, hz, hx, hy, hz)];
      if (rng.uniform() < 0.5) parts.push(box(0, 0, 2 * hz + topH, hx * top, hy * top, topH));
      else
        parts.push({
          kind: 'cylinder',
          centre_m: [0, 0, 2 * hz + topH],
          radius_m: Math.min(hx, hy) * top,
          halfHeight_m: topH,
        });
      return { parts };
    }
  }
}

/** Axis-aligned bounds [min x, min y, min z, max x, max y, max z] of a set of parts. */
function bounds(parts: readonly ObjectPart[]): number[] {
  const b = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];
  const add = (x: number, y: number, z: number): void => {
    b[0] = Math.min(b[0]!, x);
    b[1] = Math.min(b[1]!, y);
    b[2] = Math.min(b[2]!, z);
    b[3] = Math.max(b[3]!, x);
    b[4] = Math.max(b[4]!, y);
    b[5] = Math.max(b[5]!, z);
  };
  for (const p of parts) {
    if (p.kind === 'box') {
      const [cx, cy, cz] = p.centre_m;
      const [hx, hy, hz] = p.halfExtents_m;
      add(cx - hx, cy - hy, cz - hz);
      add(cx + hx, cy + hy, cz + hz);
    } else if (p.kind === 'cylinder') {
      const [cx, cy, cz] = p.centre_m;
      add(cx - p.radius_m, cy - p.radius_m, cz - p.halfHeight_m);
      add(cx + p.radius_m, cy + p.radius_m, cz + p.halfHeight_m);
    } else {
      for (let i = 0; i < p.points_m.length; i += 3)
        add(p.points_m[i]!, p.points_m[i + 1]!, p.points_m[i + 2]!);
    }
  }
  return b;
}

/** Scales `parts` by `s` and shifts them by −`origin` (the tracked point becomes the body origin). */
function transform(parts: readonly ObjectPart[], s: number, origin: Vec3): ObjectPart[] {
  const t = (v: Vec3): Vec3 => [v[0] * s - origin[0], v[1] * s - origin[1], v[2] * s - origin[2]];
  return parts.map((p): ObjectPart => {
    if (p.kind === 'box') {
      const h = p.halfExtents_m;
      return { kind: 'box', centre_m: t(p.centre_m), halfExtents_m: [h[0] * s, h[1] * s, h[2] * s] };
    }
    if (p.kind === 'cylinder') {
      return {
        kind: 'cylinder',
        centre_m: t(p.centre_m),
        radius_m: p.radius_m * s,
        halfHeight_m: p.halfHeight_m * s,
      };
    }
    const pts = p.points_m.map((v, i) => v * s - origin[i % 3]!);
    return { kind: 'hull', points_m: pts };
  });
}

/** One library object of `family`: scaled so its largest dimension is U(0.06, 0.12) m, tracked point at the origin. */
function generateObject(family: ObjectFamily, rng: Rng): LibraryObject {
  const raw = rawShape(family, rng);
  const size = rng.uniform(OBJECT_SIZE_RANGE_M[0], OBJECT_SIZE_RANGE_M[1]);
  const mass = rng.uniform(OBJECT_MASS_RANGE_KG[0], OBJECT_MASS_RANGE_KG[1]);
  const damping = rng.uniform(OBJECT_DAMPING_RANGE[0], OBJECT_DAMPING_RANGE[1]);
  const b = bounds(raw.parts);
  const s = size / Math.max(b[3]! - b[0]!, b[4]! - b[1]!, b[5]! - b[2]!);
  // [SCENES] tracked point: bbox centre (x, y + 0.01), bbox bottom + 0.007.
  const origin: Vec3 = [
    ((b[0]! + b[3]!) / 2) * s,
    ((b[1]! + b[4]!) / 2) * s + OBJECT_SITE_OFFSET_Y_M,
    b[2]! * s + OBJECT_SITE_ABOVE_BOTTOM_M,
  ];
  return {
    family,
    parts: transform(raw.parts, s, origin),
    mass_kg: mass,
    jointDamping: damping,
    size_m: [(b[3]! - b[0]!) * s, (b[4]! - b[1]!) * s, (b[5]! - b[2]!) * s],
  };
}

/** The bumps of one scene: N(10, 2) rounded and limited to 5..15, sizes and places per spec §4.3. */
function generateBumps(rng: Rng): Bump[] {
  const n = Math.min(
    BUMP_COUNT_RANGE[1],
    Math.max(BUMP_COUNT_RANGE[0], Math.round(rng.normal(BUMP_COUNT_MEAN, BUMP_COUNT_STD))),
  );
  const bumps: Bump[] = [];
  for (let i = 0; i < n; i++) {
    const [rx, ry, rz] = BUMP_HALF_EXTENT_RANGES_M;
    const hx = rng.uniform(rx![0], rx![1]);
    const hy = rng.uniform(ry![0], ry![1]);
    const hz = rng.uniform(rz![0], rz![1]);
    const cx = HOOK_TABLE_CENTRE_M[0] + rng.uniform(-BUMP_CENTRE_RANGE_M, BUMP_CENTRE_RANGE_M);
    const cy = HOOK_TABLE_CENTRE_M[1] + rng.uniform(-BUMP_CENTRE_RANGE_M, BUMP_CENTRE_RANGE_M);
    bumps.push({ centre_m: [cx, cy, HOOK_TABLE_TOP_M + hz], halfExtents_m: [hx, hy, hz] });
  }
  return bumps;
}

/**
 * The library: `count` scenes from `seed`. Scene i uses the family `OBJECT_FAMILIES[i mod 6]` (so every family
 * is equally represented) and its own named stream `scene-i` of the library generator, so scenes do not
 * depend on each other.
 */
export function generateComplexHookLibrary(seed: number, count: number): LibraryScene[] {
  const root = Rng.fromSeed(seed);
  return Array.from({ length: count }, (_, index) => {
    const rng = root.fork(`scene-${index}`);
    const family = OBJECT_FAMILIES[index % OBJECT_FAMILIES.length]!;
    const object = generateObject(family, rng);
    return { index, object, bumps: generateBumps(rng) };
  });
}

/** The {@link HookSceneLayout} of a library scene (object as a custom scene object, bumps fixed on the table). */
export function layoutOf(scene: LibraryScene): HookSceneLayout {
  const o = scene.object;
  const b = bounds(o.parts);
  const radius = Math.max(
    Math.hypot(b[0]!, b[1]!),
    Math.hypot(b[3]!, b[1]!),
    Math.hypot(b[0]!, b[4]!),
    Math.hypot(b[3]!, b[4]!),
  );
  const shape: SceneObjectShape = {
    colliders: () => objectColliders(o),
    jointDamping: o.jointDamping,
  };
  return Object.freeze({
    customObject: shape,
    trackedPointAboveTable_m: -b[2]!,
    footprintRadius_m: radius,
    bumps: scene.bumps,
  });
}
