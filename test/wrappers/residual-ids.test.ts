/**
 * Residual ids: with a zero residual, `Residual<Task>-v0` reproduces its base policy's trajectory on the plain
 * task bit for bit, for every registered residual id.
 */
import { describe, expect, it } from 'vitest';
import { makeBasePolicy } from '../../src/base-policies/registry.js';
import { hashValue } from '../../src/check/check-env.js';
import type { ActionInput } from '../../src/core/types.js';
import { builtinEnvSpecs, PAPER_BASE_POLICIES } from '../../src/registry/builtin.js';
import { make } from '../../src/registry/registry.js';

const residualIds = builtinEnvSpecs.map((s) => s.id).filter((id) => id.startsWith('Residual'));
const SEED = 11;

/** Hash of one episode of the base policy acting alone on the plain task. */
function baseTrajectoryHash(taskId: string): string {
  const { policy, policyOptions } = PAPER_BASE_POLICIES[taskId]!;
  const env = make<unknown, ActionInput>(taskId);
  const pi = makeBasePolicy<unknown, ActionInput>(policy, policyOptions ?? {});
  let { obs } = env.reset({ seed: SEED });
  pi.reset({ seed: SEED, env });
  const h = hashValue(obs);
  for (;;) {
    const r = env.step(pi.act(obs));
    hashValue(r.obs, h).add(r.reward);
    obs = r.obs;
    if (r.terminated || r.truncated) break;
  }
  pi.close?.();
  env.close();
  return h.hex();
}

describe.each(residualIds)('%s', (id) => {
  it('with a zero residual reproduces the base policy on the plain task bit for bit', () => {
    const env = make<unknown, ActionInput>(id);
    const zero = new Float32Array((env.actionSpace.shape ?? [0])[0]!);
    const h = hashValue(env.reset({ seed: SEED }).obs);
    let steps = 0;
    for (;;) {
      const r = env.step(zero);
      steps++;
      expect(r.info.residual_action).toEqual(new Float64Array(zero.length));
      hashValue(r.obs, h).add(r.reward);
      if (r.terminated || r.truncated) break;
    }
    env.close();
    expect(steps).toBeGreaterThan(1);
    expect(h.hex()).toBe(baseTrajectoryHash(id.slice('Residual'.length)));
  });

  it('a non-zero residual changes the trajectory', () => {
    const env = make<unknown, ActionInput>(id);
    const n = (env.actionSpace.shape ?? [0])[0]!;
    const push = new Float32Array(n).fill(0.5);
    const h = hashValue(env.reset({ seed: SEED }).obs);
    for (let t = 0; t < 10; t++) hashValue(env.step(push).obs, h);
    env.close();
    const ref = make<unknown, ActionInput>(id);
    const g = hashValue(ref.reset({ seed: SEED }).obs);
    for (let t = 0; t < 10; t++) hashValue(ref.step(new Float32Array(n)).obs, g);
    ref.close();
    expect(h.hex()).not.toBe(g.hex());
  });
});
