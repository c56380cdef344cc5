/**
 * The raw physics of a task's scene, for the "env step vs raw physics substeps" ratio: the same substeps with
 * the same actuator inputs, without observations, rewards, checks or wrappers.
 *
 * @module
 */
import type { Env } from '../core/env.js';
import type { ActionInput } from '../core/types.js';
import { FetchEnv } from '../envs/fetch/fetch-env.js';
import { HookEnvBase } from '../envs/hook/hook-env.js';
import { MbrlPusherEnv } from '../envs/pusher/mbrl-pusher.js';

/** Runs one env step's worth of physics substeps for an action; null when the task has no known scene. */
export type RawPhysicsStep = (action: ArrayLike<number>) => void;

/**
 * A raw stepper of `env`'s scene (Fetch and Hook: the gripper-driven substeps; MBRLPusher: the torque-driven
 * substeps; other envs: null). Resets of the env
 * rebuild the scene, so ask again after every reset.
 */
export function rawPhysicsStepOf(env: Env<unknown, ActionInput>): RawPhysicsStep | null {
  const inner = env.unwrapped;
  if (inner instanceof FetchEnv) {
    const scene = inner.physics;
    return (a) => scene.step(a[0]!, a[1]!, a[2]!, inner.config.blockGripper ? 0 : a[3]!);
  }
  if (inner instanceof HookEnvBase) {
    const scene = inner.physics;
    return (a) => scene.step(a[0]!, a[1]!, a[2]!, a[3]!);
  }
  if (inner instanceof MbrlPusherEnv) {
    const scene = inner.physics;
    return (a) => scene.step(a);
  }
  return null;
}
