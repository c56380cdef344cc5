/**
 * The Hook and NoisyHook envs: start state and draw order, observation layout, workspace limit, noise model
 * and two-frame stacking, reproducibility and state round trips.
 */
import { describe, expect, it } from 'vitest';
import { deserializeEnvState, serializeEnvState } from '../../../src/core/state.js';
import { writeFetchObservation } from '../../../src/envs/fetch/fetch-observation.js';
import {
  HOOK_GRIPPER_MAX_X_M,
  HOOK_MAX_EPISODE_STEPS,
  NOISY_HOOK_NOISE_STD,
} from '../../../src/envs/hook/constants.js';
import { HookEnv } from '../../../src/envs/hook/hook.js';
import { HOOK_FRAME_SIZE } from '../../../src/envs/hook/hook-env.js';
import { NoisyHookEnv } from '../../../src/envs/hook/noisy-hook.js';
import { hookEnvSpecs } from '../../../src/envs/hook/specs.js';
import { InvalidOptions, PhysicsError, ResetNeeded } from '../../../src/errors.js';
import { TrajectoryHash } from '../../../src/physics/trajectory-hash.js';
import { addObs, randomActions } from '../fetch/helpers.js';

const ZERO = new Float32Array(4);
/** Entries of a frame that NoisyHook noises (legacy layout), spec §3.1. */
const NOISED = new Set([3, 4, 6, 7, 12, 13, 14, 25, 26, 27, 28, 29, 30, 37, 38, 39]);

describe('Hook-v0', () => {
  it('starts from the documented settled scene and samples block and goal per spec §1.3–1.4', () => {
    const env = new HookEnv();
    const xs: number[] = [];
    for (let seed = 0; seed < 30; seed++) {
      const { obs, info } = env.reset({ seed });
      expect(info).toEqual({});
      const o = obs.observation;
      expect(o.length).toBe(40);
      // Grip near gym's PickAndPlace start, fingers closed.
      expect(Math.abs(o[0]! - 1.342)).toBeLessThan(0.003);
      expect(Math.abs(o[1]! - 0.749)).toBeLessThan(0.003);
      expect(Math.abs(o[2]! - 0.535)).toBeLessThan(0.003);
      expect(o[9]!).toBeLessThan(0.002);
      // Hook at rest with its reference point at (1.10, 0.35), flat and straight.
      expect(Math.abs(o[25]! - 1.1)).toBeLessThan(0.002);
      expect(Math.abs(o[26]! - 0.35)).toBeLessThan(0.002);
      expect(Math.abs(o[27]! - 0.415)).toBeLessThan(0.002);
      for (const e of o.slice(28, 31)) expect(Math.abs(e)).toBeLessThan(0.01);
      // Block resting in the far box, goal on the diagonal at z 0.42.
      const b = obs.achieved_goal;
      const G = obs.desired_goal;
      expect(b[0]!).toBeGreaterThanOrEqual(1.75);
      expect(b[0]!).toBeLessThanOrEqual(1.9);
      expect(Math.abs(b[1]! - 0.75)).toBeLessThanOrEqual(0.05);
      expect(Math.abs(b[2]! - 0.425)).toBeLessThan(0.001);
      expect(Math.abs(G[0]! - 1.65)).toBeLessThanOrEqual(0.05);
      expect(G[0]! - 1.65).toBeCloseTo(G[1]! - 0.75, 12);
      expect(G[2]).toBe(0.42);
      xs.push(b[0]!);
    }
    // The x range reaches past 1.85 (Hook's upper offset is +0.10).
    expect(Math.max(...xs)).toBeGreaterThan(1.85);
    env.close();
  });

  it('lays out the 40-d observation as Fetch 0–24 plus the hook block 25–39', () => {
    const env = new HookEnv();
    env.reset({ seed: 3 });
    let obs = env.step(Float32Array.of(0.3, -0.4, 0.2, 0.5)).obs;
    obs = env.step(Float32Array.of(-0.2, 0.1, -0.3, -0.5)).obs;
    const o = obs.observation;
    const fetch = new Float64Array(25);
    writeFetchObservation(env.physics, fetch);
    expect(o.slice(0, 25)).toEqual(fetch);
    for (let i = 0; i < 3; i++) expect(o[37 + i]).toBe(o[25 + i]! - o[i]!);
    // The reference point is 0.25 m behind the shaft centre, along the shaft.
    const t = env.hook.hookBody.translation();
    expect(Math.hypot(t.x - o[25]!, t.y - o[26]!, t.z - o[27]!)).toBeCloseTo(0.25, 5);
    expect(obs.achieved_goal).toEqual(o.slice(3, 6));
    env.close();
  });

  it('never lets the grip pass x = 1.55, so the block cannot be reached directly', () => {
    const env = new HookEnv();
    const { obs } = env.reset({ seed: 5 });
    const b0 = obs.achieved_goal.slice();
    let last = obs;
    // Go over the hook, then drive straight at the block at table height.
    for (let i = 0; i < 4; i++) last = env.step(Float32Array.of(0, 0, 0, 0)).obs;
    for (let i = 0; i < 30; i++) {
      const o = last.observation;
      last = env.step(Float32Array.of(1, 10 * (b0[1]! - o[1]!), 10 * (0.45 - o[2]!), 0)).obs;
      expect(last.observation[0]!).toBeLessThanOrEqual(HOOK_GRIPPER_MAX_X_M + 0.002);
    }
    expect(last.observation[0]!).toBeGreaterThan(HOOK_GRIPPER_MAX_X_M - 0.01);
    expect(last.achieved_goal).toEqual(b0);
    env.close();
  });

  it('is deterministic: same seed and actions give a bit-identical trajectory', () => {
    const actions = randomActions(7, 40);
    const run = (): string => {
      const env = new HookEnv();
      const h = addObs(new TrajectoryHash(), env.reset({ seed: 9 }).obs);
      for (const a of actions) addObs(h, env.step(a).obs);
      env.close();
      return h.hex();
    };
    expect(run()).toBe(run());
  });

  it('detects a hook pushed through the table: PhysicsError, then ResetNeeded until reset', () => {
    const env = new HookEnv();
    env.reset({ seed: 0 });
    env.hook.hookBody.setTranslation({ x: 1.5, y: 0.6, z: 0.3 }, true);
    let error: unknown = null;
    try {
      env.step(ZERO);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PhysicsError);
    expect((error as PhysicsError).code).toBe('hook_through_table');
    expect(() => env.step(ZERO)).toThrow(ResetNeeded);
    expect(env.reset({ seed: 0 }).obs.observation[27]!).toBeCloseTo(0.415, 2);
    env.step(ZERO);
    env.close();
  });

  it('is registered with 100-step episodes and validated options', () => {
    expect(hookEnvSpecs.map((s) => s.id)).toEqual(['Hook-v0', 'NoisyHook-v0', 'ComplexHook-v0']);
    for (const s of hookEnvSpecs) expect(s.init.maxEpisodeSteps).toBe(HOOK_MAX_EPISODE_STEPS);
    expect(() => new HookEnv({ rewardType: 'shaped' as never })).toThrow(InvalidOptions);
    expect(() => new HookEnv({ legacyNoiseIndexBug: true } as never)).toThrow(InvalidOptions);
    const dense = new HookEnv({ rewardType: 'dense' });
    const { obs } = dense.reset({ seed: 0 });
    const r = dense.step(ZERO);
    expect(r.reward).toBeCloseTo(
      -Math.hypot(...obs.achieved_goal.map((v, i) => v - obs.desired_goal[i]!)),
      3,
    );
    dense.close();
  });
});

describe('NoisyHook-v0', () => {
  it("has Hook's start states and physics; noise only on the spec's entries, goals exact", () => {
    const hook = new HookEnv();
    const noisy = new NoisyHookEnv();
    const actions = randomActions(3, 12);
    const diffs: number[] = [];
    for (const seed of [0, 1, 2]) {
      let h = hook.reset({ seed }).obs;
      let n = noisy.reset({ seed }).obs;
      for (let t = 0; ; t++) {
        expect(n.observation.length).toBe(2 * HOOK_FRAME_SIZE);
        expect(n.achieved_goal).toEqual(h.achieved_goal);
        expect(n.desired_goal).toEqual(h.desired_goal);
        const frame = n.observation.subarray(HOOK_FRAME_SIZE);
        for (let i = 0; i < HOOK_FRAME_SIZE; i++) {
          if (!NOISED.has(i)) expect(frame[i]).toBe(h.observation[i]);
          else if (i < 12 || i > 14) diffs.push(frame[i]! - h.observation[i]!);
          else diffs.push(frame[i]! - frame[i - 6]!); // 12–14: a second noised copy of 6–8
        }
        // 37–39 and 6–8 are recomputed from the noisy positions.
        for (let i = 0; i < 3; i++) expect(frame[37 + i]).toBe(frame[25 + i]! - frame[i]!);
        for (let i = 0; i < 3; i++) expect(frame[6 + i]).toBe(frame[3 + i]! - frame[i]!);
        if (t === actions.length) break;
        h = hook.step(actions[t]!).obs;
        n = noisy.step(actions[t]!).obs;
      }
    }
    expect(diffs.every((d) => d !== 0)).toBe(true);
    // Each difference is one draw of N(0, σ²) (6–7 and 37–39 inherit the draws on 3–4 and 25–27).
    const rms = Math.sqrt(diffs.reduce((s, d) => s + d * d, 0) / diffs.length);
    expect(rms).toBeGreaterThan(0.85 * NOISY_HOOK_NOISE_STD);
    expect(rms).toBeLessThan(1.15 * NOISY_HOOK_NOISE_STD);
    hook.close();
    noisy.close();
  });

  it('stacks two frames: both halves equal at reset, then previous newest frame + new frame', () => {
    const env = new NoisyHookEnv();
    let obs = env.reset({ seed: 4 }).obs;
    expect(obs.observation.subarray(0, 40)).toEqual(obs.observation.subarray(40));
    for (const a of randomActions(1, 5)) {
      const next = env.step(a).obs;
      expect(next.observation.subarray(0, 40)).toEqual(obs.observation.subarray(40));
      expect(next.observation.subarray(40)).not.toEqual(obs.observation.subarray(40));
      obs = next;
    }
    env.close();
  });

  it('reproduces noisy episodes from the seed, draws fresh noise in later episodes, and restores states', () => {
    const env = new NoisyHookEnv();
    const first = env.reset({ seed: 8 }).obs.observation;
    const second = env.reset().obs.observation; // same start (different scene draw), new noise stream
    expect(env.reset({ seed: 8 }).obs.observation).toEqual(first);
    expect(env.reset().obs.observation).toEqual(second);
    env.step(ZERO);
    const bytes = serializeEnvState(env.getState());
    const a = env.step(Float32Array.of(0.2, 0, 0, 1)).obs.observation;
    env.setState(deserializeEnvState(bytes));
    expect(env.step(Float32Array.of(0.2, 0, 0, 1)).obs.observation).toEqual(a);
    env.close();
  });

  it('moves the second noised copy to 6–8 with legacyNoiseIndexBug: false', () => {
    const hook = new HookEnv();
    const fixed = new NoisyHookEnv({ legacyNoiseIndexBug: false });
    const h = hook.reset({ seed: 2 }).obs.observation;
    const n = fixed.reset({ seed: 2 }).obs.observation.subarray(40);
    for (const i of [12, 13, 14, 5]) expect(n[i]).toBe(h[i]);
    for (const i of [6, 7, 8]) expect(n[i]).not.toBe(h[i]);
    expect(() => new NoisyHookEnv({ legacyNoiseIndexBug: 1 as never })).toThrow(InvalidOptions);
    hook.close();
    fixed.close();
  });
});
