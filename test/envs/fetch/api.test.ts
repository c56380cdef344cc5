/**
 * The Gym/GoalEnv contract of the Fetch envs: resets and their draw order, determinism, states, errors,
 * rewards, spaces, options, lifetime.
 */
import { describe, expect, it } from 'vitest';
import { checkEnv } from '../../../src/check/check-env.js';
import { deserializeEnvState, serializeEnvState } from '../../../src/core/state.js';
import type { Info } from '../../../src/core/types.js';
import type { FetchEnv } from '../../../src/envs/fetch/fetch-env.js';
import { PickAndPlaceEnv } from '../../../src/envs/fetch/pick-and-place.js';
import { PushEnv } from '../../../src/envs/fetch/push.js';
import { SlipperyPushEnv } from '../../../src/envs/fetch/slippery-push.js';
import { fetchEnvSpecs } from '../../../src/envs/fetch/specs.js';
import {
  InvalidAction,
  InvalidOptions,
  InvalidState,
  PhysicsError,
  ResetNeeded,
} from '../../../src/errors.js';
import { TrajectoryHash } from '../../../src/physics/trajectory-hash.js';
import { addObs, randomActions } from './helpers.js';

const FACTORIES: [string, () => FetchEnv][] = [
  ['Push', () => new PushEnv()],
  ['SlipperyPush', () => new SlipperyPushEnv()],
  ['PickAndPlace', () => new PickAndPlaceEnv()],
];

function rollout(env: FetchEnv, seed: number, actions: readonly Float32Array[]): string {
  const h = addObs(new TrajectoryHash(), env.reset({ seed }).obs);
  for (const a of actions) {
    const r = env.step(a);
    addObs(h, r.obs)
      .add(r.reward)
      .add(r.info.is_success as number);
  }
  return h.hex();
}

describe.each(FACTORIES)('%s', (name, create) => {
  it('passes checkEnv', () => {
    const env = create();
    const report = checkEnv(env, { logWarnings: false });
    expect(report.passed.length).toBeGreaterThan(0);
    env.close();
  });

  it('settles to the documented start and samples block and goal per spec §3', () => {
    const env = create();
    const g0 = env.initialGripperPos;
    const nominal = env.config.nominalGripStart_m;
    expect(Math.abs(g0[0]! - nominal[0])).toBeLessThan(0.002);
    expect(Math.abs(g0[1]! - nominal[1])).toBeLessThan(0.002);
    expect(g0[2]!).toBeGreaterThanOrEqual(Math.min(nominal[2], 0.4205) - 0.002);
    expect(Math.abs(env.heightOffset - 0.425)).toBeLessThan(0.001);
    let inAir = 0;
    for (let seed = 0; seed < 40; seed++) {
      const { obs, info } = env.reset({ seed });
      expect(info).toEqual({});
      const b = obs.achieved_goal;
      const G = obs.desired_goal;
      const dxy = Math.hypot(b[0]! - g0[0]!, b[1]! - g0[1]!);
      expect(dxy).toBeGreaterThanOrEqual(0.1);
      expect(Math.abs(b[0]! - g0[0]!)).toBeLessThanOrEqual(0.15);
      expect(Math.abs(b[1]! - g0[1]!)).toBeLessThanOrEqual(0.15);
      expect(b[2]).toBe(env.heightOffset);
      expect(Math.abs(G[0]! - g0[0]!)).toBeLessThanOrEqual(0.15);
      expect(Math.abs(G[1]! - g0[1]!)).toBeLessThanOrEqual(0.15);
      if (G[2] !== env.heightOffset) {
        inAir++;
        expect(G[2]! - env.heightOffset).toBeLessThanOrEqual(0.45);
      }
      expect(obs.observation.slice(3, 6)).toEqual(b);
      for (const e of obs.observation.slice(11, 14)) expect(Math.abs(e)).toBeLessThan(1e-4); // (settled) upright
    }
    if (name === 'PickAndPlace') expect(inAir).toBeGreaterThan(5);
    else expect(inAir).toBe(0);
    env.close();
  });

  it('reset(seed) twice gives the same trajectory hash, also in a fresh env', () => {
    const actions = randomActions(5, 40);
    const env = create();
    const a = rollout(env, 7, actions);
    expect(rollout(env, 7, actions)).toBe(a);
    expect(rollout(env, 8, actions)).not.toBe(a);
    const fresh = create();
    expect(rollout(fresh, 7, actions)).toBe(a);
    env.close();
    fresh.close();
  });

  it('continues bit-identically after getState/setState (also through bytes and into another env)', () => {
    const actions = randomActions(6, 50);
    const env = create();
    env.reset({ seed: 3 });
    for (const a of actions.slice(0, 20)) env.step(a);
    const state = env.getState();
    const tail = (e: FetchEnv): string => {
      const h = new TrajectoryHash();
      for (const a of actions.slice(20)) addObs(h, e.step(a).obs);
      h.addArray(Float64Array.from(e.rng.getState().words));
      return h.hex();
    };
    const expected = tail(env);
    env.setState(state);
    expect(tail(env)).toBe(expected);
    const other = create();
    other.setState(deserializeEnvState(serializeEnvState(state)));
    expect(tail(other)).toBe(expected);
    other.close();
    env.close();
  });

  it('rejects states of another task and malformed states, and stays usable', () => {
    const env = create();
    env.reset({ seed: 1 });
    const state = env.getState();
    const foreign = name === 'Push' ? new SlipperyPushEnv() : new PushEnv();
    foreign.reset({ seed: 1 });
    expect(() => env.setState(foreign.getState())).toThrow(InvalidState);
    foreign.close();
    const task = state.task as Record<string, unknown>;
    const bad = [
      { ...task, goal: new Float64Array(2) },
      { ...task, goal: Float64Array.of(0, Number.NaN, 0) },
      { ...task, physics: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) },
      { ...task, physics: 'bytes' },
      null,
    ];
    for (const t of bad) expect(() => env.setState({ ...state, task: t as never })).toThrow(InvalidState);
    env.setState(state);
    expect(env.step(new Float32Array(4)).obs.observation.every(Number.isFinite)).toBe(true);
    env.close();
  });

  it('throws InvalidAction for malformed actions, clips finite out-of-range ones, and keeps working', () => {
    const env = create();
    env.reset({ seed: 2 });
    const state = env.getState();
    for (const a of [
      [0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, Number.NaN, 0, 0],
      [0, 0, Number.POSITIVE_INFINITY, 0],
      'x',
      null,
    ]) {
      expect(() => env.step(a as never)).toThrow(InvalidAction);
    }
    const big = env.step([5, -7, 3, 9]).obs;
    env.setState(state);
    const unit = env.step(Float64Array.of(1, -1, 1, 1)).obs;
    expect(big.observation).toEqual(unit.observation);
    env.close();
  });

  it('computeReward: batched equals single calls, and both equal step reward and is_success', () => {
    const env = create();
    let { obs } = env.reset({ seed: 4 });
    const achieved: number[] = [];
    const desired: number[] = [];
    const rewards: number[] = [];
    const infos: Info[] = [];
    for (const a of randomActions(8, 30)) {
      const r = env.step(a);
      obs = r.obs;
      expect(r.reward).toBe(env.computeReward(obs.achieved_goal, obs.desired_goal, r.info));
      expect(r.info.is_success).toBe(r.reward === 0 ? 1 : 0);
      expect(r.terminated).toBe(false);
      expect(r.truncated).toBe(false);
      achieved.push(...obs.achieved_goal);
      desired.push(...obs.desired_goal);
      rewards.push(r.reward);
      infos.push(r.info);
    }
    // Relabel half of the goals with achieved goals (HER): some rewards become 0.
    for (let i = 0; i < 30; i += 2) desired.splice(3 * i, 3, ...achieved.slice(3 * i, 3 * i + 3));
    const batch = env.computeReward(Float64Array.from(achieved), Float64Array.from(desired), infos, 30);
    for (let i = 0; i < 30; i++) {
      const single = env.computeReward(achieved.slice(3 * i, 3 * i + 3), desired.slice(3 * i, 3 * i + 3), {});
      expect(batch[i]).toBe(single);
      if (i % 2 === 0) expect(single).toBe(0);
    }
    expect(env.computeReward([0, 0, 0], [0.03, 0.04, 0], {})).toBe(0); // exactly 0.05: not above the threshold
    expect(env.computeReward([0, 0, 0], [0.03, 0.04, 0.001], {})).toBe(-1);
    env.close();
  });

  it('returns fresh observation arrays in the declared spaces', () => {
    const env = create();
    const { obs } = env.reset({ seed: 6 });
    expect(env.observationSpace.contains(obs)).toBe(true);
    expect(obs.observation).toBeInstanceOf(Float64Array);
    expect(obs.observation.length).toBe(25);
    const copy = obs.observation.slice();
    const r = env.step(Float32Array.of(1, 1, 1, 1));
    expect(obs.observation).toEqual(copy);
    expect(r.obs.observation).not.toBe(obs.observation);
    expect(r.obs.desired_goal).not.toBe(obs.desired_goal);
    expect(env.actionSpace.shape).toEqual([4]);
    expect(env.actionSpace.dtype).toBe('float32');
    env.close();
  });
});

describe('Fetch envs', () => {
  it('gives each task its own stateKind', () => {
    const kinds = FACTORIES.map(([, create]) => {
      const env = create();
      const kind = env.stateKind;
      env.close();
      return kind;
    });
    expect(new Set(kinds).size).toBe(3);
  });

  it('reports finger positions only for PickAndPlace and never moves Push fingers', () => {
    const push = new PushEnv();
    push.reset({ seed: 0 });
    const o = push.step(Float32Array.of(0, 0, 0, 1)).obs.observation;
    expect([o[9], o[10], o[23], o[24]]).toEqual([0, 0, 0, 0]);
    push.close();
    const pnp = new PickAndPlaceEnv();
    pnp.reset({ seed: 0 });
    let p = pnp.step(Float32Array.of(0, 0, 0, 1)).obs.observation;
    p = pnp.step(Float32Array.of(0, 0, 0, 0)).obs.observation;
    expect(Math.abs(p[9]! - 0.05)).toBeLessThan(1e-3); // RPL's "open" test
    expect(Math.abs(p[10]! - 0.05)).toBeLessThan(1e-3);
    for (let i = 0; i < 3; i++) p = pnp.step(Float32Array.of(0, 0, 0, -1)).obs.observation;
    expect(p[9]!).toBeLessThan(0.002);
    pnp.close();
  });

  it('validates options, supports a dense reward, and closes idempotently', () => {
    expect(() => new PushEnv({ bogus: 1 } as never)).toThrow(InvalidOptions);
    expect(() => new PushEnv({ rewardType: 'shaped' } as never)).toThrow(InvalidOptions);
    const dense = new PushEnv({ rewardType: 'dense' });
    const { obs } = dense.reset({ seed: 0 });
    const r = dense.step(new Float32Array(4));
    const d = Math.hypot(
      r.obs.achieved_goal[0]! - obs.desired_goal[0]!,
      r.obs.achieved_goal[1]! - obs.desired_goal[1]!,
      r.obs.achieved_goal[2]! - obs.desired_goal[2]!,
    );
    expect(r.reward).toBeCloseTo(-d, 12);
    dense.close();
    dense.close();
    expect(() => dense.step(new Float32Array(4))).toThrow();
  });

  it('detects blow-ups (non-finite state, block inside the table), then needs a reset', () => {
    const env = new PushEnv();
    env.reset({ seed: 0 });
    const start = env.physics.blockBody.translation();
    env.physics.blockBody.setTranslation({ x: Number.NaN, y: start.y, z: start.z }, true);
    expect(() => env.step(new Float32Array(4))).toThrow(PhysicsError);
    expect(() => env.step(new Float32Array(4))).toThrow(ResetNeeded);
    env.reset({ seed: 0 });
    const p = env.physics.blockBody.translation();
    env.physics.blockBody.setTranslation({ x: p.x, y: p.y, z: 0.2 }, true);
    expect(() => env.step(new Float32Array(4))).toThrow(
      expect.objectContaining({ code: 'block_through_table' }),
    );
    env.reset({ seed: 0 });
    expect(env.step(new Float32Array(4)).obs.observation.every(Number.isFinite)).toBe(true);
    env.close();
  });

  it('throws ResetNeeded when stepped before reset', () => {
    const env = new PushEnv();
    expect(() => env.step(new Float32Array(4))).toThrow(ResetNeeded);
    env.close();
  });

  it('keeps external memory flat over many resets', () => {
    const env = new PickAndPlaceEnv();
    for (let i = 0; i < 50; i++) env.reset({ seed: i });
    const before = process.memoryUsage().external;
    for (let i = 0; i < 500; i++) env.reset();
    expect((process.memoryUsage().external - before) / 2 ** 20).toBeLessThan(2);
    env.close();
  });

  it('lists the three ids with 50-step limits and working factories', () => {
    expect(fetchEnvSpecs.map((s) => s.id)).toEqual(['Push-v0', 'SlipperyPush-v0', 'PickAndPlace-v0']);
    for (const { init } of fetchEnvSpecs) {
      expect(init.maxEpisodeSteps).toBe(50);
      const env = init.entryPoint({});
      expect(env.reset({ seed: 0 }).obs).toBeDefined();
      env.close();
    }
  });
});
