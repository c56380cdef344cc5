import { PhysicsError } from '../errors.js';
import { RAPIER, type RigidBody, type World } from './rapier.js';

/** The project's fixed settings of a physics world. */
export interface WorldSettings {
  /** Gravity vector in m/s^2. */
  readonly gravity_mps2: readonly [number, number, number];
  /** Physics timestep in seconds (one `world.step()`). */
  readonly timestep_s: number;
  /** Solver iterations per step (Rapier's default is 4). */
  readonly solverIterations?: number;
  /** Contact stiffness as a natural frequency in Hz (Rapier's default is 30, too soft for light fingers). */
  readonly contactNaturalFrequency_hz?: number;
}

/**
 * Creates a world with the given settings. Bodies, colliders and joints must then be created in a fixed
 * order: Rapier is deterministic only for identical construction sequences.
 */
export function createWorld(settings: WorldSettings): World {
  const [gx, gy, gz] = settings.gravity_mps2;
  const world = new RAPIER.World({ x: gx, y: gy, z: gz });
  world.timestep = settings.timestep_s;
  if (settings.solverIterations !== undefined) world.numSolverIterations = settings.solverIterations;
  if (settings.contactNaturalFrequency_hz !== undefined) {
    world.integrationParameters.contact_natural_frequency = settings.contactNaturalFrequency_hz;
  }
  return world;
}

/** Serialises the complete world (bodies, colliders, joints, contacts, settings, user forces). */
export function snapshotWorld(world: World): Uint8Array {
  return world.takeSnapshot();
}

/**
 * Rebuilds a world from {@link snapshotWorld} bytes. Unlike `World.restoreSnapshot`, this frees the two
 * wasm temporaries at once instead of leaving them to the FinalizationRegistry, which only runs when the
 * event loop turns: a synchronous planning loop would otherwise grow memory by ~2 MB per 1000 restores.
 * Body handles survive a restore; JS wrapper objects do not (re-fetch them with `world.getRigidBody`).
 *
 * @throws PhysicsError if the bytes are not a valid snapshot
 */
export function restoreWorld(bytes: Uint8Array): World {
  const pipeline = new RAPIER.SerializationPipeline();
  try {
    const raw = pipeline.raw.deserializeAll(bytes);
    if (!raw) throw new PhysicsError('physics snapshot could not be deserialised', 'bad_snapshot');
    const world = RAPIER.World.fromRaw(raw);
    raw.free();
    return world;
  } finally {
    pipeline.free();
  }
}

/**
 * True if every pose and velocity component of `body` is finite.
 * (NaN comparisons are false, so the `>=`/`<=` test also rejects NaN.)
 */
export function isBodyFinite(body: RigidBody): boolean {
  const t = body.translation();
  const r = body.rotation();
  const v = body.linvel();
  const w = body.angvel();
  return [t.x, t.y, t.z, r.x, r.y, r.z, r.w, v.x, v.y, v.z, w.x, w.y, w.z].every(Number.isFinite);
}
