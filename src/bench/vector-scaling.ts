/**
 * Vector-env scaling: total env steps/s of one env in this thread against `AsyncVectorEnv` with N workers,
 * measured interleaved in one run.
 *
 * @module
 */
import type { ActionInput } from '../core/types.js';
import { median } from '../evaluation/wilson.js';
import { Rng } from '../random/rng.js';
import { make } from '../registry/registry.js';
import { makeVec } from '../vector/make-vec.js';
import { interleaved, randomActionStep } from './measure.js';

/** Result of {@link measureVectorScaling}. */
export interface VectorScaling {
  readonly id: string;
  readonly workers: number;
  /** Env steps/s of one env (median). */
  readonly singleStepsPerSecond: number;
  /** Total env steps/s of the async vector env over all workers (median). */
  readonly asyncStepsPerSecond: number;
  /** Median over repetitions of async total throughput / single throughput. */
  readonly speedup: number;
  readonly steps: number;
  readonly repetitions: number;
}

/**
 * Steps one env `steps` times and an async vector env of `workers` sub-envs `steps` times (so it does
 * `workers × steps` env steps), random actions, and compares total throughput.
 */
export function measureVectorScaling(
  id: string,
  workers: number,
  steps = 1000,
  repetitions = 5,
): VectorScaling {
  const single = make<unknown, ActionInput>(id);
  single.reset({ seed: 0 });
  const dim = (single.actionSpace.shape ?? [0])[0]!;
  const rng = Rng.fromSeed(7);
  const actions = Array.from({ length: steps }, () => {
    const a = new Float32Array(dim * workers);
    for (let i = 0; i < a.length; i++) a[i] = rng.uniform(-1, 1);
    return a;
  });
  const vec = makeVec<unknown, ActionInput>(id, { numEnvs: workers, mode: 'async' });
  vec.reset({ seed: 0 });
  const runSingle = () => {
    for (const a of actions) {
      const r = single.step(a.subarray(0, dim));
      if (r.terminated || r.truncated) single.reset();
    }
  };
  const runVec = () => {
    for (const a of actions) vec.step(a);
  };
  const [singleTimes, vecTimes] = interleaved([runSingle, runVec], repetitions) as [number[], number[]];
  single.close();
  vec.close();
  return {
    id,
    workers,
    singleStepsPerSecond: (1000 * steps) / median(singleTimes),
    asyncStepsPerSecond: (1000 * steps * workers) / median(vecTimes),
    speedup: median(vecTimes.map((t, i) => (workers * singleTimes[i]!) / t)),
    steps,
    repetitions,
  };
}

/** Result of {@link measureLockstepEfficiency}. */
export interface LockstepEfficiency {
  readonly id: string;
  readonly envs: number;
  /** Mean over steps of the sub-envs' mean step time over their maximum: what a lockstep step keeps busy. */
  readonly efficiency: number;
  /** Mean env step time, ms. */
  readonly meanStepMs: number;
  readonly steps: number;
}

/**
 * How much of N cores a synchronous vector env can use at best: steps `envs` envs one after another in this
 * thread, timing each step, and compares the mean step time with the slowest of each round (a lockstep round
 * lasts as long as its slowest sub-env, so the others idle for the difference). Random actions, resets
 * included; the first quarter of the steps is warm-up.
 */
export function measureLockstepEfficiency(id: string, envs: number, steps = 4000): LockstepEfficiency {
  const list = Array.from({ length: envs }, (_, i) => {
    const env = make<unknown, ActionInput>(id);
    env.reset({ seed: i });
    return env;
  });
  const dim = (list[0]!.actionSpace.shape ?? [0])[0]!;
  const rng = Rng.fromSeed(11);
  const action = new Float32Array(dim);
  const warmup = Math.floor(steps / 4);
  let sumMean = 0;
  let sumMax = 0;
  for (let t = 0; t < steps; t++) {
    let total = 0;
    let slowest = 0;
    for (const env of list) {
      const t0 = performance.now();
      randomActionStep(env, rng, action);
      const ms = performance.now() - t0;
      total += ms;
      slowest = Math.max(slowest, ms);
    }
    if (t >= warmup) {
      sumMean += total / envs;
      sumMax += slowest;
    }
  }
  for (const env of list) env.close();
  return { id, envs, efficiency: sumMean / sumMax, meanStepMs: sumMean / (steps - warmup), steps };
}
