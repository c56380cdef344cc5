/**
 * gym's 25-d Fetch observation vector (`fetch_env._get_obs`, spec fetch-tasks.md §2), read from a
 * {@link FetchScene}. Shared by the Fetch tasks and by tasks that extend the vector (Hook: entries 0–24).
 *
 * @module
 */
import { CONTROL_DT_S } from './constants.js';
import type { FetchScene } from './fetch-scene.js';
import { quaternionToGymEuler } from './rotations.js';

/** Length of the Fetch `observation` vector. */
export const FETCH_OBSERVATION_SIZE = 25;

// Scratch of the single-threaded, synchronous writer (no allocation per call).
const quat = new Float64Array(4);
const vel = new Float64Array(3);

/**
 * Writes the Fetch observation into `out[offset .. offset+25)`:
 * 0–2 grip position; 3–5 block position; 6–8 block − grip; 9–10 finger openings [right, left];
 * 11–13 block Euler angles (gym `mat2euler`); 14–16 block linear velocity × dt − grip velocity × dt;
 * 17–19 block angular velocity × dt; 20–22 grip velocity × dt; 23–24 finger velocities × dt (dt = 0.04 s).
 */
export function writeFetchObservation(scene: FetchScene, out: Float64Array, offset = 0): void {
  const o = out;
  const k = offset;
  scene.gripPosition(o, k); // 0–2 grip_pos
  scene.blockPosition(o, k + 3); // 3–5 object_pos
  for (let i = 0; i < 3; i++) o[k + 6 + i] = o[k + 3 + i]! - o[k + i]!; // 6–8 object_rel_pos
  const gripper = scene.gripper;
  o[k + 9] = gripper.fingerPosition(0); // 9–10 gripper_state [right, left]
  o[k + 10] = gripper.fingerPosition(1);
  scene.blockQuaternion(quat);
  quaternionToGymEuler(quat[0]!, quat[1]!, quat[2]!, quat[3]!, o, k + 11); // 11–13 object_rot
  scene.gripVelocity(o, k + 20); // 20–22 grip_velp (scaled below)
  for (let i = 0; i < 3; i++) o[k + 20 + i] = o[k + 20 + i]! * CONTROL_DT_S;
  scene.blockLinearVelocity(vel);
  for (let i = 0; i < 3; i++) o[k + 14 + i] = vel[i]! * CONTROL_DT_S - o[k + 20 + i]!; // 14–16 object_velp (gym order)
  scene.blockAngularVelocity(o, k + 17); // 17–19 object_velr
  for (let i = 0; i < 3; i++) o[k + 17 + i] = o[k + 17 + i]! * CONTROL_DT_S;
  o[k + 23] = gripper.fingerVelocity(0) * CONTROL_DT_S; // 23–24 gripper_vel
  o[k + 24] = gripper.fingerVelocity(1) * CONTROL_DT_S;
}
