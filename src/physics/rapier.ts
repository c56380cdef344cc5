/**
 * The only module that imports the physics engine. Rapier is initialised once here with a top-level
 * `await`, so everything built on it (`make`, `reset`, `step`) stays synchronous. Changing the engine
 * build is a one-line edit of the import below (and a re-pin of the trajectory hashes in the tests).
 *
 * @module
 */
import RAPIER from '@dimforge/rapier3d-deterministic-compat';

await RAPIER.init();

export type {
  Collider,
  ColliderDesc,
  ImpulseJoint,
  MultibodyJoint,
  PrismaticImpulseJoint,
  RevoluteImpulseJoint,
  RigidBody,
  RigidBodyDesc,
  Rotation,
  Vector,
  World,
} from '@dimforge/rapier3d-deterministic-compat';
export { RAPIER };

/** Version string of the loaded engine build (pinned in package.json). */
export const RAPIER_VERSION: string = RAPIER.version();
