/**
 * The part of the state that every physics task saves: its world snapshot, its goal and its blow-up flag.
 * Fetch, Hook and MBRLPusher build and check it here, and add their own fields around it.
 *
 * @module
 */
import { InvalidState } from '../errors.js';
import type { StateValue } from './state.js';

/** A physics task's saved snapshot, goal and blow-up flag (a type alias, so it is a {@link StateValue}). */
export type PhysicsTaskState = {
  readonly physics: Uint8Array;
  readonly goal: Float64Array;
  readonly broken: boolean;
};

/** The shared fields of a task state (the goal is copied). */
export function physicsTaskState(physics: Uint8Array, goal: Float64Array, broken: boolean): PhysicsTaskState {
  return { physics, goal: Float64Array.from(goal), broken };
}

/** True if `task` holds a non-empty snapshot, a finite goal of `goalDim` values and a boolean flag. */
export function isPhysicsTaskState(
  task: StateValue,
  goalDim: number,
): task is StateValue & PhysicsTaskState & Readonly<Record<string, unknown>> {
  const t = task as { physics?: unknown; goal?: unknown; broken?: unknown } | null;
  return (
    typeof t === 'object' &&
    t !== null &&
    t.physics instanceof Uint8Array &&
    t.physics.length > 0 &&
    t.goal instanceof Float64Array &&
    t.goal.length === goalDim &&
    t.goal.every(Number.isFinite) &&
    typeof t.broken === 'boolean'
  );
}

/**
 * Runs `restore` (which loads a snapshot into the engine) and reports an engine failure as InvalidState.
 *
 * @throws InvalidState naming `taskName` if the snapshot could not be restored
 */
export function restoreSnapshot<T>(taskName: string, restore: () => T): T {
  try {
    return restore();
  } catch (err) {
    throw new InvalidState(
      `${taskName} physics snapshot could not be restored: ${(err as Error).message}`,
      'invalid_state',
    );
  }
}
