/**
 * Physics of the MBRLPusher scene against analytic expectations: joint limits, a single-joint rotation,
 * the scoop-only puck contact and the puck's table plane.
 */
import { describe, expect, it } from 'vitest';
import { PUCK_Z_M, PUSHER_SUBSTEPS, PUSHER_TIMESTEP_S } from '../../../src/envs/pusher/constants.js';
import { PUSHER_PHYSICS_PARAMS, PusherScene } from '../../../src/envs/pusher/scene.js';
import {
  PUSHER_ARM_BASE_M,
  PUSHER_ARMATURE_KGM2,
  PUSHER_JOINTS,
  PUSHER_LINK_DENSITY_KGPM3,
  PUSHER_LINKS,
} from '../../../src/robots/pusher-arm.js';

const OBS = new Float64Array(20);

function withScene<T>(fn: (scene: PusherScene) => T): T {
  const scene = PusherScene.create(PUSHER_PHYSICS_PARAMS);
  try {
    return fn(scene);
  } finally {
    scene.free();
  }
}

/** Largest amount by which any joint angle exceeds its range. */
function limitViolation(q: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < PUSHER_JOINTS.length; i++) {
    const [lo, hi] = PUSHER_JOINTS[i]!.range_rad;
    worst = Math.max(worst, q[i]! - hi, lo - q[i]!);
  }
  return worst;
}

/**
 * Moment of inertia of the whole arm at q = 0 about the shoulder-pan axis (world z through the base), from
 * the geoms of pusher.xml (solid capsules and spheres of density 300) plus the pan joint's armature.
 */
function panAxisInertia(): number {
  const rho = PUSHER_LINK_DENSITY_KGPM3;
  let origin = [...PUSHER_ARM_BASE_M];
  let inertia = PUSHER_ARMATURE_KGM2;
  for (const link of PUSHER_LINKS) {
    origin = origin.map((v, k) => v + link.offset[k]!);
    for (const g of link.geoms) {
      if (g.kind === 'sphere') {
        const m = rho * (4 / 3) * Math.PI * g.radius ** 3;
        const x = origin[0]! + g.pos[0] - PUSHER_ARM_BASE_M[0];
        const y = origin[1]! + g.pos[1] - PUSHER_ARM_BASE_M[1];
        inertia += 0.4 * m * g.radius ** 2 + m * (x * x + y * y);
        continue;
      }
      const r = g.radius;
      const d = [0, 1, 2].map((k) => g.to[k]! - g.from[k]!);
      const h = Math.hypot(d[0]!, d[1]!, d[2]!);
      const mCyl = rho * Math.PI * r * r * h;
      const mSph = rho * (4 / 3) * Math.PI * r ** 3;
      const iAxis = (mCyl * r * r) / 2 + (mSph * 2 * r * r) / 5;
      const iPerp =
        mCyl * ((h * h) / 12 + (r * r) / 4) + mSph * ((2 * r * r) / 5 + (h * h) / 4 + (3 * h * r) / 8);
      const alongZ = d[2] !== 0;
      const x = origin[0]! + (g.from[0] + g.to[0]) / 2 - PUSHER_ARM_BASE_M[0];
      const y = origin[1]! + (g.from[1] + g.to[1]) / 2 - PUSHER_ARM_BASE_M[1];
      inertia += (alongZ ? iAxis : iPerp) + (mCyl + mSph) * (x * x + y * y);
    }
  }
  return inertia;
}

describe('MBRLPusher physics', () => {
  it('holds every joint limit under maximum torque', () => {
    withScene((scene) => {
      let transient = 0;
      let sustained = 0;
      for (const sign of [1, -1, 1, -1]) {
        const torque = new Float64Array(7).fill(2 * sign);
        for (let k = 0; k < 60; k++) {
          scene.step(torque);
          scene.observe(OBS);
          const v = limitViolation(OBS);
          transient = Math.max(transient, v);
          if (k >= 40) sustained = Math.max(sustained, v);
        }
      }
      // Resting against a limit under 2 N·m the joints sit within 0.02 rad of it. A light joint swung across
      // its whole range at full torque hits the opposite limit at several rad/s and overshoots briefly
      // (measured 0.116 rad); MuJoCo's soft limits (timeconst 0.02 s) overshoot by v·0.02 s as well.
      expect(sustained).toBeLessThan(0.02);
      expect(transient).toBeLessThan(0.15);
    });
  });

  it('turns the shoulder pan under a constant torque as the analytic damped rotation predicts (5 %)', () => {
    withScene((scene) => {
      const tau = 0.5; // N·m, far from the limits in 0.5 s
      const b = PUSHER_JOINTS[0]!.damping_Nms;
      const I = panAxisInertia();
      const torque = new Float64Array(7);
      torque[0] = tau;
      const steps = 50; // 0.5 s of 0.01 s physics steps (the same loop as scene.step)
      for (let k = 0; k < steps; k++) {
        scene.arm.applyTorques(torque);
        scene.world.step();
      }
      scene.observe(OBS);
      const T = steps * PUSHER_TIMESTEP_S;
      // I q̈ = τ − b q̇ from rest: q(T) = τ/b · (T − I/b · (1 − e^{−bT/I})).
      const expected = (tau / b) * (T - (I / b) * (1 - Math.exp((-b * T) / I)));
      expect(I).toBeGreaterThan(0.9);
      expect(Math.abs(OBS[0]! / expected - 1)).toBeLessThan(0.05);
      // At q = 0 the pan axis is decoupled from the other joints, which stay put.
      for (let i = 1; i < 7; i++) expect(Math.abs(OBS[i]!)).toBeLessThan(1e-4);
    });
  });

  it('lets arm links pass through the puck: it moves only once the scoop touches it, and stays on its plane', () => {
    withScene((scene) => {
      scene.setPuckXY(0.45, -0.6); // under the upper arm and elbow
      const start = scene.puck.translation();
      const torque = Float64Array.of(0, 2, 0, 0, 0, -1, 0); // lower the arm, wrist flexed up
      let firstContact = -1;
      let closestBeforeContact = Number.POSITIVE_INFINITY;
      for (let k = 0; k < 50 * PUSHER_SUBSTEPS; k++) {
        scene.arm.applyTorques(torque);
        scene.world.step();
        const p = scene.puck.translation();
        expect(p.z).toBe(Math.fround(PUCK_Z_M));
        if (firstContact < 0 && scene.scoopTouchesPuck()) firstContact = k;
        if (firstContact < 0) {
          expect([p.x, p.y]).toEqual([start.x, start.y]);
          closestBeforeContact = Math.min(closestBeforeContact, distanceToForearmAxes(scene, p));
        }
      }
      // The upper arm / forearm axis went right through the puck without moving it...
      expect(closestBeforeContact).toBeLessThan(0.02);
      // ...and then the scoop reached the puck and pushed it.
      expect(firstContact).toBeGreaterThan(0);
      const end = scene.puck.translation();
      expect(Math.hypot(end.x - start.x, end.y - start.y)).toBeGreaterThan(0.05);
    });
  });

  it('changes the puck velocity only while the scoop touches it (otherwise it coasts and slows)', () => {
    withScene((scene) => {
      scene.setPuckXY(0.65, -0.45); // in the path of the scoop when the lowered arm pans
      const torque = Float64Array.of(0.6, 1.5, 0, 0, 0, 0, 0);
      let touched = 0;
      let prev = { x: 0, y: 0 };
      for (let k = 0; k < 90 * PUSHER_SUBSTEPS; k++) {
        scene.arm.applyTorques(torque);
        scene.world.step();
        const v = scene.puck.linvel();
        expect(scene.puck.translation().z).toBe(Math.fround(PUCK_Z_M));
        if (scene.scoopTouchesPuck()) {
          touched++;
        } else {
          // No contact: pure viscous damping keeps the direction and shrinks the speed.
          const cross = prev.x * v.y - prev.y * v.x;
          expect(Math.abs(cross)).toBeLessThanOrEqual(1e-6 * Math.hypot(prev.x, prev.y) ** 2 + 1e-12);
          expect(Math.hypot(v.x, v.y)).toBeLessThanOrEqual(Math.hypot(prev.x, prev.y));
        }
        prev = { x: v.x, y: v.y };
      }
      expect(touched).toBeGreaterThan(0);
    });
  });
});

/** Distance from point p to the axes of the upper-arm (0.4 m) and forearm (0.291 m) links. */
function distanceToForearmAxes(scene: PusherScene, p: { x: number; y: number; z: number }): number {
  let best = Number.POSITIVE_INFINITY;
  for (const [link, length] of [
    [2, 0.4],
    [4, 0.291],
  ] as const) {
    const body = scene.arm.linkBodies[link]!;
    const o = body.translation();
    const r = body.rotation();
    const ax = 1 - 2 * (r.y * r.y + r.z * r.z);
    const ay = 2 * (r.x * r.y + r.z * r.w);
    const az = 2 * (r.x * r.z - r.y * r.w);
    const w = [p.x - o.x, p.y - o.y, p.z - o.z];
    const u = Math.max(0, Math.min(length, w[0]! * ax + w[1]! * ay + w[2]! * az));
    best = Math.min(best, Math.hypot(w[0]! - u * ax, w[1]! - u * ay, w[2]! - u * az));
  }
  return best;
}
