import { describe, expect, it } from 'vitest';
import type { BasePolicy, PolicyResetContext } from '../../src/base-policies/policy.js';
import { hashValue } from '../../src/check/check-env.js';
import type { Env } from '../../src/core/env.js';
import type { GoalObs } from '../../src/core/goal-env.js';
import type { StateValue } from '../../src/core/state.js';
import type { ActionInput } from '../../src/core/types.js';
import { GymError, InvalidAction, InvalidOptions, ResetNeeded } from '../../src/errors.js';
import { TrajectoryHash } from '../../src/physics/trajectory-hash.js';
import { Rng } from '../../src/random/rng.js';
import { OrderEnforcing } from '../../src/wrappers/order-enforcing.js';
import { ResidualWrapper } from '../../src/wrappers/residual.js';
import { TimeLimit } from '../../src/wrappers/time-limit.js';
import { PointMassEnv } from '../fixtures/point-mass-env.js';

/** A user-defined policy: noisy proportional control toward the goal, randomness from the reset seed. */
class NoisyReachPolicy implements BasePolicy<GoalObs, ActionInput> {
  readonly name = 'noisy-reach';
  private rng = Rng.fromSeed(0);
  reset(ctx: PolicyResetContext<GoalObs, ActionInput>): void {
    this.rng = Rng.fromSeed(ctx.seed);
  }
  act(obs: GoalObs): Float64Array {
    const out = new Float64Array(2);
    for (let i = 0; i < 2; i++)
      out[i] = 8 * (obs.desired_goal[i]! - obs.achieved_goal[i]!) + this.rng.normal(0, 0.3);
    return out; // deliberately unclipped, like the original controllers
  }
  getState(): StateValue {
    return { rng: this.rng.getState() as unknown as StateValue };
  }
  setState(state: StateValue): void {
    this.rng.setState((state as { rng: never }).rng);
  }
}

const makeEnv = (): Env<GoalObs, ActionInput> => new OrderEnforcing(new TimeLimit(new PointMassEnv(), 30));

function runBase(seed: number): string {
  const env = makeEnv();
  const policy = new NoisyReachPolicy();
  let { obs } = env.reset({ seed });
  policy.reset({ seed, env });
  const h = hashValue(obs);
  for (;;) {
    const r = env.step(policy.act(obs));
    hashValue(r.obs, h).add(r.reward);
    obs = r.obs;
    if (r.truncated || r.terminated) return h.hex();
  }
}

function runResidual(
  seed: number,
  residual: (t: number) => ActionInput,
): { hash: string; env: ResidualWrapper<GoalObs> } {
  const env = new ResidualWrapper(makeEnv(), new NoisyReachPolicy());
  const h = hashValue(env.reset({ seed }).obs);
  for (let t = 0; ; t++) {
    const r = env.step(residual(t));
    hashValue(r.obs, h).add(r.reward);
    if (r.truncated || r.terminated) return { hash: h.hex(), env };
  }
}

describe('ResidualWrapper', () => {
  it('with a zero residual reproduces the base policy trajectory bit for bit', () => {
    for (const seed of [0, 1, 2]) {
      expect(runResidual(seed, () => new Float32Array(2)).hash).toBe(runBase(seed));
    }
  });

  it('with a non-zero residual changes the trajectory', () => {
    expect(runResidual(0, () => [0.3, -0.2]).hash).not.toBe(runBase(0));
  });

  it('executes clip(base + scale * residual) and reports both parts', () => {
    const env = new ResidualWrapper(makeEnv(), new NoisyReachPolicy(), { scale: 0.5 });
    const { obs } = env.reset({ seed: 5 });
    const expectedBase = (() => {
      const p = new NoisyReachPolicy();
      p.reset({ seed: 5, env });
      return p.act(obs);
    })();
    const r = env.step([0.4, 5]); // 5 is clipped to 1 first
    expect(Array.from(r.info.base_action as Float64Array)).toEqual(Array.from(expectedBase));
    expect(Array.from(r.info.residual_action as Float64Array)).toEqual([0.4, 1]);
    const pos0 = obs.achieved_goal;
    const executed = [0, 1].map((i) => Math.min(1, Math.max(-1, expectedBase[i]! + 0.5 * [0.4, 1][i]!)));
    expect(r.obs.achieved_goal[0]).toBeCloseTo(pos0[0]! + 0.1 * executed[0]!, 12);
    expect(r.obs.achieved_goal[1]).toBeCloseTo(pos0[1]! + 0.1 * executed[1]!, 12);
  });

  it('keeps computeReward and continues bit-identically after setState (incl. policy state)', () => {
    const env = new ResidualWrapper(makeEnv(), new NoisyReachPolicy());
    env.reset({ seed: 8 });
    env.step([0.1, 0.1]);
    const state = env.getState();
    const cont = () => {
      const h = new TrajectoryHash();
      for (let t = 0; t < 5; t++) hashValue(env.step([0, 0.2]).obs, h);
      return h.hex();
    };
    const a = cont();
    env.setState(state);
    expect(cont()).toBe(a);
    const r = env.step([0, 0]);
    expect(env.computeReward(r.obs.achieved_goal, r.obs.desired_goal, r.info)).toBe(r.reward);
  });

  it('validates residuals, options, policies and order', () => {
    const env = new ResidualWrapper(makeEnv(), new NoisyReachPolicy());
    expect(() => env.step([0, 0])).toThrow(ResetNeeded);
    env.reset({ seed: 0 });
    expect(() => env.step([0, Number.NaN])).toThrow(InvalidAction);
    expect(() => env.step([0])).toThrow(InvalidAction);
    expect(() => env.step([0, 0])).not.toThrow();
    expect(() => new ResidualWrapper(makeEnv(), new NoisyReachPolicy(), { scale: -1 })).toThrow(
      InvalidOptions,
    );
    expect(() => new ResidualWrapper(makeEnv(), {} as never)).toThrow(GymError);
  });

  it('derives per-episode policy seeds without touching the env generator', () => {
    const env = new ResidualWrapper(makeEnv(), new NoisyReachPolicy());
    const plain = makeEnv();
    env.reset({ seed: 3 });
    plain.reset({ seed: 3 });
    expect(hashValue(env.reset().obs).hex()).toBe(hashValue(plain.reset().obs).hex());
  });
});
