import { describe, expect, it } from 'vitest';
import type { Env } from '../../src/core/env.js';
import type { GoalObs } from '../../src/core/goal-env.js';
import {
  AlreadyPendingCallError,
  ClosedEnvironmentError,
  GymError,
  InvalidAction,
  NoAsyncCallError,
  ResetNeeded,
  WorkerError,
} from '../../src/errors.js';
import '../../src/registry/builtin.js';
import { make, registry } from '../../src/registry/registry.js';
import { AsyncVectorEnv } from '../../src/vector/async-vector-env.js';
import { makeVec } from '../../src/vector/make-vec.js';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.js';
import type { AutoresetMode, VectorEnv } from '../../src/vector/types.js';
import { actionRow, batchedAction, canon, obsRow, referenceRun } from './helpers.js';
import { type EpisodicArgs, makeEpisodic, recipe } from './vector-fixtures.js';

const DIMS = { achieved_goal: 2, desired_goal: 2, observation: 4 };
const EPISODIC: EpisodicArgs = { maxEpisodeSteps: 6, terminateBeyond: 0.5, richInfo: true };

function asyncVec(n: number, args: EpisodicArgs, mode: AutoresetMode = 'next-step', timeoutMs?: number) {
  return new AsyncVectorEnv<GoalObs, Float32Array>(
    Array.from({ length: n }, () => recipe('makeEpisodic', args)),
    { autoresetMode: mode, timeoutMs },
  );
}

function syncVec(n: number, args: EpisodicArgs, mode: AutoresetMode = 'next-step') {
  return new SyncVectorEnv<GoalObs, Float32Array>(
    Array.from({ length: n }, () => () => makeEpisodic(args)),
    { autoresetMode: mode },
  );
}

/** Steps both vector envs with the same actions and expects bit-identical results (info key order too). */
function expectSame(
  a: VectorEnv<GoalObs>,
  b: VectorEnv<GoalObs>,
  run: (e: VectorEnv<GoalObs>) => unknown,
): void {
  const ra = run(a);
  const rb = run(b);
  expect(canon(ra)).toEqual(canon(rb));
  const info = (r: unknown) => (r as { info?: object }).info;
  if (info(ra)) expect(Object.keys(info(ra)!)).toEqual(Object.keys(info(rb)!));
}

describe('AsyncVectorEnv', () => {
  it.each(['next-step', 'same-step'] as const)(
    '%s: Sync, Async and one-by-one agree bit for bit over several episodes',
    (mode) => {
      const n = 3;
      const T = 16;
      const asyncEnvs = asyncVec(n, EPISODIC, mode);
      const syncEnvs = syncVec(n, EPISODIC, mode);
      expect(asyncEnvs.singleObservationSpace.equals(syncEnvs.singleObservationSpace)).toBe(true);
      expect(asyncEnvs.observationSpace.equals(syncEnvs.observationSpace)).toBe(true);
      expect(asyncEnvs.actionSpace.equals(syncEnvs.actionSpace)).toBe(true);
      expect(asyncEnvs.metadata).toEqual(syncEnvs.metadata);

      const actions = Array.from({ length: T }, (_, t) => batchedAction(t, n));
      const refs = Array.from({ length: n }, (_, i) =>
        referenceRun(
          makeEpisodic(EPISODIC),
          21 + i,
          actions.map((_, t) => actionRow(t, i)),
          mode,
        ),
      );
      expectSame(asyncEnvs, syncEnvs, (e) => e.reset({ seed: 21 }));
      let ended = 0;
      for (let t = 0; t < T; t++) {
        const ra = asyncEnvs.step(actions[t]!);
        const rs = syncEnvs.step(actions[t]!);
        expect(canon(ra)).toEqual(canon(rs));
        expect(Object.keys(ra.info)).toEqual(Object.keys(rs.info));
        expect(asyncEnvs.observationSpace.contains(ra.obs)).toBe(true);
        for (let i = 0; i < n; i++) {
          const ref = refs[i]!.steps[t]!;
          expect(canon(obsRow(ra.obs, i, DIMS))).toEqual(canon(ref.obs));
          expect(canon(ra.rewards[i])).toEqual(canon(ref.reward));
          expect(ra.terminations[i]).toBe(ref.terminated ? 1 : 0);
          expect(ra.truncations[i]).toBe(ref.truncated ? 1 : 0);
          if (ref.finalObs !== undefined) {
            expect(canon((ra.info.final_obs as unknown[])[i])).toEqual(canon(ref.finalObs));
            expect(canon((ra.info.final_info as unknown[])[i])).toEqual(canon(ref.finalInfo));
          }
          if (ref.terminated || ref.truncated) ended++;
        }
      }
      expect(ended).toBeGreaterThanOrEqual(n); // every sub-env went through at least two episodes

      // no seed: streams continue; reset_mask; per-env actions; split stepAsync/stepWait
      expectSame(asyncEnvs, syncEnvs, (e) => e.reset());
      expectSame(asyncEnvs, syncEnvs, (e) =>
        e.reset({ seed: 5, options: { reset_mask: [true, false, true] } }),
      );
      expectSame(asyncEnvs, syncEnvs, (e) => e.step([actionRow(0, 0), actionRow(0, 1), actionRow(0, 2)]));
      asyncEnvs.stepAsync(Float64Array.from(batchedAction(1, n)));
      const split = asyncEnvs.stepWait();
      expect(canon(split)).toEqual(canon(syncEnvs.step(Float64Array.from(batchedAction(1, n)))));

      // call / getAttr / setAttr / render cross the thread boundary
      expect(asyncEnvs.call('scaled', 2)).toEqual(syncEnvs.call('scaled', 2));
      asyncEnvs.setAttr('label', ['x', 'y', 'z']);
      expect(asyncEnvs.getAttr('label')).toEqual(['x', 'y', 'z']);
      expect(asyncEnvs.render()).toBe(null);
      expect(() => asyncEnvs.getAttr('noSuchAttribute')).toThrow(WorkerError);
      asyncEnvs.close();
      syncEnvs.close();
    },
  );

  it('reports pending/no-pending misuse, closes idempotently and refuses use after close', () => {
    const envs = asyncVec(2, { maxEpisodeSteps: 2 }, 'disabled');
    expect(() => envs.stepWait()).toThrow(NoAsyncCallError);
    envs.resetAsync({ seed: 0 });
    expect(envs.pendingCall).toBe('reset');
    expect(() => envs.stepAsync(batchedAction(0, 2))).toThrow(AlreadyPendingCallError);
    expect(() => envs.reset()).toThrow(AlreadyPendingCallError);
    expect(() => envs.stepWait()).toThrow(NoAsyncCallError);
    envs.resetWait();
    expect(() => envs.resetWait()).toThrow(NoAsyncCallError);
    // malformed actions and disabled autoreset are refused in the caller's thread, the env stays usable
    expect(() => envs.stepAsync(new Float32Array(3))).toThrow(InvalidAction);
    envs.step(batchedAction(0, 2));
    envs.step(batchedAction(1, 2));
    expect(() => envs.step(batchedAction(2, 2))).toThrow(ResetNeeded);
    envs.reset({ options: { reset_mask: [true, true] } });
    // close with a call pending
    envs.stepAsync(batchedAction(2, 2));
    envs.close();
    envs.close();
    expect(envs.closed).toBe(true);
    expect(() => envs.reset()).toThrow(ClosedEnvironmentError);
    expect(() => envs.step(batchedAction(0, 2))).toThrow(ClosedEnvironmentError);
    expect(() => envs.stepWait()).toThrow(ClosedEnvironmentError);
  });

  it('a sub-env that throws surfaces as WorkerError; afterwards only close() works', () => {
    const envs = new AsyncVectorEnv([recipe('makeEpisodic', {}), recipe('makeEpisodic', { throwAtStep: 2 })]);
    envs.reset({ seed: 0 });
    envs.step(batchedAction(0, 2));
    let caught: unknown;
    try {
      envs.step(batchedAction(1, 2));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(WorkerError);
    const err = caught as WorkerError;
    expect(err.code).toBe('worker_error');
    expect(err.details).toMatchObject({ index: 1, errorName: 'GymError', errorCode: 'fixture_failure' });
    expect((err as Error).cause).toBeInstanceOf(GymError);
    expect(((err as Error).cause as GymError).code).toBe('fixture_failure');
    expect(err.message).toMatch(/sub-env 1 threw GymError: fixture failure at step 2/);
    expect(() => envs.step(batchedAction(2, 2))).toThrow(/unusable after an earlier worker failure/);
    envs.close();
    envs.close();
    expect(() => envs.reset()).toThrow(ClosedEnvironmentError);
  });

  it('a worker that exits surfaces as WorkerError without hanging', () => {
    const envs = new AsyncVectorEnv([recipe('makeEpisodic', { exitAtStep: 2 }), recipe('makeEpisodic', {})], {
      timeoutMs: 60_000,
    });
    envs.reset({ seed: 0 });
    envs.step(batchedAction(0, 2));
    const t0 = performance.now();
    let caught: unknown;
    try {
      envs.step(batchedAction(1, 2));
    } catch (err) {
      caught = err;
    }
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(caught).toBeInstanceOf(WorkerError);
    expect((caught as WorkerError).code).toBe('worker_died');
    expect((caught as WorkerError).details).toMatchObject({ index: 0, exitCode: 3 });
    expect(() => envs.reset()).toThrow(WorkerError);
    envs.close();
    expect(() => envs.reset()).toThrow(ClosedEnvironmentError);
  });

  it('a deadline that passes surfaces as WorkerError (worker_timeout)', () => {
    const envs = asyncVec(1, { busyMs: 400 });
    envs.reset({ seed: 0 });
    envs.stepAsync(batchedAction(0, 1));
    const t0 = performance.now();
    expect(() => envs.stepWait(20)).toThrow(expect.objectContaining({ code: 'worker_timeout' }));
    expect(performance.now() - t0).toBeLessThan(300);
    envs.close({ terminate: true });
  });

  it('a recipe that cannot be built fails the constructor with WorkerError; functions are refused', () => {
    expect(() => new AsyncVectorEnv([recipe('noSuchFactory')])).toThrow(
      /no exported function 'noSuchFactory'/,
    );
    expect(() => new AsyncVectorEnv([{ id: 'NoSuchEnv-v0' }])).toThrow(WorkerError);
    expect(() => new AsyncVectorEnv([(() => makeEpisodic()) as never])).toThrow(/cannot send functions/);
    expect(() => new AsyncVectorEnv([])).toThrow(GymError);
  });

  it.runIf(registry.has('Push-v0'))(
    'Push-v0: makeVec async, makeVec sync and one-by-one agree bit for bit',
    () => {
      const n = 2;
      const T = 60; // crosses the 50-step time limit
      const a = makeVec<GoalObs, Float32Array>('Push-v0', { numEnvs: n, mode: 'async' });
      const s = makeVec<GoalObs, Float32Array>('Push-v0', { numEnvs: n });
      expect(a).toBeInstanceOf(AsyncVectorEnv);
      const dim = (a.singleActionSpace.shape ?? [4])[0]!;
      const singles: Env<unknown, unknown>[] = Array.from({ length: n }, () => make('Push-v0'));
      const actions = Array.from({ length: T }, (_, t) => batchedAction(t, n, dim));
      const refs = singles.map((e, i) =>
        referenceRun(
          e,
          100 + i,
          actions.map((_, t) => actionRow(t, i, dim)),
          'next-step',
        ),
      );
      expectSame(a, s, (e) => e.reset({ seed: 100 }));
      const obsDim = (a.singleObservationSpace as unknown as { get(k: string): { shape: number[] } }).get(
        'observation',
      ).shape[0]!;
      const dims = { achieved_goal: 3, desired_goal: 3, observation: obsDim };
      for (let t = 0; t < T; t++) {
        const ra = a.step(actions[t]!);
        expect(canon(ra)).toEqual(canon(s.step(actions[t]!)));
        for (let i = 0; i < n; i++) {
          expect(canon(obsRow(ra.obs, i, dims))).toEqual(canon(refs[i]!.steps[t]!.obs));
          expect(canon(ra.rewards[i])).toEqual(canon(refs[i]!.steps[t]!.reward));
        }
      }
      a.close();
      s.close();
    },
  );
});
