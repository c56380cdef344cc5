/**
 * `renderMode` on the task envs: validated at construction, listed in `metadata.renderModes`, and
 * `rgb_array` returning H x W x 3 uint8 frames through headless Chromium (skipped when it is absent).
 */
import '../../src/registry/builtin.js';
import { describe, expect, it } from 'vitest';
import { CheckReport, checkRenderResult } from '../../src/check/passive-checks.js';
import { InvalidOptions } from '../../src/errors.js';
import { taskEnvSpecs } from '../../src/registry/builtin.js';
import { make } from '../../src/registry/registry.js';
import { chromiumAvailable } from '../../src/render/browser.js';

const ids = taskEnvSpecs.map((s) => s.id);

describe.each(ids)('%s render modes', (id) => {
  it('lists rgb_array with a frame rate, renders null by default, refuses unknown modes', () => {
    const env = make(id);
    expect(env.metadata.renderModes).toEqual(['rgb_array']);
    expect(env.metadata.renderFps).toBe(25);
    env.reset({ seed: 0 });
    expect(env.renderMode).toBeNull();
    expect(env.render()).toBeNull();
    env.close();
    expect(() => make(id, { renderMode: 'human' })).toThrow(InvalidOptions);
  });
});

describe.skipIf(!chromiumAvailable())(
  'rgb_array through headless Chromium (skipped without /usr/bin/chromium)',
  () => {
    it('Push-v0 returns H x W x 3 uint8 frames that change when the gripper moves', () => {
      const env = make<unknown, Float32Array>('Push-v0', { renderMode: 'rgb_array' });
      env.reset({ seed: 0 });
      const first = env.render() as { data: Uint8Array; shape: [number, number, 3] };
      const report = new CheckReport();
      checkRenderResult(env, first, report);
      expect(first.shape[2]).toBe(3);
      expect(first.data).toBeInstanceOf(Uint8Array);
      expect(first.data.length).toBe(first.shape[0] * first.shape[1] * 3);
      for (let t = 0; t < 8; t++) env.step(Float32Array.of(1, 0, 0, 0));
      const later = env.render() as { data: Uint8Array };
      let changed = 0;
      for (let i = 0; i < later.data.length; i++) if (later.data[i] !== first.data[i]) changed++;
      expect(changed).toBeGreaterThan(100);
      env.close();
      expect(() => env.render()).toThrow();
    });
  },
);
