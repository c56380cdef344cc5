import { type Env, isEnv } from '../core/env.js';
import { GoalEnv, type GoalObs } from '../core/goal-env.js';
import type { StepResult } from '../core/types.js';
import { logger } from '../logger.js';
import { TrajectoryHash } from '../physics/trajectory-hash.js';
import { Box } from '../spaces/box.js';
import type { Space } from '../spaces/space.js';
import {
  CheckReport,
  checkRenderResult,
  checkResetResult,
  checkSpace,
  checkStepResult,
} from './passive-checks.js';

/** Options of {@link checkEnv}. */
export interface CheckEnvOptions {
  /** Skip the render checks. */
  readonly skipRenderCheck?: boolean;
  /** Skip the close checks. */
  readonly skipCloseCheck?: boolean;
  /** Steps of the determinism rollouts (default 50). */
  readonly rolloutSteps?: number;
  /** Forward warnings to the logger as well as the report (default true). */
  readonly logWarnings?: boolean;
}

/** Mixes any observation (typed arrays, numbers, arrays, objects by sorted key) into a hash. */
export function hashValue(value: unknown, hash: TrajectoryHash = new TrajectoryHash()): TrajectoryHash {
  if (typeof value === 'number') hash.add(value);
  else if (typeof value === 'boolean') hash.add(value ? 1 : 0);
  else if (ArrayBuffer.isView(value)) hash.addArray(value as unknown as ArrayLike<number>);
  else if (Array.isArray(value)) for (const v of value) hashValue(v, hash);
  else if (typeof value === 'object' && value !== null) {
    for (const k of Object.keys(value).sort()) hashValue((value as Record<string, unknown>)[k], hash);
  }
  return hash;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return (
      ka.join() === kb.join() &&
      ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return false;
}

function sampleAction(space: Space<unknown>, seed: number): unknown {
  space.seed(seed);
  return space.sample();
}

/** Hash of a rollout of `steps` seeded random actions after `reset({ seed })` (stops at episode end). */
export function rolloutHash(env: Env<unknown, unknown>, seed: number, steps: number): string {
  const hash = new TrajectoryHash();
  hashValue(env.reset({ seed }).obs, hash);
  env.actionSpace.seed(seed);
  for (let t = 0; t < steps; t++) {
    const r = env.step(env.actionSpace.sample());
    hashValue(r.obs, hash)
      .add(r.reward)
      .add(r.terminated ? 1 : 0)
      .add(r.truncated ? 1 : 0);
    if (r.terminated || r.truncated) break;
  }
  return hash.hex();
}

/**
 * Gymnasium's `check_env` plus residual-gym's own checks: the env-level, space, seeding, step-determinism,
 * render and close checks of the API contract §7; a seeded random rollout that hashes the same twice;
 * `getState`/`setState` continuing bit-identically; and, for goal envs, `computeReward` (single and batched)
 * equal to `step`'s reward.
 *
 * @returns the report (warnings and the names of the checks that passed)
 * @throws GymError (code `check_failed`) on the first failed check
 */
export function checkEnv(env: Env<unknown, unknown>, options: CheckEnvOptions = {}): CheckReport {
  const report: CheckReport = new CheckReport(
    options.logWarnings === false ? () => {} : (m) => logger.warn(m),
  );
  const steps = options.rolloutSteps ?? 50;
  report.assert(isEnv(env), `checkEnv needs an Env instance, got ${String(env)}`);
  if (env.unwrapped !== env) {
    report.warn('the env is wrapped; checkEnv is most useful on the unwrapped env (env.unwrapped)');
  }
  report.assert(env.actionSpace !== undefined, 'the env has no actionSpace');
  checkSpace(env.actionSpace, 'action', report);
  checkSpaceLimits(env.actionSpace, 'action', report);
  report.assert(env.observationSpace !== undefined, 'the env has no observationSpace');
  checkSpace(env.observationSpace, 'observation', report);
  checkSpaceLimits(env.observationSpace, 'observation', report);
  if (typeof (env as unknown as { seed?: unknown }).seed === 'function') {
    report.warn('the env has a legacy seed() method; seeding goes through reset({ seed })');
  }
  report.pass('spaces');

  // Reset contract and seeding determinism.
  const first = env.reset();
  checkResetResult(env, first, report);
  env.reset({ options: {} });
  const obs1 = env.reset({ seed: 123 }).obs;
  report.assert(
    env.observationSpace.contains(obs1),
    'reset({ seed: 123 }) observation is not in the observation space',
  );
  report.assert(
    env.rngSeed === 123 || env.unwrapped.rngSeed === 123,
    'reset({ seed }) did not seed the env generator',
  );
  const rngAfter1 = JSON.stringify(env.rng.getState());
  const obs2 = env.reset().obs;
  report.assert(
    env.observationSpace.contains(obs2),
    'unseeded reset observation is not in the observation space',
  );
  const obs3 = env.reset({ seed: 123 }).obs;
  const rngAfter3 = JSON.stringify(env.rng.getState());
  const obs4 = env.reset().obs;
  const nondeterministic = env.spec?.nondeterministic === true;
  if (!nondeterministic) {
    report.assert(deepEqual(obs1, obs3), 'reset({ seed: 123 }) twice gave different observations');
    report.assert(
      deepEqual(obs2, obs4),
      'the unseeded reset after reset({ seed: 123 }) differs between runs',
    );
    report.assert(
      rngAfter1 === rngAfter3,
      'the generator state after reset({ seed: 123 }) differs between runs',
    );
  }
  env.reset({ seed: 456 });
  report.assert(
    JSON.stringify(env.rng.getState()) !== rngAfter1,
    'seeds 123 and 456 gave the same generator state',
  );
  report.pass('reset-seeding');

  // Passive step check and step determinism.
  env.reset({ seed: 123 });
  const stepped = env.step(sampleAction(env.actionSpace, 123));
  checkStepResult(env, stepped, report);
  if (!nondeterministic) {
    const action = sampleAction(env.actionSpace, 123);
    env.reset({ seed: 123 });
    const a = env.step(action);
    const rngA = JSON.stringify(env.rng.getState());
    env.reset({ seed: 123 });
    const b = env.step(action);
    report.assert(
      JSON.stringify(env.rng.getState()) === rngA,
      'the same action gave different generator states',
    );
    report.assert(deepEqual(a.obs, b.obs), 'the same seed and action gave different observations');
    report.assert(Object.is(a.reward, b.reward), 'the same seed and action gave different rewards');
    report.assert(a.terminated === b.terminated, 'the same seed and action gave different terminated flags');
    report.assert(!a.truncated && !b.truncated, 'the env truncates after 1 step');
    report.assert(deepEqual(a.info, b.info), 'the same seed and action gave different infos');
  }
  report.pass('step-determinism');

  // residual-gym: whole seeded rollouts hash identically.
  if (!nondeterministic) {
    const h1 = rolloutHash(env, 7, steps);
    const h2 = rolloutHash(env, 7, steps);
    report.assert(h1 === h2, `two seeded ${steps}-step random rollouts hashed differently (${h1} vs ${h2})`);
    report.pass('rollout-determinism');
    checkStateRoundTrip(env, steps, report);
  }
  if (env.unwrapped instanceof GoalEnv) checkGoalEnv(env as Env<GoalObs, unknown>, report);

  if (!options.skipRenderCheck) {
    if (env.renderMode !== null) checkRenderResult(env, env.render(), report);
    if (env.spec === null) report.warn('the env has no spec, so alternative render modes cannot be tested');
    report.pass('render');
  }
  if (!options.skipCloseCheck && env.spec !== null) {
    const fresh = env.spec.entryPoint(env.spec.kwargs);
    fresh.close();
    try {
      fresh.close();
    } catch {
      report.warn('calling close() twice throws');
    }
    report.pass('close');
  }
  return report;
}

function checkSpaceLimits(space: Space<unknown>, which: 'observation' | 'action', report: CheckReport): void {
  if (!(space instanceof Box)) return;
  if (Array.from(space.low).some((v) => v === -Infinity))
    report.warn(`the ${which} Box low contains -Infinity; probably too low`);
  if (Array.from(space.high).some((v) => v === Infinity))
    report.warn(`the ${which} Box high contains +Infinity; probably too high`);
  if (which === 'action' && (space.shape ?? []).length === 1) {
    const normalised = Array.from(space.low).every((lo, i) => {
      const hi = space.high[i]!;
      return (lo === 0 || Math.abs(lo) === Math.abs(hi)) && Math.abs(lo) <= 1 && Math.abs(hi) <= 1;
    });
    if (!normalised)
      report.warn('the action space is not symmetric and normalised to [-1, 1]; agents usually expect that');
  }
}

/** `getState` mid-episode, continue, restore, continue again: both continuations must hash identically. */
function checkStateRoundTrip(env: Env<unknown, unknown>, steps: number, report: CheckReport): void {
  const half = Math.max(1, Math.floor(steps / 2));
  env.reset({ seed: 11 });
  env.actionSpace.seed(11);
  const actions = Array.from({ length: steps }, () => env.actionSpace.sample());
  let ended = false;
  for (let t = 0; t < half && !ended; t++) {
    const r = env.step(actions[t]);
    ended = r.terminated || r.truncated;
  }
  if (ended) return;
  const state = env.getState();
  const continueHash = (): string => {
    const h = new TrajectoryHash();
    for (let t = half; t < steps; t++) {
      const r: StepResult<unknown> = env.step(actions[t]);
      hashValue(r.obs, h).add(r.reward);
      if (r.terminated || r.truncated) break;
    }
    return h.hex();
  };
  const a = continueHash();
  env.setState(state);
  const b = continueHash();
  report.assert(a === b, `getState/setState did not continue bit-identically (${a} vs ${b})`);
  report.pass('state-round-trip');
}

/** GoalEnv invariants: reward/terminated/truncated recomputed from obs + info; batched equals single. */
function checkGoalEnv(env: Env<GoalObs, unknown>, report: CheckReport): void {
  const goalEnv = env.unwrapped as unknown as GoalEnv<unknown>;
  const keys: string[] = goalEnv.observationSpace.keys ? [...goalEnv.observationSpace.keys()] : [];
  for (const k of ['observation', 'achieved_goal', 'desired_goal']) {
    report.assert(keys.includes(k), `goal env observation space lacks '${k}'`);
  }
  env.reset({ seed: 5 });
  env.actionSpace.seed(5);
  const ags: number[] = [];
  const dgs: number[] = [];
  const infos: Record<string, unknown>[] = [];
  const rewards: number[] = [];
  for (let t = 0; t < 10; t++) {
    const r = env.step(env.actionSpace.sample());
    const again = goalEnv.computeReward(r.obs.achieved_goal, r.obs.desired_goal, r.info);
    report.assert(
      Object.is(again, r.reward),
      `computeReward (${again}) differs from step's reward (${r.reward})`,
    );
    report.assert(
      goalEnv.computeTerminated(r.obs.achieved_goal, r.obs.desired_goal, r.info) === r.terminated,
      'computeTerminated differs from step',
    );
    ags.push(...r.obs.achieved_goal);
    dgs.push(...r.obs.desired_goal);
    infos.push(r.info);
    rewards.push(r.reward);
    if (r.terminated || r.truncated) break;
  }
  const batched = goalEnv.computeReward(
    Float64Array.from(ags),
    Float64Array.from(dgs),
    infos,
    rewards.length,
  );
  report.assert(
    batched.length === rewards.length && rewards.every((r, i) => Object.is(r, batched[i])),
    'batched computeReward differs from the per-step rewards',
  );
  report.pass('goal-env');
}

export { CheckReport };
