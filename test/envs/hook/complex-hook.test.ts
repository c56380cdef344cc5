/**
 * ComplexHook: the procedural library (fixed, diverse, within the spec's distributions), scene selection and
 * its options, and that every one of the 100 objects rests stably where it is spawned.
 */
import { describe, expect, it } from 'vitest';
import { hashValue } from '../../../src/check/check-env.js';
import { ComplexHookEnv, complexHookLibrary } from '../../../src/envs/hook/complex-hook.js';
import { COMPLEX_HOOK_SCENE_COUNT, HOOK_TABLE_TOP_M } from '../../../src/envs/hook/constants.js';
import { HookEnv } from '../../../src/envs/hook/hook.js';
import { generateComplexHookLibrary, OBJECT_FAMILIES } from '../../../src/envs/hook/shapes.js';
import { InvalidOptions } from '../../../src/errors.js';

const ZERO = new Float32Array(4);
/** Zero-action steps each spawned object is watched for. */
const WATCH_STEPS = 10;

describe('ComplexHook library', () => {
  it('is the same 100 scenes every time, with every family and the spec distributions', () => {
    const lib = complexHookLibrary();
    expect(lib.length).toBe(COMPLEX_HOOK_SCENE_COUNT);
    const again = generateComplexHookLibrary(1812_06298, COMPLEX_HOOK_SCENE_COUNT);
    expect(JSON.stringify(again)).toBe(JSON.stringify(lib));
    expect(JSON.stringify(generateComplexHookLibrary(1, 3))).not.toBe(JSON.stringify(lib.slice(0, 3)));
    const families = new Set(lib.map((s) => s.object.family));
    expect([...families].sort()).toEqual([...OBJECT_FAMILIES].sort());
    const counts = lib.map((s) => s.bumps.length);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...counts)).toBeLessThanOrEqual(15);
    expect(new Set(counts).size).toBeGreaterThan(4);
    for (const scene of lib) {
      const o = scene.object;
      expect(Math.max(...o.size_m)).toBeGreaterThanOrEqual(0.06 - 1e-9);
      expect(Math.max(...o.size_m)).toBeLessThanOrEqual(0.12 + 1e-9);
      expect(o.mass_kg).toBeGreaterThanOrEqual(0.01);
      expect(o.mass_kg).toBeLessThanOrEqual(0.25);
      expect(o.jointDamping).toBeGreaterThanOrEqual(0.2);
      expect(o.jointDamping).toBeLessThanOrEqual(5);
      for (const b of scene.bumps) {
        expect(b.halfExtents_m[2]).toBeLessThanOrEqual(0.005);
        expect(b.centre_m[2]).toBeCloseTo(HOOK_TABLE_TOP_M + b.halfExtents_m[2], 12);
        expect(Math.abs(b.centre_m[0] - 1.65)).toBeLessThanOrEqual(0.3);
        expect(Math.abs(b.centre_m[1] - 0.75)).toBeLessThanOrEqual(0.3);
      }
    }
  });
});

describe('ComplexHook-v0', () => {
  it('draws the scene per episode from the env generator and reports it in info', () => {
    const env = new ComplexHookEnv();
    const seen = new Set<number>();
    for (let seed = 0; seed < 12; seed++) {
      const { info } = env.reset({ seed });
      expect(info.scene_index).toBe(env.sceneIndex);
      seen.add(env.sceneIndex);
    }
    expect(seen.size).toBeGreaterThan(8);
    const first = env.reset({ seed: 3 });
    const again = env.reset({ seed: 3 });
    expect(again.info.scene_index).toBe(first.info.scene_index);
    expect(hashValue(again.obs).hex()).toBe(hashValue(first.obs).hex());
    env.close();
  });

  it('fixes the scene with the sceneIndex option (constructor or reset), validated by the schema', () => {
    const fixed = new ComplexHookEnv({ sceneIndex: 42 });
    const free = new ComplexHookEnv();
    for (const seed of [0, 1, 2]) {
      const a = fixed.reset({ seed });
      const b = free.reset({ seed, options: { sceneIndex: 42 } });
      expect(a.info.scene_index).toBe(42);
      expect(hashValue(a.obs).hex()).toBe(hashValue(b.obs).hex());
    }
    // The scene draw is still consumed, so the object and goal draws do not depend on the option.
    const r = free.reset({ seed: 5 });
    expect(fixed.reset({ seed: 5 }).obs.desired_goal).toEqual(r.obs.desired_goal);
    for (const bad of [-1, 100, 1.5, '3']) {
      expect(() => new ComplexHookEnv({ sceneIndex: bad as number })).toThrow(InvalidOptions);
      const before = free.rng.getState();
      expect(() => free.reset({ options: { sceneIndex: bad } })).toThrow(InvalidOptions);
      expect(free.rng.getState()).toEqual(before); // rejected before any draw
    }
    expect(() => free.reset({ options: { somethingElse: 1 } })).not.toThrow();
    fixed.close();
    free.close();
  });

  it('samples the object xy in [1.75, 1.85] × [0.70, 0.80] (tracked point) with the Hook goal', () => {
    const env = new ComplexHookEnv();
    const hook = new HookEnv();
    for (let seed = 0; seed < 10; seed++) {
      const { obs } = env.reset({ seed });
      const b = obs.achieved_goal;
      expect(b[0]!).toBeGreaterThanOrEqual(1.75);
      expect(b[0]!).toBeLessThanOrEqual(1.85);
      expect(Math.abs(b[1]! - 0.75)).toBeLessThanOrEqual(0.05);
      expect(obs.observation.length).toBe(40);
      const G = obs.desired_goal;
      expect(G[0]! - 1.65).toBeCloseTo(G[1]! - 0.75, 12);
    }
    hook.close();
    env.close();
  });

  it('spawns every one of the 100 objects resting stably (upright on the table, or settled on a bump)', () => {
    const env = new ComplexHookEnv();
    const lib = complexHookLibrary();
    const restZ = HOOK_TABLE_TOP_M + 0.007; // tracked point of an object standing on the table
    let onTable = 0;
    for (let k = 0; k < lib.length; k++) {
      const { obs } = env.reset({ seed: k, options: { sceneIndex: k } });
      const start = obs.achieved_goal;
      // A bump under the spawn point lifts the object onto it (up to 1 cm + clearance).
      const lifted = start[2]! > restZ + 1e-4;
      let last = obs;
      for (let t = 0; t < WATCH_STEPS; t++) last = env.step(ZERO).obs;
      const p = last.achieved_goal;
      const o = last.observation;
      const drift = Math.hypot(p[0]! - start[0]!, p[1]! - start[1]!);
      const rise = p[2]! - restZ;
      const tilt = Math.max(Math.abs(o[11]!), Math.abs(o[12]!));
      const speed = Math.hypot(o[14]! + o[20]!, o[15]! + o[21]!, o[16]! + o[22]!) / 0.04;
      const ok = lifted
        ? drift < 0.003 && rise > -0.002 && rise < 0.011 && tilt < 0.2 && speed < 0.02
        : drift < 0.001 && Math.abs(rise) < 0.0015 && tilt < 0.01 && speed < 0.005;
      if (!lifted) onTable++;
      if (!ok) {
        throw new Error(
          `scene ${k} (${lib[k]!.object.family}, lifted ${lifted}): drift ${drift}, height above rest ${rise}, tilt ${tilt}, speed ${speed}`,
        );
      }
    }
    expect(onTable).toBeGreaterThan(25); // the rest were spawned over one of the bumps
    env.close();
  });
});
