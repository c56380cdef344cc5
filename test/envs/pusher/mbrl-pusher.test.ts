/**
 * The MBRLPusher env contract: spaces, start state, determinism (pinned hash), state continuation, the
 * batched reward, bad input and long random rollouts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { GoalObs } from '../../../src/core/goal-env.js';
import { deserializeEnvState, serializeEnvState } from '../../../src/core/state.js';
import type { Info } from '../../../src/core/types.js';
import { PUSHER_GOAL_M } from '../../../src/envs/pusher/constants.js';
import { MbrlPusherEnv, pusherReward } from '../../../src/envs/pusher/mbrl-pusher.js';
import { pusherEnvSpecs } from '../../../src/envs/pusher/specs.js';
import {
  GymError,
  InvalidAction,
  InvalidOptions,
  InvalidState,
  PhysicsError,
  ResetNeeded,
} from '../../../src/errors.js';
import { Rng } from '../../../src/random/rng.js';

/** Actions uniform in [−2, 2]^7 from a fixed generator. */
function actionStream(seed: number): () => Float32Array {
  const rng = Rng.fromSeed(seed);
  return () => {
    const a = new Float32Array(7);
    for (let i = 0; i < 7; i++) a[i] = rng.uniform(-2, 2);
    return a;
  };
}

/** SHA-256 over the float64 bytes of every observation and reward (exact, unlike a float32 hash). */
function rolloutDigest(env: MbrlPusherEnv, seed: number, steps: number): string {
  const hash = createHash('sha256');
  const add = (obs: GoalObs) => {
    hash.update(new Uint8Array(obs.observation.buffer));
    hash.update(new Uint8Array(obs.achieved_goal.buffer));
  };
  add(env.reset({ seed }).obs);
  const next = actionStream(seed + 1000);
  for (let t = 0; t < steps; t++) {
    const r = env.step(next());
    add(r.obs);
    hash.update(new Uint8Array(Float64Array.of(r.reward).buffer));
  }
  return hash.digest('hex').slice(0, 16);
}

describe('MBRLPusher-v0', () => {
  it('is registered as data with a 150-step limit and validated options', () => {
    const [spec] = pusherEnvSpecs;
    expect(spec!.id).toBe('MBRLPusher-v0');
    expect(spec!.init.maxEpisodeSteps).toBe(150);
    const env = spec!.init.entryPoint({});
    expect(env).toBeInstanceOf(MbrlPusherEnv);
    env.close();
    expect(() => new MbrlPusherEnv({ puckMass_kg: -1 })).toThrow(InvalidOptions);
    expect(() => new MbrlPusherEnv({ frobnicate: 1 } as never)).toThrow(InvalidOptions);
  });

  it('has the spec spaces and start state', () => {
    const env = new MbrlPusherEnv();
    expect(String(env.actionSpace)).toBe('Box(-2.0, 2.0, (7,), float32)');
    const { obs, info } = env.reset({ seed: 3 });
    expect(info).toEqual({});
    expect(env.observationSpace.contains(obs)).toBe(true);
    const o = obs.observation;
    for (let i = 0; i < 7; i++) {
      expect(Math.abs(o[i]!)).toBeLessThan(1e-4); // angles ≈ 0 (the velocity kick moves them by ~q̇·0.01 s)
      expect(Math.abs(o[7 + i]!)).toBeLessThanOrEqual(0.0055); // |q̇| ≤ 0.005 (limits may block a joint)
    }
    expect(o[14]).toBeCloseTo(0.821, 3);
    expect(o[15]).toBeCloseTo(-0.6, 3);
    expect(Math.hypot(o[17]! - 0.6, o[18]! + 0.3)).toBeLessThan(0.15);
    expect(o[19]).toBe(Math.fround(-0.275));
    expect(Array.from(obs.achieved_goal)).toEqual(Array.from(o.slice(17, 20)));
    expect(Array.from(obs.desired_goal)).toEqual(Array.from(PUSHER_GOAL_M));
    // The puck start is Gaussian around (0.60, −0.30) with std 0.025 per axis.
    const xs: number[] = [];
    for (let s = 0; s < 200; s++) xs.push(env.reset({ seed: s }).obs.observation[17]!);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(0.6, 2);
    expect(std).toBeGreaterThan(0.02);
    expect(std).toBeLessThan(0.03);
    env.close();
    env.close();
  });

  it('is bit-deterministic under a seed (pinned digest) and seeds differ', () => {
    const a = new MbrlPusherEnv();
    const b = new MbrlPusherEnv();
    const d = rolloutDigest(a, 11, 60);
    expect(rolloutDigest(b, 11, 60)).toBe(d);
    expect(rolloutDigest(a, 11, 60)).toBe(d); // the same env again, after reset
    expect(rolloutDigest(b, 12, 60)).not.toBe(d);
    // Pinned: same seed + actions give the same floats in every process on this Rapier build.
    expect(d).toBe(PINNED_DIGEST);
    a.close();
    b.close();
  });

  it('continues bit-identically after getState/setState, also in a fresh env and through bytes', () => {
    const env = new MbrlPusherEnv();
    const next = actionStream(5);
    env.reset({ seed: 5 });
    for (let t = 0; t < 40; t++) env.step(next());
    const state = env.getState();
    const actions = Array.from({ length: 30 }, next);
    const reference = actions.map((a) => env.step(a));
    const other = new MbrlPusherEnv();
    for (const [target, s] of [
      [env, state],
      [other, deserializeEnvState(serializeEnvState(state))],
    ] as const) {
      target.setState(s);
      actions.forEach((a, t) => {
        const r = target.step(a);
        expect(r.obs.observation).toEqual(reference[t]!.obs.observation);
        expect(r.reward).toBe(reference[t]!.reward);
      });
    }
    // Malformed states are rejected and the env stays usable.
    const bad = { ...state, task: { ...(state.task as object), physics: new Uint8Array([1, 2, 3]) } };
    expect(() => other.setState(bad)).toThrow(InvalidState);
    expect(() => other.setState({ ...state, task: null })).toThrow(InvalidState);
    expect(() => other.setState({ ...state, task: { goal: 1 } })).toThrow(InvalidState);
    other.setState(state);
    expect(other.step(actions[0]!).obs.observation).toEqual(reference[0]!.obs.observation);
    // Other physics → another kind: setState refuses, transplantState keeps the receiver's physics.
    const heavy = new MbrlPusherEnv({ puckMass_kg: 0.08 });
    expect(heavy.stateKind).not.toBe(env.stateKind);
    expect(() => heavy.setState(state)).toThrow(InvalidState);
    heavy.transplantState(state);
    expect(heavy.physics.puckCollider.mass()).toBeCloseTo(0.08, 6);
    expect(heavy.step(actions[0]!).obs.observation.length).toBe(20);
    for (const e of [env, other, heavy]) e.close();
  });

  it('computes the reward in batches exactly like single calls and like step', () => {
    const env = new MbrlPusherEnv();
    const next = actionStream(9);
    env.reset({ seed: 9 });
    const achieved: number[] = [];
    const infos: Info[] = [];
    for (let t = 0; t < 12; t++) {
      const r = env.step(next());
      expect(r.reward).toBe(env.computeReward(r.obs.achieved_goal, r.obs.desired_goal, r.info));
      expect(r.reward).toBe(
        pusherReward(
          r.obs.achieved_goal,
          r.obs.desired_goal,
          0,
          r.info.tips_arm as Float64Array,
          r.info.action as Float64Array,
        ),
      );
      expect(r.reward).toBeLessThan(0);
      expect(r.terminated).toBe(false);
      expect(r.truncated).toBe(false);
      achieved.push(...r.obs.achieved_goal);
      infos.push(r.info);
    }
    // HER relabelling: random goals, stored tips and actions.
    const rng = Rng.fromSeed(1);
    const desired = achieved.map((v) => v + rng.uniform(-0.2, 0.2));
    const batch = env.computeReward(Float64Array.from(achieved), Float64Array.from(desired), infos, 12);
    for (let i = 0; i < 12; i++) {
      const single = env.computeReward(
        achieved.slice(3 * i, 3 * i + 3),
        desired.slice(3 * i, 3 * i + 3),
        infos[i]!,
      );
      expect(batch[i]).toBe(single);
    }
    expect(() => env.computeReward([0, 0, 0], [0, 0, 0], {})).toThrow(GymError);
    env.close();
  });

  it('rejects bad actions with InvalidAction, changes nothing, and clips finite out-of-range torques', () => {
    const env = new MbrlPusherEnv();
    expect(() => env.step(new Float32Array(7))).toThrow(ResetNeeded);
    env.reset({ seed: 2 });
    const before = env.getState();
    for (const bad of [
      new Float32Array(6),
      new Float32Array(8),
      Float64Array.of(0, 0, Number.NaN, 0, 0, 0, 0),
      [0, 0, 0, 0, 0, 0, Number.POSITIVE_INFINITY],
      'torque',
      null,
    ]) {
      expect(() => env.step(bad as never)).toThrow(InvalidAction);
    }
    const clipped = env.step(Float32Array.of(5, -5, 2, -2, 9, 0, -9)).obs.observation;
    env.setState(before);
    const bounded = env.step(Float32Array.of(2, -2, 2, -2, 2, 0, -2));
    expect(clipped).toEqual(bounded.obs.observation);
    expect(Array.from(bounded.info.action as Float64Array)).toEqual([2, -2, 2, -2, 2, 0, -2]);
    env.close();
  });

  it('stays finite over 1,000 random-action steps', () => {
    const env = new MbrlPusherEnv();
    const next = actionStream(77);
    env.reset({ seed: 77 });
    for (let t = 0; t < 1000; t++) {
      if (t % 150 === 149) env.reset();
      const r = env.step(next());
      expect(r.obs.observation.every(Number.isFinite)).toBe(true);
      expect(Number.isFinite(r.reward)).toBe(true);
    }
    env.close();
  });

  it('throws PhysicsError on a blow-up and ResetNeeded until the next reset', () => {
    const env = new MbrlPusherEnv();
    env.reset({ seed: 1 });
    env.physics.puck.setTranslation({ x: 0.6, y: -0.3, z: 0 }, true); // off its plane
    expect(() => env.step(new Float32Array(7))).toThrow(PhysicsError);
    expect(() => env.step(new Float32Array(7))).toThrow(ResetNeeded);
    env.reset({ seed: 1 });
    expect(() => env.step(new Float32Array(7))).not.toThrow();
    env.close();
  });

  it('keeps memory flat over resets and state restores', () => {
    const env = new MbrlPusherEnv();
    env.reset({ seed: 0 });
    const state = env.getState();
    const cycle = () => {
      env.reset();
      env.step(new Float32Array(7));
      env.setState(state);
    };
    for (let i = 0; i < 200; i++) cycle(); // warm-up: wasm heap high-water mark
    const before = process.memoryUsage();
    for (let i = 0; i < 1000; i++) cycle();
    const after = process.memoryUsage();
    expect(after.external - before.external).toBeLessThan(4 * 1024 * 1024);
    env.close();
  });
});

const PINNED_DIGEST = '58750cf9d9981acf';
