/**
 * A physics blow-up is reported, never propagated: the step throws PhysicsError, later steps throw
 * ResetNeeded (physics_broken) until reset, the flag survives getState/setState, and reset recovers.
 */
import '../../src/registry/builtin.js';
import { describe, expect, it } from 'vitest';
import type { FetchEnv } from '../../src/envs/fetch/fetch-env.js';
import type { HookEnvBase } from '../../src/envs/hook/hook-env.js';
import { PhysicsError, ResetNeeded } from '../../src/errors.js';
import { make } from '../../src/registry/registry.js';

describe.each(['Push-v0', 'Hook-v0'])('%s physics blow-up', (id) => {
  it('throws PhysicsError, then ResetNeeded until reset; the flag is part of the state', () => {
    const env = make<unknown, Float32Array>(id);
    const inner = env.unwrapped as unknown as FetchEnv | HookEnvBase;
    const zero = new Float32Array(4);
    env.reset({ seed: 3 });
    inner.physics.blockBody.setTranslation({ x: Number.NaN, y: 0.75, z: 0.45 }, true);
    expect(() => env.step(zero)).toThrow(PhysicsError);
    expect(() => env.step(zero)).toThrow(expect.objectContaining({ code: 'physics_broken' }));
    const broken = env.getState();

    const other = make<unknown, Float32Array>(id);
    other.reset({ seed: 0 });
    other.setState(broken);
    expect(() => other.step(zero)).toThrow(ResetNeeded);
    other.reset({ seed: 0 });
    expect(() => other.step(zero)).not.toThrow();
    other.close();

    env.reset({ seed: 3 });
    expect(() => env.step(zero)).not.toThrow();
    env.close();
  });
});
