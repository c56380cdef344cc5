/**
 * One conformance suite over every registered id (Gymnasium tests/envs/test_envs.py): the checker, the
 * bad-input contract, determinism, state round trips, aliasing, memory and close. A newly registered task is
 * covered the day it is registered.
 */
import { describe, expect, it } from 'vitest';
import { checkEnv, hashValue, rolloutHash } from '../src/check/check-env.js';
import type { Env } from '../src/core/env.js';
import { deserializeEnvState, serializeEnvState } from '../src/core/state.js';
import {
  ClosedEnvironmentError,
  InvalidAction,
  InvalidOptions,
  InvalidSeed,
  InvalidState,
  ResetNeeded,
} from '../src/errors.js';
import '../src/registry/builtin.js';
import { envIds, make, register, registry } from '../src/registry/registry.js';
import { POINT_MASS_ID, pointMassSpec } from './fixtures/point-mass-env.js';

if (!registry.has(POINT_MASS_ID)) register(POINT_MASS_ID, pointMassSpec);

type AnyEnv = Env<unknown, unknown>;

function actionLength(env: AnyEnv): number {
  return (env.actionSpace.shape ?? [0]).reduce((a, b) => a * b, 1);
}

function otherId(id: string): string | undefined {
  return envIds().find(
    (other) => other !== id && registry.get(other)!.entryPoint !== registry.get(id)!.entryPoint,
  );
}

describe.each(envIds())('%s', (id) => {
  it('passes checkEnv (spaces, seeding, step determinism, state round trip, goal invariants)', () => {
    const env = make(id, { disableEnvChecker: true }) as AnyEnv;
    const report = checkEnv(env.unwrapped, { logWarnings: false });
    for (const check of [
      'spaces',
      'reset-seeding',
      'step-determinism',
      'rollout-determinism',
      'state-round-trip',
    ]) {
      expect(report.passed).toContain(check);
    }
    env.close();
  });

  it('gives the same trajectory hash for the same seed and a different one for another seed', () => {
    const env = make(id) as AnyEnv;
    const steps = registry.get(id)!.maxEpisodeSteps ?? 50;
    expect(rolloutHash(env, 1, steps)).toBe(rolloutHash(env, 1, steps));
    expect(rolloutHash(env, 2, steps)).not.toBe(rolloutHash(env, 1, steps));
    env.close();
  });

  it('rejects bad input with typed errors and stays usable', () => {
    const env = make(id) as AnyEnv;
    const n = actionLength(env);
    expect(() => env.step(new Float32Array(n))).toThrow(ResetNeeded);
    env.reset({ seed: 0 });
    const bad: unknown[] = [
      new Float32Array(n + 1),
      new Float32Array(Math.max(0, n - 1)),
      Object.assign(new Float64Array(n), { 0: Number.NaN }),
      Object.assign(new Float64Array(n), { [n - 1]: Number.POSITIVE_INFINITY }),
      'left',
      null,
      { 0: 1, length: n },
    ];
    for (const a of bad) expect(() => env.step(a as never)).toThrow(InvalidAction);
    for (const seed of [-1, 0.5, Number.NaN, '1']) {
      expect(() => env.reset({ seed: seed as number })).toThrow(InvalidSeed);
    }
    const r = env.step(new Float32Array(n).fill(1e6) as never);
    expect(env.observationSpace.contains(r.obs)).toBe(true);
    expect(() => make(id, { noSuchOption: 1 })).toThrow(InvalidOptions);
    env.close();
  });

  it('throws ResetNeeded after the episode ended', () => {
    const env = make(id, { maxEpisodeSteps: 2 }) as AnyEnv;
    const zero = new Float32Array(actionLength(env));
    env.reset({ seed: 0 });
    env.step(zero as never);
    expect(env.step(zero as never).truncated).toBe(true);
    expect(() => env.step(zero as never)).toThrow(ResetNeeded);
    env.close();
  });

  it('restores states through bytes and rejects foreign or corrupted states', () => {
    const env = make(id) as AnyEnv;
    const zero = new Float32Array(actionLength(env));
    env.reset({ seed: 4 });
    env.step(zero as never);
    const bytes = serializeEnvState(env.getState());
    const a = hashValue(env.step(zero as never).obs).hex();
    env.setState(deserializeEnvState(bytes));
    expect(hashValue(env.step(zero as never).obs).hex()).toBe(a);
    const corrupted = bytes.slice();
    corrupted[corrupted.length - 3]! ^= 0xff;
    expect(() => deserializeEnvState(corrupted)).toThrow(InvalidState);
    const other = otherId(id);
    if (other !== undefined) {
      const foreign = make(other) as AnyEnv;
      foreign.reset({ seed: 0 });
      expect(() => env.setState(foreign.getState())).toThrow(InvalidState);
      foreign.close();
    }
    expect(() => env.unwrapped.setState(env.getState())).toThrow(InvalidState);
    env.step(zero as never); // still usable
    env.close();
  });

  it('returns observations that do not alias internal buffers', () => {
    const env = make(id) as AnyEnv;
    const { obs } = env.reset({ seed: 2 });
    const before = hashValue(obs).hex();
    env.actionSpace.seed(2);
    for (let i = 0; i < 3; i++) env.step(env.actionSpace.sample());
    expect(hashValue(obs).hex()).toBe(before);
    env.close();
  });

  it('randomises the start state over seeds', () => {
    const env = make(id) as AnyEnv;
    const starts = new Set([0, 1, 2, 3].map((seed) => hashValue(env.reset({ seed }).obs).hex()));
    expect(starts.size).toBeGreaterThan(1);
    env.close();
  });

  it('keeps memory flat over many resets and refuses use after close', () => {
    const env = make(id) as AnyEnv;
    for (let i = 0; i < 50; i++) env.reset({ seed: i });
    const before = process.memoryUsage().external;
    for (let i = 0; i < 400; i++) env.reset();
    const grownMB = (process.memoryUsage().external - before) / 2 ** 20;
    expect(grownMB).toBeLessThan(4);
    env.close();
    env.close();
    expect(() => env.reset()).toThrow(ClosedEnvironmentError);
  });
});
