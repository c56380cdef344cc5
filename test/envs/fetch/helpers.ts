/**
 * Shared helpers of the Fetch tests: trajectory hashing of goal observations and seeded random actions.
 */
import type { GoalObs } from '../../../src/core/goal-env.js';
import type { TrajectoryHash } from '../../../src/physics/trajectory-hash.js';
import { Rng } from '../../../src/random/rng.js';

/** Mixes one goal observation into `h`. */
export function addObs(h: TrajectoryHash, obs: GoalObs): TrajectoryHash {
  return h.addArray(obs.observation).addArray(obs.achieved_goal).addArray(obs.desired_goal);
}

/** `n` actions in [-1, 1]^4 from a seeded generator (independent of any env). */
export function randomActions(seed: number, n: number): Float32Array[] {
  const rng = Rng.fromSeed(seed);
  return Array.from({ length: n }, () => Float32Array.from({ length: 4 }, () => rng.uniform(-1, 1)));
}

/** Euclidean distance between two 3-vectors given as array-likes with offsets. */
export function dist3(a: ArrayLike<number>, ai: number, b: ArrayLike<number>, bi: number): number {
  return Math.hypot(a[ai]! - b[bi]!, a[ai + 1]! - b[bi + 1]!, a[ai + 2]! - b[bi + 2]!);
}
