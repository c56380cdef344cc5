/**
 * gym's `rotations.mat2euler` applied to a unit quaternion: the Euler convention of every Fetch observation.
 *
 * @module
 */

/** 4 × float64 machine epsilon: gym rotations.py `_EPS4`, the gimbal-lock threshold. */
const EPS4 = Number.EPSILON * 4;

/**
 * Writes the Euler angles [ex, ey, ez] (rad) of the rotation quaternion (x, y, z, w) to `out[offset..+3)`,
 * exactly as gym's `mat2euler` does on the rotation matrix M of the quaternion:
 * cy = √(M22² + M12²); if cy > 4ε: ez = −atan2(M01, M00), ey = −atan2(−M02, cy), ex = −atan2(M12, M22);
 * otherwise ez = −atan2(−M10, M11), ey = −atan2(−M02, cy), ex = 0. Identity → [0, 0, 0].
 */
export function quaternionToGymEuler(
  x: number,
  y: number,
  z: number,
  w: number,
  out: Float64Array,
  offset = 0,
): void {
  // Rotation matrix of a unit quaternion (row, column).
  const m00 = 1 - 2 * (y * y + z * z);
  const m01 = 2 * (x * y - z * w);
  const m02 = 2 * (x * z + y * w);
  const m10 = 2 * (x * y + z * w);
  const m11 = 1 - 2 * (x * x + z * z);
  const m12 = 2 * (y * z - x * w);
  const m22 = 1 - 2 * (x * x + y * y);
  const cy = Math.sqrt(m22 * m22 + m12 * m12);
  // `0 - atan2(...)` rather than `-atan2(...)`: turns −0 into +0, so identity gives exactly [0, 0, 0].
  if (cy > EPS4) {
    out[offset + 2] = 0 - Math.atan2(m01, m00);
    out[offset + 1] = 0 - Math.atan2(-m02, cy);
    out[offset] = 0 - Math.atan2(m12, m22);
  } else {
    out[offset + 2] = 0 - Math.atan2(-m10, m11);
    out[offset + 1] = 0 - Math.atan2(-m02, cy);
    out[offset] = 0;
  }
}
