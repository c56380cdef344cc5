/**
 * The scripted base policies of the Fetch tasks: they run, never mutate observations, follow RPL's rules,
 * and the calibrated ones solve fixed seeds.
 */
import { describe, expect, it } from 'vitest';
import { OscillatingPickAndPlacePolicy, PickAndPlacePolicy } from '../../src/base-policies/pick-and-place.js';
import type { BasePolicy } from '../../src/base-policies/policy.js';
import { ScriptedPushPolicy } from '../../src/base-policies/scripted-push.js';
import type { GoalObs } from '../../src/core/goal-env.js';
import type { ActionInput } from '../../src/core/types.js';
import type { FetchEnv } from '../../src/envs/fetch/fetch-env.js';
import { PickAndPlaceEnv } from '../../src/envs/fetch/pick-and-place.js';
import { PushEnv } from '../../src/envs/fetch/push.js';
import { SlipperyPushEnv } from '../../src/envs/fetch/slippery-push.js';
import { InvalidOptions } from '../../src/errors.js';
import '../../src/registry/builtin.js';
import { TrajectoryHash } from '../../src/physics/trajectory-hash.js';
import { make } from '../../src/registry/registry.js';
import { OrderEnforcing } from '../../src/wrappers/order-enforcing.js';
import { ResidualWrapper } from '../../src/wrappers/residual.js';
import { TimeLimit } from '../../src/wrappers/time-limit.js';
import { addObs } from '../envs/fetch/helpers.js';

type FetchPolicy = ScriptedPushPolicy | PickAndPlacePolicy | OscillatingPickAndPlacePolicy;

// The policies are BasePolicies of the Fetch envs (checked at compile time).
const _typecheck: BasePolicy<GoalObs, ActionInput>[] = [new ScriptedPushPolicy(), new PickAndPlacePolicy()];
void _typecheck;

function copyObs(obs: GoalObs): GoalObs {
  return {
    observation: obs.observation.slice(),
    achieved_goal: obs.achieved_goal.slice(),
    desired_goal: obs.desired_goal.slice(),
  };
}

/** Runs one 50-step episode; checks every act call leaves obs untouched and returns a fresh Float32Array(4). */
function episode(env: FetchEnv, policy: FetchPolicy, seed: number): number {
  let { obs } = env.reset({ seed });
  policy.reset({ seed, env });
  let success = 0;
  let previous: Float32Array | null = null;
  for (let t = 0; t < 50; t++) {
    const before = copyObs(obs);
    const action = policy.act(obs);
    expect(obs).toEqual(before);
    expect(action).toBeInstanceOf(Float32Array);
    expect(action.length).toBe(4);
    expect(action).not.toBe(previous);
    expect(Array.from(action).every(Number.isFinite)).toBe(true);
    previous = action;
    const r = env.step(action);
    obs = r.obs;
    success = r.info.is_success as number;
  }
  return success;
}

function obsOf(grip: number[], block: number[], goal: number[], finger = 0): GoalObs {
  const observation = new Float64Array(25);
  observation.set(grip, 0);
  observation.set(block, 3);
  observation[9] = finger;
  observation[10] = finger;
  return { observation, achieved_goal: Float64Array.from(block), desired_goal: Float64Array.from(goal) };
}

describe('ScriptedPushPolicy', () => {
  it('runs on Push and SlipperyPush without mutating observations', () => {
    for (const env of [new PushEnv(), new SlipperyPushEnv()]) {
      for (const policy of [new ScriptedPushPolicy(), new ScriptedPushPolicy({ blockWidth_m: 0.05 })]) {
        episode(env, policy, 1);
      }
      env.close();
    }
  });

  it('solves fixed Push seeds with the miscalibrated width 0.15', () => {
    const env = new PushEnv();
    const policy = new ScriptedPushPolicy();
    const solved = [0, 1, 2, 3, 4, 5].map((seed) => episode(env, policy, seed));
    expect(solved.filter((s) => s === 1).length).toBeGreaterThanOrEqual(5);
    env.close();
  });

  it('follows RPL: stop at the goal, approach from above, descend, push with gain 5', () => {
    const p = new ScriptedPushPolicy();
    expect(p.name).toBe('scripted-push(width=0.15)');
    expect(p.blockWidth_m).toBe(0.15);
    const goal = [1.3, 0.9, 0.425];
    // Block at the goal (within 3.2 cm): zero action.
    expect(Array.from(p.act(obsOf([1.3, 0.6, 0.5], [1.31, 0.89, 0.425], goal)))).toEqual([0, 0, 0, 0]);
    // Goal straight +y of the block: push point 7.5 cm behind it (−y), 5 mm above its centre.
    const far = p.act(obsOf([1.5, 0.6, 0.5], [1.3, 0.7, 0.425], goal)); // approach: 10·(P + 0.1 z − g)
    expect(far[0]).toBeCloseTo(10 * (1.3 - 1.5), 5);
    expect(far[1]).toBeCloseTo(10 * (0.7 - 0.075 - 0.6), 5);
    expect(far[2]).toBeCloseTo(10 * (0.425 + 0.005 + 0.1 - 0.5), 5);
    const above = p.act(obsOf([1.3, 0.625, 0.53], [1.3, 0.7, 0.425], goal)); // descend: 10·(P − g)
    expect(above[2]).toBeCloseTo(10 * (0.43 - 0.53), 5);
    const push = p.act(obsOf([1.3, 0.625, 0.43], [1.3, 0.7, 0.425], goal)); // push: 5·(G.xy − g.xy), no z
    expect(Array.from(push)).toEqual([0, Math.fround(5 * (0.9 - 0.625)), 0, 0]);
    expect(() => new ScriptedPushPolicy({ blockWidth_m: -1 })).toThrow(InvalidOptions);
  });
});

describe('pick-and-place policies', () => {
  it('run on PickAndPlace without mutating observations; the older one solves fixed seeds', () => {
    const env = new PickAndPlaceEnv();
    const older = [0, 1, 2].map((seed) => episode(env, new PickAndPlacePolicy(), seed));
    expect(older).toEqual([1, 1, 1]);
    for (const seed of [0, 1]) episode(env, new OscillatingPickAndPlacePolicy(), seed);
    env.close();
  });

  it('follow RPL: approach, open, descend, close, transport (gain 50 vs 10), hold at the goal', () => {
    const osc = new OscillatingPickAndPlacePolicy();
    const old = new PickAndPlacePolicy();
    const block = [1.3, 0.7, 0.425];
    const goal = [1.4, 0.8, 0.6];
    // Far away: approach 8 cm above the block centre, fingers 0.
    const a = osc.act(obsOf([1.2, 0.7, 0.5], block, goal));
    expect(Array.from(a, (v) => Number(v.toFixed(4)))).toEqual([
      1,
      0,
      Number((10 * (0.505 - 0.5)).toFixed(4)),
      0,
    ]);
    // 1 mm off in xy: the oscillating one still approaches (0.22 mm test), the older one opens the fingers.
    const near = obsOf([1.301, 0.7, 0.5], block, goal);
    expect(osc.act(near)[3]).toBe(0);
    expect(old.act(near)[3]).toBe(1);
    // Aligned and open: descend to 2 cm below the block centre.
    const d = osc.act(obsOf([1.3, 0.7, 0.5], block, goal, 0.05));
    expect(d[2]).toBeCloseTo(10 * (0.405 - 0.5), 5);
    // Inside, fingers not closed: close without moving.
    expect(Array.from(osc.act(obsOf([1.3, 0.7, 0.41], block, goal, 0.04)))).toEqual([0, 0, 0, -1]);
    // Grasped (inside and s = 0.024): transport toward goal + 3 cm with gain 50 (oscillating) or 10 (older).
    const grasped = obsOf([1.3, 0.7, 0.41], block, goal, 0.024);
    expect(osc.act(grasped)[0]).toBeCloseTo(50 * 0.1, 4);
    expect(old.act(grasped)[0]).toBeCloseTo(10 * 0.1, 4);
    expect(old.act(grasped)[2]).toBeCloseTo(10 * (0.63 - 0.41), 4);
    expect(osc.act(grasped)[3]).toBe(-1);
    // Grasped with the block within 1 mm of the goal: hold.
    const atGoal = obsOf([1.4, 0.8, 0.58], [1.4, 0.8, 0.6005], goal, 0.024);
    expect(Array.from(osc.act(atGoal))).toEqual([0, 0, 0, -1]);
  });
});

describe('scripted Fetch episodes', () => {
  // Pinned: the same seed and policy give these hashes in every process and on every machine (Rapier's
  // deterministic build). Re-pin only when the dynamics change on purpose (and bump the env versions).
  // (Re-pinned once when TrajectoryHash moved from float32 to float64 bits: same trajectories; and once,
  // before any release, when the gripper got MuJoCo's soft-weld response and the arm's lean.)
  it.each([
    ['Push', () => new PushEnv(), () => new ScriptedPushPolicy(), 'e619bba9'],
    ['SlipperyPush', () => new SlipperyPushEnv(), () => new ScriptedPushPolicy(), 'c3e6efc5'],
    ['PickAndPlace', () => new PickAndPlaceEnv(), () => new PickAndPlacePolicy(), 'b79d2069'],
  ] as const)('%s seed 0 has its pinned trajectory hash', (_name, createEnv, createPolicy, expected) => {
    const env: FetchEnv = createEnv();
    const policy: FetchPolicy = createPolicy();
    let { obs } = env.reset({ seed: 0 });
    const h = addObs(new TrajectoryHash(), obs);
    for (let t = 0; t < 50; t++) {
      obs = env.step(policy.act(obs)).obs;
      addObs(h, obs);
    }
    expect(h.hex()).toBe(expected);
    env.close();
  });
});

describe('residual composition', () => {
  it('a zero residual on ResidualWrapper reproduces the scripted push on SlipperyPush', () => {
    const plain = new SlipperyPushEnv();
    const policy = new ScriptedPushPolicy();
    let { obs } = plain.reset({ seed: 4 });
    const expected = addObs(new TrajectoryHash(), obs);
    for (let t = 0; t < 50; t++) {
      obs = plain.step(policy.act(obs)).obs;
      addObs(expected, obs);
    }
    plain.close();
    const env = new ResidualWrapper(
      new OrderEnforcing(new TimeLimit(new SlipperyPushEnv(), 50)),
      new ScriptedPushPolicy(),
    );
    const h = addObs(new TrajectoryHash(), env.reset({ seed: 4 }).obs);
    for (let t = 0; t < 50; t++) {
      const r = env.step(new Float32Array(4));
      addObs(h, r.obs);
      expect(r.truncated).toBe(t === 49);
    }
    expect(h.hex()).toBe(expected.hex());
    env.close();
  });

  // The residual MDP of PickAndPlace admits a simple large improvement even at a small residual bound: the
  // oscillating controller only descends after a 0.22 mm xy alignment test, and pushing down with a residual of
  // 0.25 (executed as 0.5) once the gripper hovers over the block skips it. (A learner at that bound stayed below
  // the base in 300,000 env steps; see examples/her-agent/README.md.)
  it('on ResidualPickAndPlace a hand-written descend residual bounded by 0.25 beats the oscillating base', () => {
    const HOVER_RADIUS_M = 0.01;
    const ABOVE_BLOCK_M = 0.01;
    const OPEN_FINGERS_M = 0.09;
    const RESIDUAL_BOUND = 0.25;
    const successes = (descend: boolean): number => {
      const env = make('ResidualPickAndPlace-v0');
      const residual = new Float32Array(4);
      let wins = 0;
      for (let seed = 0; seed < 20; seed++) {
        let obs = env.reset({ seed }).obs as GoalObs;
        for (;;) {
          const o = obs.observation;
          const hovering =
            Math.hypot(o[0]! - o[3]!, o[1]! - o[4]!) < HOVER_RADIUS_M &&
            o[2]! - o[5]! > ABOVE_BLOCK_M &&
            o[9]! + o[10]! > OPEN_FINGERS_M;
          residual[2] = descend && hovering ? -RESIDUAL_BOUND : 0;
          const r = env.step(residual);
          obs = r.obs as GoalObs;
          if (r.terminated || r.truncated) {
            if (r.info.is_success === 1) wins++;
            break;
          }
        }
      }
      env.close();
      return wins;
    };
    const base = successes(false);
    const descend = successes(true);
    expect(descend).toBe(20);
    expect(base).toBeLessThan(15);
  });
});
