import { describe, expect, it } from 'vitest';
import { RAPIER } from '../../src/physics/rapier.js';
import { TrajectoryHash } from '../../src/physics/trajectory-hash.js';
import { createWorld, isBodyFinite, restoreWorld, snapshotWorld } from '../../src/physics/world.js';

function buildPile() {
  const world = createWorld({
    gravity_mps2: [0, 0, -9.81],
    timestep_s: 0.002,
    contactNaturalFrequency_hz: 100,
  });
  world.createCollider(RAPIER.ColliderDesc.cuboid(1, 1, 0.1));
  for (let i = 0; i < 6; i++) {
    const body = world.createRigidBody(
      RAPIER.RigidBodyDesc.dynamic()
        .setTranslation(0.01 * i, 0.02 * (i % 3), 0.2 + 0.06 * i)
        .setCanSleep(false),
    );
    world.createCollider(RAPIER.ColliderDesc.cuboid(0.025, 0.025, 0.025), body);
  }
  return world;
}

describe('TrajectoryHash', () => {
  it('is FNV-1a over float64 bits', () => {
    expect(new TrajectoryHash().hex()).toBe('811c9dc5');
    // float64 1.0 = 0x3ff0000000000000, little-endian bytes 00 00 00 00 00 00 f0 3f
    let h = 0x811c9dc5;
    for (const byte of [0, 0, 0, 0, 0, 0, 0xf0, 0x3f]) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
    expect(new TrajectoryHash().add(1).value()).toBe(h);
    // The last bit of a float64 matters (1 + 2^-52 is not 1 in float32 either way, but 1 + 2^-40 is).
    expect(new TrajectoryHash().add(1).hex()).not.toBe(new TrajectoryHash().add(1 + 2 ** -52).hex());
  });
});

describe('physics adapter', () => {
  it('is deterministic for identical construction', () => {
    const run = () => {
      const w = buildPile();
      const h = new TrajectoryHash();
      for (let i = 0; i < 200; i++) {
        w.step();
        h.addWorld(w);
      }
      w.free();
      return h.hex();
    };
    expect(run()).toBe(run());
  });

  it('restores snapshots that continue bit-identically', () => {
    const w = buildPile();
    for (let i = 0; i < 100; i++) w.step();
    const snap = snapshotWorld(w);
    const continueHash = (world: ReturnType<typeof buildPile>) => {
      const h = new TrajectoryHash();
      for (let i = 0; i < 200; i++) {
        world.step();
        h.addWorld(world);
      }
      return h.hex();
    };
    const restored = restoreWorld(snap);
    expect(continueHash(restored)).toBe(continueHash(w));
    restored.free();
    w.free();
  });

  it('keeps wasm memory flat over many synchronous restores', () => {
    const w = buildPile();
    const snap = snapshotWorld(w);
    w.free();
    for (let i = 0; i < 200; i++) restoreWorld(snap).free();
    const before = process.memoryUsage().external;
    for (let i = 0; i < 3000; i++) restoreWorld(snap).free();
    const grownMB = (process.memoryUsage().external - before) / 2 ** 20;
    // World.restoreSnapshot would leak ~2 MB per 1000 restores here.
    expect(grownMB).toBeLessThan(1.5);
  });

  it('reports finite bodies', () => {
    const w = buildPile();
    w.step();
    w.bodies.forEach((b) => {
      expect(isBodyFinite(b)).toBe(true);
    });
    w.free();
  });

  it('rejects bytes that are not a snapshot', () => {
    expect(() => restoreWorld(Uint8Array.of(1, 2, 3))).toThrow();
  });
});
