/**
 * Physics behaviour of the Fetch scene: resting block, gripper tracking, friction, pressing, grasping,
 * robustness under random actions.
 */
import { describe, expect, it } from 'vitest';
import { CONTROL_DT_S } from '../../../src/envs/fetch/constants.js';
import type { FetchEnv } from '../../../src/envs/fetch/fetch-env.js';
import { PickAndPlaceEnv } from '../../../src/envs/fetch/pick-and-place.js';
import { PushEnv } from '../../../src/envs/fetch/push.js';
import { SlipperyPushEnv } from '../../../src/envs/fetch/slippery-push.js';
import { FINGERTIP_BELOW_GRIP_M } from '../../../src/robots/fetch-gripper.js';
import { randomActions } from './helpers.js';

const TABLE_TOP_M = 0.4;
const ZERO = new Float32Array(4);

function act(x: number, y: number, z: number, f = 0): Float32Array {
  return Float32Array.of(x, y, z, f);
}

describe('Fetch physics', () => {
  it('keeps the block still for 50 zero-action steps (drift < 1 mm), in every task', () => {
    for (const env of [new PushEnv(), new SlipperyPushEnv(), new PickAndPlaceEnv()] as FetchEnv[]) {
      const { obs } = env.reset({ seed: 11 });
      let last = obs;
      for (let i = 0; i < 50; i++) last = env.step(ZERO).obs;
      const drift = Math.hypot(
        last.achieved_goal[0]! - obs.achieved_goal[0]!,
        last.achieved_goal[1]! - obs.achieved_goal[1]!,
        last.achieved_goal[2]! - obs.achieved_goal[2]!,
      );
      expect(drift).toBeLessThan(1e-3);
      env.close();
    }
  });

  it('moves the gripper like the MuJoCo Fetch arm in free space: 0.03 m per step under a held unit action', () => {
    // Native MuJoCo 2.2.2 (gym push model): the soft weld moves the grip 0.0295 m in the first step of a unit
    // action from rest, then 0.0321, 0.0313, 0.0304 m (the 0.05 m target is re-based every step and never
    // reached). Our weld reference is ~9 % quicker (it ignores the arm's own inertia): 12 % tolerance.
    const MUJOCO_FIRST_STEP_M = 0.0295;
    const MUJOCO_HELD_STEP_M = 0.0313;
    const TOLERANCE = 0.12;
    for (const env of [new PushEnv(), new PickAndPlaceEnv()] as FetchEnv[]) {
      env.reset({ seed: 0 });
      env.physics.setBlockXY(1.1, 1.0); // out of the way
      // Push starts at the lowest allowed height: go up first so that −z is free too.
      for (let i = 0; i < 3; i++) env.step(act(0, 0, 1));
      for (let i = 0; i < 5; i++) env.step(ZERO);
      for (const axis of [0, 1, 2]) {
        for (const sign of [1, -1]) {
          const a: [number, number, number] = [0, 0, 0];
          a[axis] = sign;
          let g = env.step(ZERO).obs.observation.slice(0, 3);
          for (let i = 0; i < 4; i++) {
            const next = env.step(act(...a)).obs.observation.slice(0, 3);
            const want = i === 0 ? MUJOCO_FIRST_STEP_M : MUJOCO_HELD_STEP_M;
            const moved = sign * (next[axis]! - g[axis]!);
            expect(Math.abs(moved - want)).toBeLessThanOrEqual(TOLERANCE * want);
            // Off-axis drift: only the arm's lean during vertical moves (≤ 1.5 mm per 3 cm here).
            for (let k = 0; k < 3; k++)
              if (k !== axis) expect(Math.abs(next[k]! - g[k]!)).toBeLessThan(0.0015);
            g = next;
          }
          for (let i = 0; i < 3; i++) env.step(ZERO); // come to rest
        }
      }
      // A zero action holds the gripper (the fingers' weight sags the re-based weld by ~20 µm a step; MuJoCo's
      // arm drifts by millimetres).
      const before = env.step(ZERO).obs.observation.slice(0, 3);
      for (let i = 0; i < 10; i++) env.step(ZERO);
      const after = env.step(ZERO).obs.observation.slice(0, 3);
      for (let k = 0; k < 3; k++) expect(Math.abs(after[k]! - before[k]!)).toBeLessThan(5e-4);
      env.close();
    }
  });

  it('never lets the fingertips below the table top, however hard the action pushes down', () => {
    const env = new PickAndPlaceEnv();
    env.reset({ seed: 3 });
    env.physics.setBlockXY(1.1, 1.0);
    let z = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 20; i++) z = Math.min(z, env.step(act(0.3, 0, -1)).obs.observation[2]!);
    expect(z - FINGERTIP_BELOW_GRIP_M).toBeGreaterThan(TABLE_TOP_M);
    expect(z - FINGERTIP_BELOW_GRIP_M).toBeLessThan(TABLE_TOP_M + 0.005);
    env.close();
  });

  it('pressing down on the block neither launches it nor pushes it into the table', () => {
    const env = new PushEnv();
    env.reset({ seed: 5 });
    const grip = env.initialGripperPos;
    // Lift clear, put the block under the gripper, centre over it, then press down for 30 steps.
    for (let i = 0; i < 3; i++) env.step(act(0, 0, 1));
    env.physics.setBlockXY(grip[0]! + 0.01, grip[1]!);
    let minZ = Number.POSITIVE_INFINITY;
    let maxSpeed = 0;
    let last = env.step(ZERO).obs;
    const start = last.achieved_goal.slice();
    for (let i = 0; i < 30; i++) {
      const o = last.observation;
      last = env.step(act(10 * (o[3]! - o[0]!), 10 * (o[4]! - o[1]!), -1)).obs;
      minZ = Math.min(minZ, last.achieved_goal[2]!);
      maxSpeed = Math.max(
        maxSpeed,
        Math.hypot(last.observation[14]!, last.observation[15]!, last.observation[16]!) / CONTROL_DT_S,
      );
    }
    expect(minZ).toBeGreaterThan(env.heightOffset - 0.004);
    expect(Math.hypot(last.achieved_goal[0]! - start[0]!, last.achieved_goal[1]! - start[1]!)).toBeLessThan(
      0.01,
    );
    expect(last.observation[2]! - last.achieved_goal[2]!).toBeGreaterThan(0.03); // gripper rests on top
    expect(maxSpeed).toBeLessThan(2); // relative to the gripper, m/s
    env.close();
  });

  it('slides a pushed block at least 3x farther on SlipperyPush than on Push', () => {
    const travel = (env: FetchEnv): number => {
      env.reset({ seed: 1 });
      const g = env.initialGripperPos;
      env.physics.setBlockXY(g[0]!, g[1]! - 0.05); // 9 mm in front of the fingers (−y)
      env.step(act(0, -1, 0));
      let obs = env.step(act(0, -1, 0)).obs; // pushed at about 0.8 m/s
      const start = obs.achieved_goal.slice(); // the slide is measured from here
      for (let i = 0; i < 4; i++) env.step(act(0, 0.5, 1)); // back off and up, leaving the block sliding
      for (let i = 0; i < 30; i++) obs = env.step(ZERO).obs;
      env.close();
      return Math.hypot(obs.achieved_goal[0]! - start[0]!, obs.achieved_goal[1]! - start[1]!);
    };
    const normal = travel(new PushEnv());
    const slippery = travel(new SlipperyPushEnv());
    expect(normal).toBeGreaterThan(0.005);
    expect(slippery).toBeGreaterThanOrEqual(3 * normal);
  });

  it('grasps the block, lifts it 10 cm and holds it for 50 steps (PickAndPlace)', () => {
    const env = new PickAndPlaceEnv();
    env.reset({ seed: 2 });
    env.physics.setBlockXY(1.3, 0.7);
    let o = env.step(act(0, 0, 0, 1)).obs.observation; // open
    const toward = (tx: number, ty: number, tz: number, f: number) => {
      o = env.step(act(10 * (tx - o[0]!), 10 * (ty - o[1]!), 10 * (tz - o[2]!), f)).obs.observation;
    };
    for (let i = 0; i < 15; i++) toward(o[3]!, o[4]!, o[5]! + 0.08, 1);
    for (let i = 0; i < 10; i++) toward(o[3]!, o[4]!, o[5]! - 0.02, 1);
    for (let i = 0; i < 3; i++) toward(o[0]!, o[1]!, o[2]!, -1); // close in place
    expect(o[9]!).toBeGreaterThan(0.02); // closed on the block, not on each other
    expect(o[10]!).toBeGreaterThan(0.02);
    const restZ = env.heightOffset;
    const lift = o[2]! + 0.1;
    for (let i = 0; i < 15; i++) toward(o[0]!, o[1]!, lift, -1);
    expect(o[5]!).toBeGreaterThan(restZ + 0.09);
    for (let i = 0; i < 50; i++) {
      o = env.step(act(0, 0, 0, -1)).obs.observation;
      expect(o[5]!).toBeGreaterThan(restZ + 0.085);
      expect(Math.hypot(o[6]!, o[7]!)).toBeLessThan(0.01); // still between the fingers
    }
    env.close();
  });

  it('stays finite and above the table over 1,000 random-action steps (every task)', () => {
    const actions = randomActions(77, 1000);
    for (const env of [new PushEnv(), new SlipperyPushEnv(), new PickAndPlaceEnv()] as FetchEnv[]) {
      env.reset({ seed: 9 });
      for (let i = 0; i < actions.length; i++) {
        if (i > 0 && i % 50 === 0) env.reset();
        const { observation: o } = env.step(actions[i]!).obs;
        expect(o.every(Number.isFinite)).toBe(true);
        const overTable = Math.abs(o[3]! - 1.3) < 0.25 && Math.abs(o[4]! - 0.75) < 0.35;
        if (overTable) expect(o[5]!).toBeGreaterThan(TABLE_TOP_M);
        expect(o[2]! - FINGERTIP_BELOW_GRIP_M).toBeGreaterThan(TABLE_TOP_M);
      }
      env.close();
    }
  });
});
