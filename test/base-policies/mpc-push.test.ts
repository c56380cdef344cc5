/**
 * MpcPushPolicy (the paper's base policy of Push) and its best-first search: RPL's heuristic and search rules
 * on a fake model, then the policy on the real Push env: deterministic per seed, exact tree reuse, inputs and
 * the live env untouched, a ResidualWrapper state round trip, fixed solved seeds, and close().
 */
import { describe, expect, it } from 'vitest';
import {
  bestFirstPushSearch,
  PRIMITIVE_MOVES,
  type PushSearchModel,
  pushHeuristic,
  type SearchStatePositions,
} from '../../src/base-policies/mpc-push/search.js';
import { MpcPushPolicy } from '../../src/base-policies/mpc-push.js';
import { makeBasePolicy } from '../../src/base-policies/registry.js';
import type { GoalObs } from '../../src/core/goal-env.js';
import { deserializeEnvState, serializeEnvState } from '../../src/core/state.js';
import type { ActionInput } from '../../src/core/types.js';
import { goalDistance } from '../../src/envs/fetch/fetch-env.js';
import { PushEnv } from '../../src/envs/fetch/push.js';
import { GymError, InvalidOptions, ResetNeeded } from '../../src/errors.js';
import { TrajectoryHash } from '../../src/physics/trajectory-hash.js';
import { Rng } from '../../src/random/rng.js';
import '../../src/registry/builtin.js';
import { make } from '../../src/registry/registry.js';
import { ResidualWrapper } from '../../src/wrappers/residual.js';
import { TimeLimit } from '../../src/wrappers/time-limit.js';
import { addObs, randomActions } from '../envs/fetch/helpers.js';
import { PointMassEnv } from '../fixtures/point-mass-env.js';

const STEP_M = 0.05; // a primitive move displaces the fake gripper by one full Fetch step

/**
 * A kinematic stand-in for the simulator: the gripper sits at `start + 0.05·(net move sum)`, and the block
 * moves by `push(sum)`. Records every simulated plan.
 */
class FakeModel implements PushSearchModel<readonly number[]> {
  readonly simulated: string[] = [];
  constructor(
    private readonly grip0: readonly number[],
    private readonly block0: readonly number[],
    private readonly push: (sum: readonly number[]) => readonly number[] = () => [0, 0, 0],
    private readonly fails: (plan: readonly number[]) => boolean = () => false,
  ) {}

  positionsOf(sum: readonly number[]): SearchStatePositions {
    const d = this.push(sum);
    return {
      grip: this.grip0.map((g, i) => g + STEP_M * sum[i]!),
      block: this.block0.map((b, i) => b + d[i]!),
    };
  }

  simulate(parent: readonly number[], parentPlan: readonly number[], move: number) {
    const plan = [...parentPlan, move];
    this.simulated.push(plan.join(''));
    if (this.fails(plan)) return null;
    const m = PRIMITIVE_MOVES[move]!;
    const state = [parent[0]! + m[0], parent[1]! + m[1], parent[2]! + m[2]];
    return { state, positions: this.positionsOf(state) };
  }
}

function netSum(plan: string): string {
  const s = [0, 0, 0];
  for (const c of plan) {
    const m = PRIMITIVE_MOVES[Number(c)]!;
    for (let i = 0; i < 3; i++) s[i]! += m[i]!;
  }
  return s.join(',');
}

function copyObs(obs: GoalObs): GoalObs {
  return {
    observation: obs.observation.slice(),
    achieved_goal: obs.achieved_goal.slice(),
    desired_goal: obs.desired_goal.slice(),
  };
}

const ZERO = [0, 0, 0, 0];
/** Push seeds the policy solves (from benchmarks/results/mpc-push.json). */
const SOLVED_SEEDS = [21, 49, 54];
const PRIMITIVES = PRIMITIVE_MOVES.map((m) => m.join(','));

describe('RPL heuristic and best-first search', () => {
  it('scores block–goal xy distance, then depth + distance to a push point 5 cm behind the block', () => {
    const block = [1.25, 0.75, 0.5];
    const goal = [1.25, 1.25, 0.5]; // straight +y: θ = 0, so P = block + (0, −0.05, 0.005)
    const h = pushHeuristic({ grip: [1.5, 0.7, 0.505], block }, goal, 3, Rng.fromSeed(1));
    expect(h.c1).toBe(5000); // ⌊10000 · 0.5⌋
    expect(h.c2 - 3).toBeGreaterThanOrEqual(2499); // ⌊10000 · 0.25⌋ (±1 for the rounding of 0.05)
    expect(h.c2 - 3).toBeLessThanOrEqual(2500);
    expect(h.c3).toBe(Rng.fromSeed(1).uniform());
    // Goal straight +x: the push point is on the −x side.
    const hx = pushHeuristic({ grip: [1.2, 0.75, 0.505], block }, [1.5, 0.75, 0.5], 0, Rng.fromSeed(1));
    expect(hx.c1).toBe(2500);
    expect(hx.c2).toBeLessThanOrEqual(1);
  });

  it('one expansion simulates the six moves and picks the one toward the push point', () => {
    // Gripper 10 cm on the +x side of the push point; the block never moves (c1 ties everywhere).
    const model = new FakeModel([1.3, 0.7, 0.505], [1.2, 0.75, 0.5]);
    const r = bestFirstPushSearch(
      model,
      [0, 0, 0],
      model.positionsOf([0, 0, 0]),
      [1.2, 1.2, 0.5],
      1,
      Rng.fromSeed(0),
    );
    expect(model.simulated).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(r.expansions).toBe(1);
    expect(r.simulations).toBe(6);
    expect(r.firstMove).toBe(1); // −x
  });

  it('prunes plans whose net move sum was visited, and follows the best node to depth', () => {
    const model = new FakeModel([1.4, 0.7, 0.505], [1.2, 0.75, 0.5]);
    const r = bestFirstPushSearch(
      model,
      [0, 0, 0],
      model.positionsOf([0, 0, 0]),
      [1.2, 1.2, 0.5],
      10,
      Rng.fromSeed(3),
    );
    expect(r.expansions).toBe(10);
    expect(r.simulations).toBe(model.simulated.length);
    expect(r.simulations).toBeLessThan(60);
    const sums = model.simulated.map(netSum);
    expect(new Set(sums).size).toBe(sums.length); // every simulated child has a new net sum
    // The push point is exactly 4 moves of −x away: the best plan gets there, whatever its order.
    expect(netSum(r.bestPlan.join(''))).toBe('-4,0,0');
    expect(r.firstMove).toBe(1);
  });

  it('a lower block–goal distance beats any gripper distance; the root can stay best (zeros)', () => {
    // Moving +z pushes the block 1 cm toward the goal although it takes the gripper away from the push point.
    const toward = (sum: readonly number[]) => [0, sum[2]! > 0 ? 0.01 : 0, 0];
    const model = new FakeModel([1.2, 0.7, 0.505], [1.2, 0.75, 0.5], toward);
    const r = bestFirstPushSearch(
      model,
      [0, 0, 0],
      model.positionsOf([0, 0, 0]),
      [1.2, 1.2, 0.5],
      1,
      Rng.fromSeed(0),
    );
    expect(r.firstMove).toBe(4);
    // Gripper exactly at the push point and a block that never moves: every child is worse than the root.
    const still = new FakeModel([1.2, 0.7, 0.505], [1.2, 0.75, 0.5]);
    const s = bestFirstPushSearch(
      still,
      [0, 0, 0],
      still.positionsOf([0, 0, 0]),
      [1.2, 1.2, 0.5],
      10,
      Rng.fromSeed(0),
    );
    expect(s.firstMove).toBe(-1);
    expect(s.bestPlan).toEqual([]);
  });

  it('drops children whose simulation failed', () => {
    const model = new FakeModel([1.3, 0.7, 0.505], [1.2, 0.75, 0.5], undefined, (plan) => plan[0] === 1);
    const r = bestFirstPushSearch(
      model,
      [0, 0, 0],
      model.positionsOf([0, 0, 0]),
      [1.2, 1.2, 0.5],
      3,
      Rng.fromSeed(0),
    );
    expect(r.firstMove).not.toBe(1);
    expect(r.firstMove).toBeGreaterThanOrEqual(0);
  });
});

describe('MpcPushPolicy', () => {
  it('validates options and its env, and needs a reset', () => {
    expect(() => new MpcPushPolicy({ expansions: 0 })).toThrow(InvalidOptions);
    expect(() => new MpcPushPolicy({ expansions: 2.5 })).toThrow(InvalidOptions);
    expect(() => new MpcPushPolicy({ horizon: 3 } as never)).toThrow(InvalidOptions);
    const p = new MpcPushPolicy();
    expect(p.name).toBe('mpc-push(expansions=10)');
    expect(p.expansions).toBe(10);
    const point = new PointMassEnv();
    expect(() => p.reset({ seed: 0, env: point as never })).toThrow(GymError);
    const env = new PushEnv();
    const { obs } = env.reset({ seed: 0 });
    expect(() => p.act(obs)).toThrow(ResetNeeded);
    const registered = makeBasePolicy<GoalObs, ActionInput>('mpc-push', { expansions: 3 });
    expect(registered).toBeInstanceOf(MpcPushPolicy);
    expect(registered.name).toBe('mpc-push(expansions=3)');
    env.close();
  });

  it('is deterministic per seed, never touches obs or the live env, and reusing the tree changes nothing', () => {
    const env = new PushEnv();
    const warm = new MpcPushPolicy();
    const cold = new MpcPushPolicy({ reuseTree: false });
    const seed = 5;
    let { obs } = env.reset({ seed });
    warm.reset({ seed, env });
    cold.reset({ seed, env });
    const actions: string[] = [];
    for (let t = 0; t < 12; t++) {
      const before = copyObs(obs);
      const stateBefore = serializeEnvState(env.getState());
      const a = warm.act(obs);
      const b = cold.act(obs);
      expect(obs).toEqual(before);
      expect(serializeEnvState(env.getState())).toEqual(stateBefore);
      expect(a).toBeInstanceOf(Float32Array);
      expect(Array.from(b)).toEqual(Array.from(a));
      expect([...PRIMITIVES, ZERO.join(',')]).toContain(Array.from(a).join(','));
      actions.push(Array.from(a).join(','));
      obs = env.step(a).obs;
    }
    expect(actions.some((a) => a !== ZERO.join(','))).toBe(true);
    expect(warm.planningStats.memoHits).toBeGreaterThan(0); // the reuse did happen
    expect(cold.planningStats.memoHits).toBe(0);
    // A fresh policy on the same seed replays the same moves.
    const again = new MpcPushPolicy();
    obs = env.reset({ seed }).obs;
    again.reset({ seed, env });
    for (const expected of actions) {
      const a = again.act(obs);
      expect(Array.from(a).join(',')).toBe(expected);
      obs = env.step(a).obs;
    }
    for (const p of [warm, cold, again]) p.close();
    env.close();
  });

  it('restores bit-identically through a ResidualWrapper (including its tie-breaking generator)', () => {
    const policy = new MpcPushPolicy();
    const env = new ResidualWrapper<GoalObs>(new TimeLimit(new PushEnv(), 50), policy);
    const residuals = randomActions(17, 14).map((a) => a.map((v) => 0.3 * v));
    env.reset({ seed: 9 });
    for (let t = 0; t < 6; t++) env.step(residuals[t]!);
    const saved = deserializeEnvState(serializeEnvState(env.getState()));
    const policyState = policy.getState();
    const run = (): string => {
      const h = new TrajectoryHash();
      for (let t = 6; t < residuals.length; t++) {
        const r = env.step(residuals[t]!);
        addObs(h, r.obs);
        h.addArray(r.info.base_action as Float64Array);
      }
      return h.hex();
    };
    const first = run();
    expect(policy.getState()).not.toEqual(policyState); // the tie-breaker advanced
    env.setState(saved);
    expect(policy.getState()).toEqual(policyState);
    expect(run()).toBe(first);
    expect(() => policy.setState({ rng: 'nonsense' })).toThrow(GymError);
    env.close();
    expect(policy.planningScene).toBeNull(); // the wrapper's close() closed the policy
  });

  it('solves fixed seeds that do not start solved', () => {
    const env = new TimeLimit<GoalObs, ActionInput>(new PushEnv(), 50);
    const policy = new MpcPushPolicy();
    for (const seed of SOLVED_SEEDS) {
      let { obs } = env.reset({ seed });
      expect(goalDistance(obs.achieved_goal, obs.desired_goal)).toBeGreaterThan(0.05);
      policy.reset({ seed, env });
      let success = 0;
      for (;;) {
        const r = env.step(policy.act(obs));
        obs = r.obs;
        success = Number(r.info.is_success);
        if (r.truncated || r.terminated) break;
      }
      expect(success, `seed ${seed}`).toBe(1);
    }
    policy.close();
    env.close();
  });

  it('runs its TSDoc example (make, reset, act, step, close)', () => {
    const env = make<GoalObs, ActionInput>('Push-v0');
    const policy = new MpcPushPolicy();
    const { obs } = env.reset({ seed: 0 });
    policy.reset({ seed: 0, env });
    const a = policy.act(obs);
    expect([...PRIMITIVES, ZERO.join(',')]).toContain(Array.from(a).join(','));
    env.step(a);
    policy.close();
    env.close();
  });

  it('close() frees the private simulator copy', () => {
    const env = new PushEnv();
    const policy = new MpcPushPolicy({ expansions: 2 });
    const { obs } = env.reset({ seed: 1 });
    policy.reset({ seed: 1, env });
    expect(policy.planningScene).toBeNull();
    policy.act(obs);
    const scene = policy.planningScene;
    expect(scene).not.toBeNull();
    expect(scene!.world.bodies.len()).toBeGreaterThan(0);
    policy.close();
    expect(policy.planningScene).toBeNull();
    expect(() => scene!.world.bodies.len()).toThrow(); // the wasm world is gone
    expect(() => policy.act(obs)).toThrow(GymError);
    expect(() => policy.close()).not.toThrow();
    env.close();
  });
});
