import { describe, expect, it } from 'vitest';
import { deserializeEnvState, type EnvState, serializeEnvState } from '../../src/core/state.js';
import { InvalidState } from '../../src/errors.js';
import { Rng } from '../../src/random/rng.js';

const sample: EnvState = {
  format: 'residual-gym/env-state@1',
  envKind: 'Demo',
  core: { rng: Rng.fromSeed(1).getState(), rngSeed: 1, elapsedSteps: 3, hasReset: true },
  task: {
    physics: Uint8Array.of(1, 2, 3, 250),
    goal: Float64Array.of(0.1, -Infinity, 1e-300),
    n: Number.NaN,
    nested: [1, 'x', null],
  },
  wrappers: [{ name: 'TimeLimit', data: { elapsed: 3, ended: false } }],
};

describe('env state serialisation', () => {
  it('round-trips typed arrays, non-finite numbers and nesting exactly', () => {
    const back = deserializeEnvState(serializeEnvState(sample));
    expect(back).toEqual(sample);
    const task = back.task as { goal: Float64Array; physics: Uint8Array };
    expect(task.goal).toBeInstanceOf(Float64Array);
    expect(task.physics).toBeInstanceOf(Uint8Array);
  });

  it('rejects truncated, corrupted and foreign buffers with InvalidState', () => {
    const bytes = serializeEnvState(sample);
    expect(() => deserializeEnvState(bytes.subarray(0, bytes.length - 1))).toThrow(InvalidState);
    const flipped = bytes.slice();
    flipped[flipped.length - 5]! ^= 0x10;
    expect(() => deserializeEnvState(flipped)).toThrow(/checksum/);
    expect(() => deserializeEnvState(new TextEncoder().encode('hello world, not a state'))).toThrow(
      InvalidState,
    );
    expect(() => deserializeEnvState(new Uint8Array(3))).toThrow(InvalidState);
  });
});
