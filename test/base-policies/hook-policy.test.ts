/**
 * HookPolicy: RPL's stage rules on hand-made observations, the Rapier grasp-pose replacement, reading the
 * newest frame of a stacked observation, no mutation of `obs`, and solving plain Hook on a few seeds.
 */
import { describe, expect, it } from 'vitest';
import { HookPolicy } from '../../src/base-policies/hook.js';
import { makeBasePolicy } from '../../src/base-policies/registry.js';
import type { GoalObs } from '../../src/core/goal-env.js';
import { HookEnv } from '../../src/envs/hook/hook.js';
import { NoisyHookEnv } from '../../src/envs/hook/noisy-hook.js';
import '../../src/registry/builtin.js';

interface Scene {
  grip: [number, number, number];
  block: [number, number, number];
  hook: [number, number, number];
  finger: number;
  goal: [number, number, number];
}

/** A 40-d observation with only the entries the policy reads filled in. */
function observation(s: Scene): GoalObs {
  const o = new Float64Array(40);
  o.set(s.grip, 0);
  o.set(s.block, 3);
  o[9] = s.finger;
  o[10] = s.finger;
  o.set(s.hook, 25);
  return {
    observation: o,
    achieved_goal: Float64Array.from(s.block),
    desired_goal: Float64Array.from(s.goal),
  };
}

const BASE: Scene = {
  grip: [1.342, 0.749, 0.535],
  block: [1.8, 0.75, 0.425],
  hook: [1.1, 0.35, 0.415],
  finger: 0,
  goal: [1.65, 0.75, 0.42],
};

function act(s: Partial<Scene>): number[] {
  return Array.from(new HookPolicy().act(observation({ ...BASE, ...s })));
}

describe('HookPolicy stages', () => {
  it('1. done: holds still with closed fingers once the object is within 1 cm (L1) of the goal', () => {
    expect(act({ block: [1.655, 0.754, 0.425] })).toEqual([0, 0, 0, -1]);
  });

  it('2d. approaches 5 cm above the hook point with gain 10', () => {
    const a = act({ grip: [1.2, 0.4, 0.5] });
    expect(a[0]).toBeCloseTo(10 * (1.1 - 1.2), 5);
    expect(a[1]).toBeCloseTo(10 * (0.35 - 0.4), 5);
    expect(a[2]).toBeCloseTo(10 * (0.415 - 0.05 + 0.1 - 0.5), 5);
    expect(a[3]).toBe(0);
  });

  it('2c. in the hook column: opens the fingers, then descends toward h + (0, 0, −0.05)', () => {
    expect(act({ grip: [1.11, 0.36, 0.465], finger: 0 })).toEqual([0, 0, 0, 1]);
    const a = act({ grip: [1.11, 0.36, 0.465], finger: 0.05 });
    expect(a[0]).toBeCloseTo(-0.1, 5);
    expect(a[2]).toBeCloseTo(10 * (0.365 - 0.465), 5);
    expect(a[3]).toBe(0);
  });

  it('2b. closes at the Rapier grasp pose: in the column and no more than 1 cm above the hook point', () => {
    // The lowest grip the table allows is ≈ 0.4205, 5.5 mm above the resting hook point.
    expect(act({ grip: [1.101, 0.351, 0.4205], finger: 0.05 })).toEqual([0, 0, 0, -1]);
    // 2.5 cm above the hook point is not low enough yet: keep descending.
    expect(act({ grip: [1.101, 0.351, 0.44], finger: 0.05 })[2]).toBeLessThan(-0.5);
  });

  it('3. holding the hook: moves the grip to (b.x − 0.5, b.y − 0.05, 0.45) while the hook is not behind the object', () => {
    const a = act({ grip: [1.1, 0.35, 0.4205], hook: [1.1, 0.35, 0.415], finger: 0.014 });
    expect(a[0]).toBeCloseTo(10 * (1.3 - 1.1), 5);
    expect(a[1]).toBeCloseTo(10 * (0.7 - 0.35), 5);
    expect(a[2]).toBeCloseTo(10 * (0.45 - 0.4205), 5);
    expect(a[3]).toBe(-1);
  });

  it('4. sweeps at 0.4 toward the goal once aligned', () => {
    const a = act({ grip: [1.3, 0.7, 0.45], hook: [1.3, 0.7, 0.43], finger: 0.014 });
    const d = Math.hypot(1.65 - 1.8, 0);
    expect(a[0]).toBeCloseTo((0.4 * (1.65 - 1.8)) / d, 5);
    expect(a[1]).toBeCloseTo(0, 5);
    expect(a[2]).toBe(0);
    expect(a[3]).toBe(-1);
  });

  it('reads the newest frame of a two-frame observation and never mutates obs', () => {
    const newest = observation({ ...BASE, grip: [1.2, 0.4, 0.5] });
    const older = observation(BASE);
    const stacked: GoalObs = {
      observation: Float64Array.of(...older.observation, ...newest.observation),
      achieved_goal: newest.achieved_goal,
      desired_goal: newest.desired_goal,
    };
    const copy = stacked.observation.slice();
    const policy = new HookPolicy();
    expect(policy.act(stacked)).toEqual(policy.act(newest));
    expect(stacked.observation).toEqual(copy);
    expect(makeBasePolicy('hook').name).toBe('hook');
  });
});

describe('HookPolicy in the env', () => {
  it('solves plain Hook on seeds 0–2', () => {
    const env = new HookEnv();
    const policy = new HookPolicy();
    for (let seed = 0; seed < 3; seed++) {
      let obs = env.reset({ seed }).obs;
      policy.reset({ seed, env });
      let success = 0;
      for (let t = 0; t < 100; t++) {
        const r = env.step(policy.act(obs));
        obs = r.obs;
        success = r.info.is_success as number;
      }
      expect(success, `seed ${seed}`).toBe(1);
    }
    env.close();
  });

  it('is imperfect but functional on NoisyHook (80-d, acting on the noisy newest frame)', () => {
    const env = new NoisyHookEnv();
    const policy = new HookPolicy();
    let successes = 0;
    const seeds = [0, 3, 4]; // seed 0 fails: noise in the hook's observed position spoils the grasp
    for (const seed of seeds) {
      let obs = env.reset({ seed }).obs;
      let success = 0;
      for (let t = 0; t < 100; t++) {
        const r = env.step(policy.act(obs));
        obs = r.obs;
        success = r.info.is_success as number;
      }
      successes += success;
    }
    expect(successes).toBeGreaterThanOrEqual(1);
    expect(successes).toBeLessThan(seeds.length);
    env.close();
  });
});
