import { describe, expect, it } from 'vitest';
import { quaternionToGymEuler } from '../../../src/envs/fetch/rotations.js';

/** gym rotations.euler2quat for the "sxyz"-style angles mat2euler returns (reference implementation). */
function euler2quat(ex: number, ey: number, ez: number): [number, number, number, number] {
  const [ai, aj, ak] = [ex / 2, -ey / 2, ez / 2];
  const [si, sj, sk] = [Math.sin(ai), Math.sin(aj), Math.sin(ak)];
  const [ci, cj, ck] = [Math.cos(ai), Math.cos(aj), Math.cos(ak)];
  const [cc, cs, sc, ss] = [ci * ck, ci * sk, si * ck, si * sk];
  // gym returns (w, x, y, z); here (x, y, z, w).
  return [cj * sc - sj * cs, -(cj * ss + sj * cc), cj * cs - sj * sc, cj * cc + sj * ss];
}

describe('quaternionToGymEuler (gym mat2euler)', () => {
  it('maps identity to exactly [0, 0, 0]', () => {
    const out = new Float64Array(3);
    quaternionToGymEuler(0, 0, 0, 1, out);
    expect(Array.from(out)).toEqual([0, 0, 0]);
    expect(Object.is(out[0], -0) || Object.is(out[1], -0) || Object.is(out[2], -0)).toBe(false);
  });

  it('inverts gym euler2quat away from gimbal lock', () => {
    const out = new Float64Array(4);
    for (const [ex, ey, ez] of [
      [0.3, 0, 0],
      [0, 0.4, 0],
      [0, 0, -1.2],
      [0.5, -0.7, 2.0],
      [-2.5, 1.2, -0.3],
    ] as const) {
      const [x, y, z, w] = euler2quat(ex, ey, ez);
      quaternionToGymEuler(x, y, z, w, out, 1);
      expect(out[1]).toBeCloseTo(ex, 12);
      expect(out[2]).toBeCloseTo(ey, 12);
      expect(out[3]).toBeCloseTo(ez, 12);
    }
  });

  it('uses the gimbal-lock branch (ex = 0) when cy vanishes', () => {
    const out = new Float64Array(3);
    const h = Math.SQRT1_2;
    quaternionToGymEuler(0, h, 0, h, out); // 90° about y: M22 = M12 = 0
    expect(out[0]).toBe(0);
    expect(Math.abs(out[1]!)).toBeCloseTo(Math.PI / 2, 12);
  });
});
