/**
 * Physics of the Hook scenes: hook and block at rest, a grasped hook carried without slipping, the hook head
 * sweeping the block, bumps impeding a sliding object, and robustness under random actions on every task.
 */
import { describe, expect, it } from 'vitest';
import { HookPolicy } from '../../../src/base-policies/hook.js';
import type { GoalObs } from '../../../src/core/goal-env.js';
import { ComplexHookEnv } from '../../../src/envs/hook/complex-hook.js';
import { HOOK_TABLE_TOP_M } from '../../../src/envs/hook/constants.js';
import { HookEnv, hookConfig } from '../../../src/envs/hook/hook.js';
import { CUBE_LAYOUT, HookEnvBase } from '../../../src/envs/hook/hook-env.js';
import { NoisyHookEnv } from '../../../src/envs/hook/noisy-hook.js';
import { randomActions } from '../fetch/helpers.js';

const ZERO = new Float32Array(4);

/** Runs the hook policy until it holds the hook (its align stage begins), returning the last observation. */
function graspHook(env: HookEnv, seed: number): GoalObs {
  const policy = new HookPolicy();
  let obs = env.reset({ seed }).obs;
  for (let t = 0; t < 30; t++) {
    const o = obs.observation;
    const holding =
      o[9]! < 0.034 && (o[0]! - o[25]!) ** 2 + (o[1]! - o[26]!) ** 2 + (o[2]! - o[27]! + 0.05) ** 2 < 0.01;
    if (holding) return obs;
    obs = env.step(policy.act(obs)).obs;
  }
  throw new Error('the hook policy did not grasp the hook within 30 steps');
}

describe('Hook physics', () => {
  it('keeps hook and block at rest on the table for 50 zero-action steps', () => {
    const env = new HookEnv();
    const { obs } = env.reset({ seed: 1 });
    let last = obs;
    for (let i = 0; i < 50; i++) last = env.step(ZERO).obs;
    for (const [from, to] of [
      [3, 6],
      [25, 28],
    ] as const) {
      const drift = Math.hypot(
        ...[0, 1, 2].map((i) => last.observation[from + i]! - obs.observation[from + i]!),
      );
      expect(drift).toBeLessThan(1e-3);
      expect(to - from).toBe(3);
    }
    expect(Math.abs(last.observation[5]! - (HOOK_TABLE_TOP_M + 0.025))).toBeLessThan(1e-3);
    expect(Math.abs(last.observation[27]! - (HOOK_TABLE_TOP_M + 0.015))).toBeLessThan(1e-3);
    for (const e of last.observation.slice(28, 31)) expect(Math.abs(e)).toBeLessThan(0.01);
    env.close();
  });

  it('carries a grasped hook for 50 steps of motion without it slipping out of the fingers', () => {
    const env = new HookEnv();
    let obs = graspHook(env, 2);
    const o0 = obs.observation;
    const offset0 = [0, 1, 2].map((i) => o0[25 + i]! - o0[i]!);
    for (let t = 0; t < 50; t++) {
      // Lift to 0.47, then circle in the plane at up to 1.5 cm per step, fingers kept closed.
      const o = obs.observation;
      const a = Float32Array.of(0.3 * Math.cos(t / 4), 0.3 * Math.sin(t / 4), 10 * (0.47 - o[2]!), -1);
      obs = env.step(a).obs;
      const offset = [0, 1, 2].map((i) => obs.observation[25 + i]! - obs.observation[i]!);
      expect(Math.hypot(...offset.map((v, i) => v - offset0[i]!))).toBeLessThan(0.01);
      expect(obs.observation[9]!).toBeLessThan(0.02); // fingers still closed on the 3 cm shaft
    }
    expect(obs.observation[2]!).toBeGreaterThan(0.46); // and it was really lifted
    env.close();
  });

  it('moves the block toward the goal when the hook head sweeps it', () => {
    const env = new HookEnv();
    const policy = new HookPolicy();
    let obs = env.reset({ seed: 6 }).obs;
    const b0 = obs.achieved_goal.slice();
    let touchedAt = -1;
    for (let t = 0; t < 60; t++) {
      obs = env.step(policy.act(obs)).obs;
      if (touchedAt < 0 && Math.hypot(obs.achieved_goal[0]! - b0[0]!, obs.achieved_goal[1]! - b0[1]!) > 0.005)
        touchedAt = t;
    }
    expect(touchedAt).toBeGreaterThan(10); // only after the hook was grasped and aligned
    expect(b0[0]! - obs.achieved_goal[0]!).toBeGreaterThan(0.05); // pulled back toward the robot
    expect(Math.abs(obs.achieved_goal[2]! - b0[2]!)).toBeLessThan(0.005); // slid, not lifted
    env.close();
  });

  it('bumps impede a sliding object', () => {
    // The Hook cube on a slippery table (μ 0.1), launched at 0.8 m/s in −y: it slides ≈ 0.33 m freely,
    // but a 1 cm bump 5 cm ahead stops it.
    const slippery = { ...hookConfig, name: 'SlipperyHookTest', friction: 0.1 };
    const bump = {
      centre_m: [1.8, 0.6, HOOK_TABLE_TOP_M + 0.005] as const,
      halfExtents_m: [0.05, 0.005, 0.005] as const,
    };
    const travel = (withBump: boolean): number => {
      const layout = withBump ? { ...CUBE_LAYOUT, bumps: [bump] } : CUBE_LAYOUT;
      const env = new HookEnvBase(slippery, [layout], {});
      env.reset({ seed: 0 });
      env.physics.setBlockXY(1.8, 0.68);
      env.physics.blockBody.setLinvel({ x: 0, y: -0.8, z: 0 }, true);
      let obs = env.step(ZERO).obs;
      for (let t = 0; t < 40; t++) obs = env.step(ZERO).obs;
      env.close();
      return 0.68 - obs.achieved_goal[1]!;
    };
    const free = travel(false);
    const blocked = travel(true);
    expect(free).toBeGreaterThan(0.25);
    expect(blocked).toBeLessThan(0.06);
  });

  it.each([
    ['Hook', () => new HookEnv()],
    ['NoisyHook', () => new NoisyHookEnv()],
    ['ComplexHook', () => new ComplexHookEnv()],
  ] as const)('%s: 1000 random-action steps without NaN or tunnelling through the table', (_name, create) => {
    const env = create();
    env.reset({ seed: 12 });
    const actions = randomActions(12, 1000);
    for (let t = 0; t < actions.length; t++) {
      const { obs } = env.step(actions[t]!);
      const o = obs.observation;
      for (let i = 0; i < o.length; i++)
        if (!Number.isFinite(o[i]!)) throw new Error(`step ${t}: entry ${i} is ${o[i]}`);
      // Over the table, neither object nor hook may sink 1 cm below its top (the env would also throw).
      for (const body of [env.physics.blockBody, env.hook.hookBody]) {
        const p = body.translation();
        if (p.x > 1.15 && p.x < 2.15 && p.y > 0.3 && p.y < 1.2)
          expect(p.z).toBeGreaterThan(HOOK_TABLE_TOP_M - 0.01);
      }
      if (t % 100 === 99) env.reset();
    }
    env.close();
  });
});
