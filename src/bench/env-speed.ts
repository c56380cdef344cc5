/**
 * Env speed of one task: env steps/s through `make`'s stack with random actions, the same substeps of raw
 * physics, and the `ResidualWrapper` overhead with a zero-cost base policy, all interleaved in one run.
 *
 * @module
 */
import { ZeroPolicy } from '../base-policies/registry.js';
import type { Env } from '../core/env.js';
import type { ActionInput } from '../core/types.js';
import { median } from '../evaluation/wilson.js';
import { Rng } from '../random/rng.js';
import { make } from '../registry/registry.js';
import type { Box } from '../spaces/box.js';
import { ResidualWrapper } from '../wrappers/residual.js';
import { interleaved, medianRatio } from './measure.js';
import { rawPhysicsStepOf } from './raw-physics.js';

/** Options of {@link measureEnvSpeed}. */
export interface EnvSpeedOptions {
  /** Env steps per timed repetition (default 1000). */
  readonly steps?: number;
  /** Timed repetitions per contender (default 5). */
  readonly repetitions?: number;
}

/** Speed of one task (medians over repetitions). */
export interface EnvSpeed {
  readonly id: string;
  readonly envStepsPerSecond: number;
  /** Steps/s of the raw physics substeps with the same actions (null when the scene is not known). */
  readonly rawStepsPerSecond: number | null;
  /** Median over repetitions of env time / raw physics time (null when unknown). */
  readonly envOverRaw: number | null;
  /** Median over repetitions of residual env time / bare env time, zero-cost base policy. */
  readonly residualOverBare: number;
  readonly steps: number;
  readonly repetitions: number;
}

/** Seeded random actions inside the env's Box (drawn before timing, so drawing is not timed). */
function randomActions(env: Env<unknown, ActionInput>, n: number): Float32Array[] {
  const space = env.actionSpace as unknown as Box;
  const rng = Rng.fromSeed(12345);
  return Array.from({ length: n }, () => {
    const a = new Float32Array(space.size);
    for (let i = 0; i < a.length; i++) a[i] = rng.uniform(space.low[i]!, space.high[i]!);
    return a;
  });
}

/** Steps `env` through `actions`, resetting when an episode ends. */
function runEnv(env: Env<unknown, ActionInput>, actions: readonly ActionInput[]): void {
  for (const a of actions) {
    const r = env.step(a);
    if (r.terminated || r.truncated) env.reset();
  }
}

/**
 * Measures `id`. The raw contender steps the scene of a fresh `make(id)` env with the same actions and
 * resets it every episode length, so both see the same mix of free motion and contacts.
 */
export function measureEnvSpeed(id: string, options: EnvSpeedOptions = {}): EnvSpeed {
  const steps = options.steps ?? 1000;
  const repetitions = options.repetitions ?? 5;
  const env = make<unknown, ActionInput>(id);
  env.reset({ seed: 0 });
  const actions = randomActions(env, steps);
  const zero = new Float32Array(actions[0]!.length);
  const zeros = actions.map(() => zero);

  const rawEnv = make<unknown, ActionInput>(id);
  rawEnv.reset({ seed: 0 });
  const episodeLength = rawEnv.spec?.maxEpisodeSteps ?? 50;
  const hasRaw = rawPhysicsStepOf(rawEnv) !== null;
  const runRaw = () => {
    let stepRaw = rawPhysicsStepOf(rawEnv)!;
    for (let t = 0; t < steps; t++) {
      stepRaw(actions[t]!);
      if ((t + 1) % episodeLength === 0) {
        rawEnv.reset();
        stepRaw = rawPhysicsStepOf(rawEnv)!;
      }
    }
  };

  const bare = make<unknown, ActionInput>(id);
  bare.reset({ seed: 0 });
  const residual = new ResidualWrapper(make<unknown, ActionInput>(id), new ZeroPolicy());
  residual.reset({ seed: 0 });

  const contenders = [
    () => runEnv(env, actions),
    ...(hasRaw ? [runRaw] : []),
    () => runEnv(bare, zeros),
    () => runEnv(residual, zeros),
  ];
  const times = interleaved(contenders, repetitions);
  const envTimes = times[0]!;
  const rawTimes = hasRaw ? times[1]! : null;
  const bareTimes = times[hasRaw ? 2 : 1]!;
  const residualTimes = times[hasRaw ? 3 : 2]!;
  for (const e of [env, rawEnv, bare, residual]) e.close();
  return {
    id,
    envStepsPerSecond: (1000 * steps) / median(envTimes),
    rawStepsPerSecond: rawTimes === null ? null : (1000 * steps) / median(rawTimes),
    envOverRaw: rawTimes === null ? null : medianRatio(envTimes, rawTimes),
    residualOverBare: medianRatio(residualTimes, bareTimes),
    steps,
    repetitions,
  };
}
