/**
 * CEM and the CEM-MPC policy: convergence on a toy model, determinism, validated options, the simulator
 * model's isolation from the live env, and a short pusher rollout.
 */
import { describe, expect, it } from 'vitest';
import { CemOptimizer, shiftPlan, truncatedStandardNormal } from '../../src/base-policies/mpc/cem.js';
import { CEM_MPC_PETS_SETTINGS, CemMpcPolicy } from '../../src/base-policies/mpc/cem-mpc-policy.js';
import { type BatchStepModel, StepwiseModel } from '../../src/base-policies/mpc/dynamics-model.js';
import {
  createPusherCemMpcPolicy,
  pusherPlanningCost,
  pusherSimulatorModel,
} from '../../src/base-policies/mpc/pusher-mpc.js';
import type { GoalObs } from '../../src/core/goal-env.js';
import { serializeEnvState } from '../../src/core/state.js';
import { MbrlPusherEnv } from '../../src/envs/pusher/mbrl-pusher.js';
import { InvalidOptions } from '../../src/errors.js';
import { Rng } from '../../src/random/rng.js';
import { PointMassEnv } from '../fixtures/point-mass-env.js';

/** A quadratic toy: x_{t+1} = x_t + 0.1·a_t in 2-d; cost ‖x − target‖² per step. */
const toyModel: BatchStepModel = {
  name: 'toy',
  observationDim: 2,
  actionDim: 2,
  predict(obs, actions, count, next) {
    for (let i = 0; i < 2 * count; i++) next[i] = obs[i]! + 0.1 * actions[i]!;
  },
};
const TARGET = [0.3, -0.2];
const toyCost = (o: Float64Array, oi: number) => (o[oi]! - TARGET[0]!) ** 2 + (o[oi + 1]! - TARGET[1]!) ** 2;

function solveToy(seed: number) {
  const horizon = 5;
  const model = new StepwiseModel(toyModel);
  const cem = new CemOptimizer(
    { horizon, population: 64, elites: 8, iterations: 8, alpha: 0.1, epsilon: 0.001 },
    [-1, -1],
    [1, 1],
  );
  const mean = new Float64Array(cem.dim);
  const predicted = new Float64Array(64 * horizon * 2);
  model.setRoot({ observation: Float64Array.of(0, 0), env: null as never });
  const report = cem.optimize(mean, Rng.fromSeed(seed), (samples, count, costs) => {
    model.rollout(samples, count, horizon, predicted);
    for (let i = 0; i < count; i++) {
      let c = 0;
      for (let t = 0; t < horizon; t++) c += toyCost(predicted, (i * horizon + t) * 2);
      costs[i] = c;
    }
  });
  return { mean, report };
}

describe('CEM', () => {
  it('converges on a quadratic toy model: elite cost decreases, the plan heads to the target', () => {
    const { mean, report } = solveToy(4);
    expect(report.iterations).toBe(8);
    const c = report.eliteCosts;
    // The best possible 5-step cost is 0.06 (full speed to the target, then stay).
    expect(c[c.length - 1]!).toBeLessThan(0.5 * c[0]!);
    expect(c[c.length - 1]!).toBeLessThan(0.12);
    for (let i = 1; i < c.length; i++) expect(c[i]!).toBeLessThanOrEqual(c[i - 1]! * 1.05);
    // The optimal first action moves toward (0.3, −0.2) at full speed in x.
    expect(mean[0]!).toBeGreaterThan(0.5);
    expect(mean[1]!).toBeLessThan(-0.3);
    for (const v of mean) expect(Math.abs(v)).toBeLessThanOrEqual(1);
  });

  it('is deterministic under a seed and differs across seeds', () => {
    expect(solveToy(4).mean).toEqual(solveToy(4).mean);
    expect(solveToy(5).mean).not.toEqual(solveToy(4).mean);
  });

  it('shares one noise draw per action dimension over blocks of sampleHold steps', () => {
    const horizon = 7;
    const hold = 3;
    const cem = new CemOptimizer(
      { horizon, population: 5, elites: 2, iterations: 1, alpha: 0.1, epsilon: 0.001, sampleHold: hold },
      [-1, -1],
      [1, 1],
    );
    const mean = new Float64Array(cem.dim);
    let seen: Float64Array | null = null;
    cem.optimize(mean, Rng.fromSeed(1), (samples, count, costs) => {
      seen = samples.slice(0, count * cem.dim);
      costs.fill(0);
    });
    const s = seen as unknown as Float64Array;
    for (let p = 0; p < 5; p++) {
      for (let t = 0; t < horizon; t++) {
        for (let k = 0; k < 2; k++) {
          const v = s[p * cem.dim + t * 2 + k]!;
          const blockStart = s[p * cem.dim + (t - (t % hold)) * 2 + k]!;
          expect(v).toBe(blockStart); // mean 0 and equal std per entry: equal draws give equal samples
          expect(Math.abs(v)).toBeLessThanOrEqual(1);
        }
      }
      // Different blocks and dimensions get different draws.
      expect(s[p * cem.dim]).not.toBe(s[p * cem.dim + hold * 2]);
      expect(s[p * cem.dim]).not.toBe(s[p * cem.dim + 1]);
    }
    expect(() => createPusherCemMpcPolicy({ sampleHold: 0 })).toThrow(InvalidOptions);
  });

  it('samples a normal truncated at ±2σ and shifts warm starts by one action', () => {
    const rng = Rng.fromSeed(0);
    let sum = 0;
    for (let i = 0; i < 5000; i++) {
      const z = truncatedStandardNormal(rng);
      expect(Math.abs(z)).toBeLessThanOrEqual(2);
      sum += z;
    }
    expect(Math.abs(sum / 5000)).toBeLessThan(0.05);
    const plan = Float64Array.of(1, 2, 3, 4, 5, 6);
    shiftPlan(plan, [9, 9]);
    expect(Array.from(plan)).toEqual([3, 4, 5, 6, 9, 9]);
  });

  it('validates its options', () => {
    const model = pusherSimulatorModel();
    expect(() => new CemMpcPolicy(model, pusherPlanningCost, { horizon: 0 })).toThrow(InvalidOptions);
    expect(() => new CemMpcPolicy(model, pusherPlanningCost, { population: 2.5 })).toThrow(InvalidOptions);
    expect(() => new CemMpcPolicy(model, pusherPlanningCost, { alpha: 1 })).toThrow(InvalidOptions);
    expect(() => new CemMpcPolicy(model, pusherPlanningCost, { elites: 10, population: 5 })).toThrow(
      /elites/,
    );
    expect(() => new CemMpcPolicy(model, pusherPlanningCost, { temperature: 1 } as never)).toThrow(
      InvalidOptions,
    );
    expect(() => createPusherCemMpcPolicy({ misspecification: { puckMassScale: 0 } })).toThrow(
      InvalidOptions,
    );
    expect(new CemMpcPolicy(model, pusherPlanningCost, CEM_MPC_PETS_SETTINGS).name).toContain('pop=500');
  });
});

describe('CemMpcPolicy on MBRLPusher', () => {
  const tiny = { horizon: 4, population: 8, elites: 2, iterations: 2 };

  function episode(seed: number, steps: number, options = {}) {
    const env = new MbrlPusherEnv();
    const policy = createPusherCemMpcPolicy({ ...tiny, ...options });
    let { obs } = env.reset({ seed });
    policy.reset({ seed, env });
    const actions: Float32Array[] = [];
    for (let t = 0; t < steps; t++) {
      const before = Buffer.from(serializeEnvState(env.getState()));
      const seen = Float64Array.from(obs.observation);
      const a = policy.act(obs);
      // Planning never touches the live env (bit-identical state bytes) or the observation.
      expect(Buffer.from(serializeEnvState(env.getState())).equals(before)).toBe(true);
      expect(obs.observation).toEqual(seen);
      actions.push(a);
      obs = env.step(a).obs;
    }
    policy.close();
    env.close();
    return actions;
  }

  it('plans without touching the live env, deterministically under the reset seed, within the bounds', () => {
    const a = episode(3, 4);
    expect(episode(3, 4)).toEqual(a);
    for (const action of a) {
      expect(action).toBeInstanceOf(Float32Array);
      expect(action.length).toBe(7);
      for (const v of action) expect(Math.abs(v)).toBeLessThanOrEqual(2);
    }
  });

  it('predicts exactly what the env does with the exact simulator model', () => {
    const env = new MbrlPusherEnv();
    const { obs } = env.reset({ seed: 8 });
    const model = pusherSimulatorModel();
    model.setRoot({ observation: obs.observation, env });
    const rng = Rng.fromSeed(2);
    const actions = Float64Array.from({ length: 3 * 7 }, () => Math.fround(rng.uniform(-2, 2)));
    const out = new Float64Array(3 * 20);
    model.rollout(actions, 1, 3, out);
    // A misspecified model (heavier joint damping) predicts a different arm motion.
    const wrong = pusherSimulatorModel({ jointDampingScale: 1.5, puckMassScale: 0.5 });
    wrong.setRoot({ observation: obs.observation, env });
    const outWrong = new Float64Array(3 * 20);
    wrong.rollout(actions, 1, 3, outWrong);
    for (let t = 0; t < 3; t++) {
      const r = env.step(actions.subarray(7 * t, 7 * t + 7));
      expect(out.subarray(20 * t, 20 * t + 20)).toEqual(r.obs.observation);
      expect(outWrong.subarray(20 * t, 20 * t + 20)).not.toEqual(r.obs.observation);
    }
    model.close();
    wrong.close();
    env.close();
  });

  it('keeps its warm start and generator in getState/setState', () => {
    const env = new MbrlPusherEnv();
    const policy = createPusherCemMpcPolicy(tiny);
    const { obs } = env.reset({ seed: 1 });
    policy.reset({ seed: 1, env });
    policy.act(obs);
    const saved = policy.getState();
    const first = policy.act(obs);
    policy.setState(saved);
    expect(policy.act(obs)).toEqual(first);
    policy.close();
    env.close();
  });

  it('rejects an env whose action space does not match the model', () => {
    const policy = createPusherCemMpcPolicy(tiny);
    expect(() => policy.reset({ seed: 0, env: new PointMassEnv() as never })).toThrow(/Box action space/);
    const obs = {} as GoalObs;
    expect(() => policy.act(obs)).toThrow(/before reset/);
  });
});
