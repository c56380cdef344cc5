/**
 * The recorded-MPC DatabasePolicy and its committed data file.
 */
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PUSHER_DATABASE_PATH, RECORD_PUSHER_DEFAULTS } from '../../scripts/record-pusher.js';
import {
  DatabasePolicy,
  decodePusherDatabase,
  encodeFloat32Base64,
  type ObservationActionTable,
  pusherDatabaseFile,
  shippedPusherDatabase,
} from '../../src/base-policies/database-policy.js';
import '../../src/base-policies/builtin.js';
import { CemMpcPolicy } from '../../src/base-policies/mpc/cem-mpc-policy.js';
import { createPusherCemMpcPolicy } from '../../src/base-policies/mpc/pusher-mpc.js';
import { makeBasePolicy } from '../../src/base-policies/registry.js';
import type { GoalObs } from '../../src/core/goal-env.js';
import { MbrlPusherEnv } from '../../src/envs/pusher/mbrl-pusher.js';
import { GymError, InvalidOptions } from '../../src/errors.js';
import { RAPIER_VERSION } from '../../src/physics/rapier.js';
import { Rng } from '../../src/random/rng.js';

function goalObs(observation: ArrayLike<number>): GoalObs {
  const o = Float64Array.from(observation);
  return {
    observation: o,
    achieved_goal: o.slice(17, 20),
    desired_goal: Float64Array.of(0.45, -0.05, -0.323),
  };
}

describe('the committed pusher database', () => {
  const file = pusherDatabaseFile;
  const table = shippedPusherDatabase();

  it('loads, is small, and records the settings that are the script defaults', () => {
    expect(statSync(PUSHER_DATABASE_PATH).size).toBeLessThan(400 * 1024);
    expect(file.envId).toBe('MBRLPusher-v0');
    expect(file.recording.seeds).toEqual(RECORD_PUSHER_DEFAULTS.seeds);
    expect(file.recording.policyOptions).toEqual(RECORD_PUSHER_DEFAULTS.policyOptions);
    expect(file.recording.stepsPerEpisode).toBe(RECORD_PUSHER_DEFAULTS.stepsPerEpisode);
    expect(file.recording.rapierVersion).toBe(RAPIER_VERSION);
    expect(table.rows).toBe(RECORD_PUSHER_DEFAULTS.seeds.length * RECORD_PUSHER_DEFAULTS.stepsPerEpisode);
    expect([table.observationDim, table.actionDim]).toEqual([20, 7]);
    for (const v of table.actions) expect(Math.abs(v)).toBeLessThanOrEqual(2);
  });

  it('replays: the recorded actions from the recorded seed give the recorded observations', () => {
    const env = new MbrlPusherEnv();
    const seed = file.recording.seeds[0]!;
    let { obs } = env.reset({ seed });
    for (let t = 0; t < file.recording.stepsPerEpisode; t++) {
      const row = table.observations.subarray(20 * t, 20 * t + 20);
      expect(Float32Array.from(obs.observation)).toEqual(row);
      obs = env.step(table.actions.subarray(7 * t, 7 * t + 7)).obs;
    }
    // Every recorded episode starts at its seed's reset observation.
    const steps = file.recording.stepsPerEpisode;
    file.recording.seeds.forEach((s, e) => {
      const row = table.observations.subarray(20 * e * steps, 20 * e * steps + 20);
      expect(Float32Array.from(env.reset({ seed: s }).obs.observation)).toEqual(row);
    });
    env.close();
  });

  it("regenerates: the recording policy's first decision is the first recorded action", () => {
    const env = new MbrlPusherEnv();
    const seed = file.recording.seeds[0]!;
    const { obs } = env.reset({ seed });
    const policy = createPusherCemMpcPolicy(RECORD_PUSHER_DEFAULTS.policyOptions);
    policy.reset({ seed, env });
    expect(policy.act(obs)).toEqual(table.actions.subarray(0, 7));
    policy.close();
    env.close();
  });
});

describe('DatabasePolicy', () => {
  const policy = new DatabasePolicy();
  const table = policy.table;

  it('returns the recorded action for a recorded observation', () => {
    for (const row of [0, 1, 75, 149, table.rows - 1]) {
      const a = policy.act(goalObs(table.observations.subarray(20 * row, 20 * row + 20)));
      const nearest = policy.nearestRow(
        goalObs(table.observations.subarray(20 * row, 20 * row + 20)).observation,
      );
      // The same observation may be stored twice (then the earlier row wins); its action is returned.
      expect(table.observations.subarray(20 * nearest, 20 * nearest + 20)).toEqual(
        table.observations.subarray(20 * row, 20 * row + 20),
      );
      expect(a).toEqual(table.actions.subarray(7 * nearest, 7 * nearest + 7));
      expect(a).toBeInstanceOf(Float32Array);
    }
  });

  it('finds the true nearest neighbour (brute force check) on random queries', () => {
    const small: ObservationActionTable = {
      observations: Float32Array.from({ length: 50 * 20 }, (_, i) => Math.sin(i * 1.3)),
      actions: Float32Array.from({ length: 50 * 7 }, (_, i) => i),
      rows: 50,
      observationDim: 20,
      actionDim: 7,
    };
    const p = new DatabasePolicy(small);
    const rng = Rng.fromSeed(3);
    for (let q = 0; q < 200; q++) {
      const query = Float64Array.from({ length: 20 }, () => rng.uniform(-1, 1));
      let best = 0;
      let bestD = Number.POSITIVE_INFINITY;
      for (let r = 0; r < 50; r++) {
        let d = 0;
        for (let k = 0; k < 20; k++) d += (query[k]! - small.observations[20 * r + k]!) ** 2;
        if (d < bestD) [best, bestD] = [r, d];
      }
      expect(p.nearestRow(query)).toBe(best);
    }
    expect(() => p.nearestRow(new Float64Array(3))).toThrow(GymError);
  });

  it('is stateless and leaves the observation untouched', () => {
    const env = new MbrlPusherEnv();
    let { obs } = env.reset({ seed: 0 });
    policy.reset({ seed: 0, env });
    for (let t = 0; t < 20; t++) {
      const seen = Float64Array.from(obs.observation);
      const a = policy.act(obs);
      expect(obs.observation).toEqual(seen);
      expect(policy.act(obs)).toEqual(a);
      expect(a).not.toBe(policy.act(obs)); // a fresh array every call
      obs = env.step(a).obs;
    }
    env.close();
  });

  it('is registered with validated options, as is the online CEM-MPC', () => {
    expect(makeBasePolicy('database-pusher')).toBeInstanceOf(DatabasePolicy);
    expect(() => makeBasePolicy('database-pusher', { rows: 3 })).toThrow(InvalidOptions);
    const cem = makeBasePolicy('cem-mpc-pusher', { population: 12, elites: 3 });
    expect(cem).toBeInstanceOf(CemMpcPolicy);
    expect((cem as CemMpcPolicy).settings.population).toBe(12);
    expect(() => makeBasePolicy('cem-mpc-pusher', { population: 0 })).toThrow(InvalidOptions);
    expect(() => makeBasePolicy('cem-mpc-pusher', { misspecification: { wind: 1 } })).toThrow(InvalidOptions);
  });

  it('rejects malformed database files', () => {
    const good = pusherDatabaseFile;
    expect(() => decodePusherDatabase({ ...good, format: 'other' })).toThrow(GymError);
    expect(() => decodePusherDatabase({ ...good, rows: good.rows + 1 })).toThrow(/values/);
    expect(() =>
      decodePusherDatabase({
        ...good,
        rows: 1,
        observations: encodeFloat32Base64(new Array(20).fill(Number.NaN)),
        actions: encodeFloat32Base64(new Array(7).fill(0)),
      }),
    ).toThrow(/non-finite/);
  });
});
