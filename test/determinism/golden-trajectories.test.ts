/**
 * Golden trajectory hashes: every task's seeded rollout hashes to the committed value, so any change to the
 * physics, the observation or the reward (or a Rapier upgrade) shows up as a failing test that must be
 * acknowledged by updating the snapshot (`npx vitest run -u`) and saying why in the commit.
 *
 * The rollout drives the task with a scripted controller plus seeded noise where one exists, so that the
 * hash covers contacts with the objects and not only free gripper motion.
 */
import { describe, expect, it } from 'vitest';
import { makeBasePolicy } from '../../src/base-policies/registry.js';
import { hashValue } from '../../src/check/check-env.js';
import type { ActionInput } from '../../src/core/types.js';
import { Rng } from '../../src/random/rng.js';
import { taskEnvSpecs } from '../../src/registry/builtin.js';
import { make } from '../../src/registry/registry.js';

const ROLLOUT_STEPS = 60;
/** Scripted drivers that make the rollouts touch the objects (tasks not listed get pure random actions). */
const DRIVERS: Readonly<Record<string, string>> = {
  'Push-v0': 'scripted-push',
  'SlipperyPush-v0': 'scripted-push',
  'PickAndPlace-v0': 'pick-and-place',
  'Hook-v0': 'hook',
  'NoisyHook-v0': 'hook',
  'ComplexHook-v0': 'hook',
};
const NOISE = 0.3;

describe.each(taskEnvSpecs.map((s) => s.id))('%s', (id) => {
  it('a seeded rollout matches its golden hash', () => {
    const env = make<unknown, ActionInput>(id);
    const driver = DRIVERS[id] === undefined ? null : makeBasePolicy<unknown, ActionInput>(DRIVERS[id]!);
    const n = (env.actionSpace.shape ?? [0])[0]!;
    const noise = Rng.fromSeed(2026);
    const action = new Float64Array(n);
    let { obs } = env.reset({ seed: 2026 });
    driver?.reset({ seed: 2026, env });
    const h = hashValue(obs);
    for (let t = 0; t < ROLLOUT_STEPS; t++) {
      const base = driver?.act(obs) as ArrayLike<number> | undefined;
      for (let i = 0; i < n; i++)
        action[i] =
          (base === undefined ? 0 : base[i]!) +
          noise.uniform(-NOISE, NOISE) * (base === undefined ? 1 / NOISE : 1);
      const r = env.step(action);
      hashValue(r.obs, h).add(r.reward);
      obs = r.obs;
      if (r.terminated || r.truncated) {
        obs = env.reset().obs;
        driver?.reset({ seed: t, env });
        hashValue(obs, h);
      }
    }
    env.close();
    expect(h.hex()).toMatchSnapshot();
  });
});
