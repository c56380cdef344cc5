import { describe, expect, it } from 'vitest';
import type { GoalObs } from '../../src/core/goal-env.js';
import { GymError, InvalidBound, ResetNeeded } from '../../src/errors.js';
import { Autoreset } from '../../src/wrappers/autoreset.js';
import { ClipAction } from '../../src/wrappers/clip-action.js';
import { FlattenObservation } from '../../src/wrappers/flatten-observation.js';
import { OrderEnforcing } from '../../src/wrappers/order-enforcing.js';
import { RecordEpisodeStatistics } from '../../src/wrappers/record-episode-statistics.js';
import { RescaleAction } from '../../src/wrappers/rescale-action.js';
import { TimeLimit } from '../../src/wrappers/time-limit.js';
import { PointMassEnv } from '../fixtures/point-mass-env.js';

const zero = new Float32Array(2);

describe('TimeLimit', () => {
  it('truncates at the limit and refuses to step past it', () => {
    const env = new TimeLimit(new PointMassEnv(), 3);
    env.reset({ seed: 0 });
    expect(env.step(zero).truncated).toBe(false);
    expect(env.step(zero).truncated).toBe(false);
    const last = env.step(zero);
    expect(last.truncated).toBe(true);
    expect(last.terminated).toBe(false);
    expect(() => env.step(zero)).toThrow(ResetNeeded);
    env.reset();
    expect(env.step(zero).truncated).toBe(false);
    expect(() => new TimeLimit(new PointMassEnv(), 0)).toThrow(GymError);
  });
});

describe('OrderEnforcing', () => {
  it('throws ResetNeeded before reset and after the episode ended', () => {
    const env = new OrderEnforcing(new TimeLimit(new PointMassEnv(), 1));
    expect(() => env.step(zero)).toThrow(ResetNeeded);
    expect(() => env.render()).toThrow(ResetNeeded);
    env.reset({ seed: 1 });
    expect(env.step(zero).truncated).toBe(true);
    expect(() => env.step(zero)).toThrow(/episode has ended/);
    env.reset();
    expect(() => env.step(zero)).not.toThrow();
  });
});

describe('ClipAction and RescaleAction', () => {
  it('clips to the inner bounds with an unbounded outer space', () => {
    const env = new ClipAction(new PointMassEnv());
    expect(Array.from((env.actionSpace as unknown as { high: ArrayLike<number> }).high)).toEqual([
      Infinity,
      Infinity,
    ]);
    expect(Array.from(env.action([5, -0.5]))).toEqual([1, -0.5]);
  });

  it('maps [min, max] affinely onto the inner bounds', () => {
    const env = new RescaleAction(new PointMassEnv(), 0, 10);
    expect(Array.from(env.action([0, 10]))).toEqual([-1, 1]);
    expect(Array.from(env.action([5, 2.5]))).toEqual([0, -0.5]);
    expect(() => new RescaleAction(new PointMassEnv(), 1, 1)).toThrow(InvalidBound);
  });
});

describe('FlattenObservation', () => {
  it('flattens a goal observation in key order achieved_goal, desired_goal, observation', () => {
    const inner = new PointMassEnv();
    const env = new FlattenObservation(inner);
    const { obs } = env.reset({ seed: 3 });
    const ref = new PointMassEnv().reset({ seed: 3 }).obs as GoalObs;
    expect(Array.from(obs)).toEqual([...ref.achieved_goal, ...ref.desired_goal, ...ref.observation]);
    expect(env.observationSpace.contains(obs)).toBe(true);
  });
});

describe('RecordEpisodeStatistics', () => {
  it('reports return and length at the end of an episode', () => {
    const env = new RecordEpisodeStatistics(new TimeLimit(new PointMassEnv(), 4));
    env.reset({ seed: 0 });
    let last: ReturnType<typeof env.step> | undefined;
    for (let i = 0; i < 4; i++) last = env.step(zero);
    const stats = last!.info.episode as { r: number; l: number; t: number };
    expect(stats.l).toBe(4);
    expect(stats.r).toBe(-4);
    expect(stats.t).toBeGreaterThanOrEqual(0);
    expect(env.episodeCount).toBe(1);
    expect(env.returnQueue).toEqual([-4]);
  });
});

describe('Autoreset', () => {
  it('resets on the step after the end and ignores that action', () => {
    const env = new Autoreset(new TimeLimit(new PointMassEnv(), 2));
    env.reset({ seed: 0 });
    env.step(zero);
    expect(env.step(zero).truncated).toBe(true);
    const after = env.step(new Float32Array([1, 1]));
    expect(after.reward).toBe(0);
    expect(after.truncated || after.terminated).toBe(false);
    const ref = new TimeLimit(new PointMassEnv(), 2);
    ref.reset({ seed: 0 });
    ref.step(zero);
    ref.step(zero);
    expect(Array.from((after.obs as GoalObs).achieved_goal)).toEqual(
      Array.from(ref.reset().obs.achieved_goal),
    );
  });
});

describe('wrapper state', () => {
  it('restores counters of every layer', () => {
    const env = new OrderEnforcing(new TimeLimit(new PointMassEnv(), 5));
    env.reset({ seed: 9 });
    env.step(zero);
    const s = env.getState();
    env.step(zero);
    env.step(zero);
    env.setState(s);
    const a = [env.step(zero), env.step(zero), env.step(zero), env.step(zero)];
    expect(a.map((r) => r.truncated)).toEqual([false, false, false, true]);
    expect(() => new TimeLimit(new PointMassEnv(), 5).setState(s)).toThrow(/outermost wrapper/);
  });
});
