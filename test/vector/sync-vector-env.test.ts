import { describe, expect, it } from 'vitest';
import type { GoalObs } from '../../src/core/goal-env.js';
import {
  ClosedEnvironmentError,
  GymError,
  InvalidAction,
  InvalidSeed,
  ResetNeeded,
} from '../../src/errors.js';
import { Box } from '../../src/spaces/box.js';
import { Dict } from '../../src/spaces/dict.js';
import { makeVec } from '../../src/vector/make-vec.js';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.js';
import { AutoresetMode } from '../../src/vector/types.js';
import { POINT_MASS_ID, PointMassEnv } from '../fixtures/point-mass-env.js';
import { actionRow, batchedAction, canon, obsRow, referenceRun } from './helpers.js';
import {
  type EpisodicArgs,
  ensurePointMassRegistered,
  makeEpisodic,
  makePointMass,
} from './vector-fixtures.js';

const DIMS = { achieved_goal: 2, desired_goal: 2, observation: 4 };
const EPISODIC: EpisodicArgs = { maxEpisodeSteps: 6, terminateBeyond: 0.5, richInfo: true };

function vec(n: number, args: EpisodicArgs = EPISODIC, mode: AutoresetMode = 'next-step', copy = true) {
  return new SyncVectorEnv<GoalObs, Float32Array>(
    Array.from({ length: n }, () => () => makeEpisodic(args)),
    { autoresetMode: mode, copy },
  );
}

describe('SyncVectorEnv', () => {
  it.each(['next-step', 'same-step'] as const)(
    '%s autoreset is bit-identical to stepping the envs one by one',
    (mode) => {
      const n = 3;
      const T = 20;
      const envs = vec(n, EPISODIC, mode);
      const actions = Array.from({ length: T }, (_, t) => batchedAction(t, n));
      const refs = Array.from({ length: n }, (_, i) =>
        referenceRun(
          makeEpisodic(EPISODIC),
          11 + i,
          actions.map((_, t) => actionRow(t, i)),
          mode,
        ),
      );
      const reset = envs.reset({ seed: 11 });
      for (let i = 0; i < n; i++)
        expect(canon(obsRow(reset.obs, i, DIMS))).toEqual(canon(refs[i]!.reset.obs));
      let ends = 0;
      for (let t = 0; t < T; t++) {
        const r = envs.step(actions[t]!);
        expect(envs.observationSpace.contains(r.obs)).toBe(true);
        for (let i = 0; i < n; i++) {
          const ref = refs[i]!.steps[t]!;
          expect(canon(obsRow(r.obs, i, DIMS))).toEqual(canon(ref.obs));
          expect(canon(r.rewards[i])).toEqual(canon(ref.reward));
          expect(r.terminations[i]).toBe(ref.terminated ? 1 : 0);
          expect(r.truncations[i]).toBe(ref.truncated ? 1 : 0);
          const x = ref.info.x as number | undefined;
          expect(r.info._x?.[i as never] ?? 0).toBe(x === undefined ? 0 : 1);
          if (x !== undefined) expect(canon((r.info.x as Float64Array)[i])).toEqual(canon(x));
          if (ref.finalObs !== undefined) {
            ends++;
            expect((r.info._final_obs as Uint8Array)[i]).toBe(1);
            expect(canon((r.info.final_obs as unknown[])[i])).toEqual(canon(ref.finalObs));
            expect(canon((r.info.final_info as unknown[])[i])).toEqual(canon(ref.finalInfo));
          } else if (mode === 'same-step' && r.info._final_obs) {
            expect((r.info._final_obs as Uint8Array)[i]).toBe(0);
            expect((r.info.final_obs as unknown[])[i]).toBe(null);
          }
          if (mode === 'next-step' && t > 0) {
            const prevEnded = refs[i]!.steps[t - 1]!.terminated || refs[i]!.steps[t - 1]!.truncated;
            if (prevEnded) {
              ends++;
              expect(r.rewards[i]).toBe(0);
              expect(r.info.reset_count).toBeDefined();
            }
          }
        }
      }
      // several episodes ended, by termination and by truncation
      expect(ends).toBeGreaterThanOrEqual(n);
      const all = refs.flatMap((ref) => ref.steps);
      expect(all.some((s) => s.terminated)).toBe(true);
      expect(all.some((s) => s.truncated)).toBe(true);
      envs.close();
    },
  );

  it('seeds sub-env i with seed + i, takes per-env seeds (null: not reseeded), continues streams without a seed', () => {
    const envs = vec(3);
    const singles = [0, 1, 2].map(() => makeEpisodic(EPISODIC));
    const r = envs.reset({ seed: 40 });
    for (const [i, e] of singles.entries()) {
      expect(canon(obsRow(r.obs, i, DIMS))).toEqual(canon(e.reset({ seed: 40 + i }).obs));
    }
    // no seed: every stream continues
    const r2 = envs.reset();
    for (const [i, e] of singles.entries())
      expect(canon(obsRow(r2.obs, i, DIMS))).toEqual(canon(e.reset().obs));
    // explicit seeds, null continues
    const r3 = envs.reset({ seed: [7, null, 9] });
    expect(canon(obsRow(r3.obs, 0, DIMS))).toEqual(canon(singles[0]!.reset({ seed: 7 }).obs));
    expect(canon(obsRow(r3.obs, 1, DIMS))).toEqual(canon(singles[1]!.reset().obs));
    expect(canon(obsRow(r3.obs, 2, DIMS))).toEqual(canon(singles[2]!.reset({ seed: 9 }).obs));
    expect(() => envs.reset({ seed: [1, 2] })).toThrow(GymError);
    expect(() => envs.reset({ seed: -1 })).toThrow(InvalidSeed);
    expect(() => envs.reset({ seed: [1, 2.5, null] })).toThrow(InvalidSeed);
    envs.close();
  });

  it('reset_mask resets only the selected sub-envs, keeps the others last obs and reports info for the selected', () => {
    const envs = vec(3);
    envs.reset({ seed: 1 });
    const stepped = envs.step(batchedAction(0, 3));
    const single = makeEpisodic(EPISODIC);
    single.reset({ seed: 2 });
    single.step(actionRow(0, 1));
    const r = envs.reset({ options: { reset_mask: [false, true, false] } });
    expect(canon(obsRow(r.obs, 0, DIMS))).toEqual(canon(obsRow(stepped.obs, 0, DIMS)));
    expect(canon(obsRow(r.obs, 2, DIMS))).toEqual(canon(obsRow(stepped.obs, 2, DIMS)));
    expect(canon(obsRow(r.obs, 1, DIMS))).toEqual(canon(single.reset().obs));
    expect(Array.from(r.info._reset_count as Uint8Array)).toEqual([0, 1, 0]);
    // seeds combine with the mask: sub-env 2 gets seed 5 + 2
    const r2 = envs.reset({ seed: 5, options: { reset_mask: Uint8Array.of(0, 0, 1) } });
    expect(canon(obsRow(r2.obs, 2, DIMS))).toEqual(canon(single.reset({ seed: 7 }).obs));
    expect(() => envs.reset({ options: { reset_mask: [false, false, false] } })).toThrow(/at least one/);
    expect(() => envs.reset({ options: { reset_mask: [true, false] } })).toThrow(GymError);
    envs.close();
  });

  it('disabled autoreset: stepping an ended sub-env throws before any sub-env steps; reset_mask revives it', () => {
    const envs = vec(2, { maxEpisodeSteps: 2 }, 'disabled');
    envs.reset({ seed: 0 });
    envs.step(batchedAction(0, 2));
    const r = envs.step(batchedAction(1, 2));
    expect(Array.from(r.truncations)).toEqual([1, 1]);
    expect(() => envs.step(batchedAction(2, 2))).toThrow(ResetNeeded);
    envs.reset({ options: { reset_mask: [true, false] } });
    expect(() => envs.step(batchedAction(2, 2))).toThrow(/sub-env 1 ended/);
    envs.reset({ options: { reset_mask: [false, true] } });
    expect(() => envs.step(batchedAction(2, 2))).not.toThrow();
    expect(envs.metadata.autoresetMode).toBe(AutoresetMode.DISABLED);
    envs.close();
  });

  it('batches spaces and accepts flat, number[], Float64Array and per-env actions identically', () => {
    const results: unknown[] = [];
    const forms = [
      (t: number) => batchedAction(t, 2),
      (t: number) => Array.from(batchedAction(t, 2)),
      (t: number) => [actionRow(t, 0), actionRow(t, 1)],
      (t: number) => Float64Array.from(batchedAction(t, 2)),
    ];
    for (const form of forms) {
      const envs = vec(2);
      expect(envs.singleObservationSpace.equals(new PointMassEnv().observationSpace)).toBe(true);
      expect(envs.observationSpace).toBeInstanceOf(Dict);
      expect((envs.observationSpace as unknown as Dict).get('observation').shape).toEqual([2, 4]);
      expect(envs.actionSpace).toBeInstanceOf(Box);
      expect(envs.actionSpace.shape).toEqual([2, 2]);
      const trace: unknown[] = [envs.reset({ seed: 3 }).obs];
      for (let t = 0; t < 8; t++) {
        const r = envs.step(form(t) as Float32Array);
        trace.push(r.obs, r.rewards, r.terminations, r.truncations);
      }
      results.push(canon(trace));
      envs.close();
    }
    for (const r of results.slice(1)) expect(r).toEqual(results[0]);
  });

  it('rejects malformed actions before stepping any sub-env', () => {
    const envs = vec(2);
    envs.reset({ seed: 0 });
    expect(() => envs.step(new Float32Array(3))).toThrow(InvalidAction);
    expect(() => envs.step(Float32Array.of(0, 0, Number.NaN, 0))).toThrow(/finite/);
    expect(() => envs.step([new Float32Array(2), new Float32Array(3)] as never)).toThrow(InvalidAction);
    expect(envs.call('scaled', 1)).toEqual([0, 0]); // nothing stepped
    envs.close();
  });

  it('copy: true hands out fresh arrays, copy: false the same buffers', () => {
    const fresh = vec(2);
    const a = fresh.reset({ seed: 0 });
    const b = fresh.step(batchedAction(0, 2));
    expect(a.obs.observation).not.toBe(b.obs.observation);
    const reused = vec(2, EPISODIC, 'next-step', false);
    const c = reused.reset({ seed: 0 });
    const d = reused.step(batchedAction(0, 2));
    expect(c.obs.observation).toBe(d.obs.observation);
    expect(canon(d.obs)).toEqual(canon(b.obs));
    const e = reused.step(batchedAction(1, 2));
    expect(e.rewards).toBe(d.rewards);
    fresh.close();
    reused.close();
  });

  it('call, getAttr, setAttr, render, metadata', () => {
    const envs = vec(2);
    envs.reset({ seed: 0 });
    envs.step(batchedAction(0, 2));
    expect(envs.getAttr('label')).toEqual(['episodic', 'episodic']);
    envs.setAttr('label', ['a', 'b']);
    expect(envs.getAttr('label')).toEqual(['a', 'b']);
    envs.setAttr('label', 'c');
    expect(envs.getAttr('label')).toEqual(['c', 'c']);
    expect(envs.call('scaled', 10)).toEqual([10, 10]);
    expect(envs.getAttr('goalDim')).toEqual([2, 2]); // found on the unwrapped env
    expect(() => envs.getAttr('noSuchAttribute')).toThrow(GymError);
    expect(() => envs.setAttr('label', ['only one'])).toThrow(GymError);
    expect(envs.render()).toBe(null);
    expect(envs.metadata.autoresetMode).toBe('next-step');
    expect(envs.metadata.renderModes).toEqual([]);
    envs.close();
  });

  it('close is idempotent and use after close throws ClosedEnvironmentError', () => {
    const envs = vec(2);
    envs.reset();
    envs.close();
    envs.close();
    expect(envs.closed).toBe(true);
    expect(envs.envs.every((e) => e.closed)).toBe(true);
    expect(() => envs.reset()).toThrow(ClosedEnvironmentError);
    expect(() => envs.step(batchedAction(0, 2))).toThrow(ClosedEnvironmentError);
    expect(() => envs.call('scaled', 1)).toThrow(ClosedEnvironmentError);
  });

  it('refuses disagreeing spaces, bad options and module recipes', () => {
    expect(() => new SyncVectorEnv([])).toThrow(GymError);
    expect(() => new SyncVectorEnv([() => makePointMass()], { autoresetMode: 'NextStep' as never })).toThrow(
      /autoresetMode/,
    );
    expect(() => new SyncVectorEnv([{ module: 'file:///x.js', exportName: 'f' } as never])).toThrow(
      /AsyncVectorEnv/,
    );
    class Wide extends PointMassEnv {
      override readonly observationSpace = new Dict({
        observation: new Box(-1, 1, [4], 'float64'),
        achieved_goal: new Box(-Infinity, Infinity, [2], 'float64'),
        desired_goal: new Box(-Infinity, Infinity, [2], 'float64'),
      });
    }
    const fns = [() => new PointMassEnv(), () => new Wide()];
    expect(() => new SyncVectorEnv(fns)).toThrow(/sub-env 1's observation space/);
    const different = new SyncVectorEnv(fns, { observationMode: 'different' });
    expect(different.reset({ seed: 0 }).obs).toBeDefined();
    different.close();
  });

  it('makeVec builds a sync vector env of a registered id with make options', () => {
    ensurePointMassRegistered();
    const envs = makeVec<GoalObs, Float32Array>(POINT_MASS_ID, {
      numEnvs: 2,
      maxEpisodeSteps: 3,
      autoresetMode: 'same-step',
    });
    expect(envs).toBeInstanceOf(SyncVectorEnv);
    expect(envs.numEnvs).toBe(2);
    expect(envs.metadata.autoresetMode).toBe('same-step');
    envs.reset({ seed: 0 });
    envs.step(batchedAction(0, 2));
    envs.step(batchedAction(1, 2));
    const r = envs.step(batchedAction(2, 2));
    expect(Array.from(r.truncations)).toEqual([1, 1]);
    expect(Array.from(r.info._final_obs as Uint8Array)).toEqual([1, 1]);
    envs.close();
    expect(() => makeVec(POINT_MASS_ID, { numEnvs: 0 })).toThrow(GymError);
    expect(() => makeVec(POINT_MASS_ID, { mode: 'threads' as never })).toThrow(GymError);
    expect(() => makeVec('NoSuchEnv-v0')).toThrow(/doesn't exist/);
  });
});
