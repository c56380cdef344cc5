/**
 * The recorded-MPC DatabasePolicy and its committed data file.
 */
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DAGGER_FIRST_SEED,
  PUSHER_DATABASE_PATH,
  RECORD_PUSHER_DEFAULTS,
  recordEpisode,
  tablePrefix,
} from '../../scripts/record-pusher.js';
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

/** Size limit of the committed data file: DAgger rounds add about 22 KB each. */
const MAX_DATABASE_BYTES = 400 * 1024;
/** Decisions regenerated per check (each costs the expert about 0.3 s of CEM). */
const REGENERATED_STEPS = 8;

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
  const { rounds, stepsPerEpisode: steps } = file.recording;
  /** Rows recorded before round `r`. */
  const rowsBefore = (r: number) =>
    rounds.slice(0, r).reduce((n, round) => n + round.seeds.length, 0) * steps;

  it('loads, is small, and records the settings that are the script defaults', () => {
    expect(statSync(PUSHER_DATABASE_PATH).size).toBeLessThan(MAX_DATABASE_BYTES);
    expect(file.envId).toBe('MBRLPusher-v0');
    expect(rounds.map(({ finalDistances_m: _, ...round }) => round)).toEqual(RECORD_PUSHER_DEFAULTS.rounds);
    expect(file.recording.policyOptions).toEqual(RECORD_PUSHER_DEFAULTS.policyOptions);
    expect(steps).toBe(RECORD_PUSHER_DEFAULTS.stepsPerEpisode);
    expect(file.recording.rapierVersion).toBe(RAPIER_VERSION);
    expect(rounds[0]!.mode).toBe('expert');
    expect(rounds.slice(1).every((r) => r.mode === 'dagger')).toBe(true);
    for (const r of rounds) expect(r.finalDistances_m).toHaveLength(r.seeds.length);
    // Every seed once, none among the evaluation seeds 0..199.
    const seeds = rounds.flatMap((r) => r.seeds);
    expect(new Set(seeds).size).toBe(seeds.length);
    expect(seeds.every((s) => s >= 1000)).toBe(true);
    expect(table.rows).toBe(rowsBefore(rounds.length));
    expect([table.observationDim, table.actionDim]).toEqual([20, 7]);
    for (const v of table.actions) expect(Math.abs(v)).toBeLessThanOrEqual(2);
  });

  it('replays: the recorded actions of the first expert episode give its recorded observations', () => {
    const env = new MbrlPusherEnv();
    const seed = rounds[0]!.seeds[0]!;
    let { obs } = env.reset({ seed });
    for (let t = 0; t < steps; t++) {
      const row = table.observations.subarray(20 * t, 20 * t + 20);
      expect(Float32Array.from(obs.observation)).toEqual(row);
      obs = env.step(table.actions.subarray(7 * t, 7 * t + 7)).obs;
    }
    expect(Math.hypot(...obs.achieved_goal.map((g, k) => g - obs.desired_goal[k]!))).toBe(
      rounds[0]!.finalDistances_m[0],
    );
    // Every recorded episode, of every round, starts at its seed's reset observation.
    rounds
      .flatMap((r) => r.seeds)
      .forEach((s, e) => {
        const row = table.observations.subarray(20 * e * steps, 20 * e * steps + 20);
        expect(Float32Array.from(env.reset({ seed: s }).obs.observation)).toEqual(row);
      });
    env.close();
  });

  it("regenerates: the expert's first decisions are the first recorded actions", () => {
    const e = recordEpisode(rounds[0]!.seeds[0]!, { steps: REGENERATED_STEPS });
    expect(Float32Array.from(e.observations)).toEqual(table.observations.subarray(0, 20 * REGENERATED_STEPS));
    expect(Float32Array.from(e.actions)).toEqual(table.actions.subarray(0, 7 * REGENERATED_STEPS));
  });

  it('records DAgger episodes: the learner drives, the expert labels every visited state', () => {
    const learnerTable = tablePrefix(table, rowsBefore(1));
    const seed = DAGGER_FIRST_SEED;
    const e = recordEpisode(seed, { learnerTable, beta: 0, steps: REGENERATED_STEPS });
    expect(e.observations).toHaveLength(20 * REGENERATED_STEPS);
    // Follow the same states: the env executes the learner's actions, the expert is asked at each state.
    const env = new MbrlPusherEnv();
    const learner = new DatabasePolicy(learnerTable);
    const expert = createPusherCemMpcPolicy(RECORD_PUSHER_DEFAULTS.policyOptions);
    let { obs } = env.reset({ seed });
    expert.reset({ seed, env });
    let disagreements = 0;
    for (let t = 0; t < REGENERATED_STEPS; t++) {
      expect(Array.from(obs.observation)).toEqual(e.observations.slice(20 * t, 20 * t + 20));
      const label = expert.act(obs);
      expect(Array.from(label)).toEqual(e.actions.slice(7 * t, 7 * t + 7));
      const executed = learner.act(obs);
      if (executed.some((a, k) => a !== label[k])) disagreements++;
      obs = env.step(executed).obs;
    }
    // Otherwise the test could not tell the executed actions from the labels.
    expect(disagreements).toBeGreaterThan(0);
    expert.close();
    env.close();
  });

  it('with β = 1 a DAgger episode executes the expert: the rows of an expert episode', () => {
    const learnerTable = tablePrefix(table, rowsBefore(1));
    const e = recordEpisode(rounds[0]!.seeds[0]!, { learnerTable, beta: 1, steps: REGENERATED_STEPS });
    expect(Float32Array.from(e.observations)).toEqual(table.observations.subarray(0, 20 * REGENERATED_STEPS));
    expect(Float32Array.from(e.actions)).toEqual(table.actions.subarray(0, 7 * REGENERATED_STEPS));
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
    expect(() => decodePusherDatabase({ ...good, rows: good.rows + 1 })).toThrow(/episodes/);
    expect(() =>
      decodePusherDatabase({
        ...good,
        recording: { ...good.recording, rounds: good.recording.rounds.slice(1) },
      }),
    ).toThrow(/episodes/);
    expect(() => decodePusherDatabase({ ...good, actions: encodeFloat32Base64([0]) })).toThrow(/values/);
    expect(() =>
      decodePusherDatabase({
        ...good,
        rows: 1,
        recording: {
          ...good.recording,
          stepsPerEpisode: 1,
          rounds: [{ mode: 'expert', seeds: [0], finalDistances_m: [0] }],
        },
        observations: encodeFloat32Base64(new Array(20).fill(Number.NaN)),
        actions: encodeFloat32Base64(new Array(7).fill(0)),
      }),
    ).toThrow(/non-finite/);
  });
});
