import type { World } from './rapier.js';

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a (32-bit) over the float64 bit patterns of a stream of numbers: the trajectory hash that tests use
 * to pin determinism. Observations are float64, so any difference in any bit changes the hash; body poses
 * (float32 inside Rapier) widen to float64 exactly, so hashing them this way loses nothing either.
 *
 * @example
 * ```ts
 * const h = new TrajectoryHash();
 * h.addWorld(world);           // every body's translation and rotation
 * h.addArray(obs.observation); // or any numbers
 * h.hex(); // e.g. '5b1f09a2'
 * ```
 */
export class TrajectoryHash {
  private state = FNV_OFFSET_BASIS;
  private readonly f64 = new Float64Array(1);
  private readonly bytes = new Uint8Array(this.f64.buffer);

  /** Mixes one number (its 8 float64 bytes, little-endian on every supported platform) into the hash. */
  add(value: number): this {
    this.f64[0] = value;
    let h = this.state;
    for (let i = 0; i < 8; i++) {
      h ^= this.bytes[i]!;
      h = Math.imul(h, FNV_PRIME);
    }
    this.state = h >>> 0;
    return this;
  }

  /** Mixes every element of an array. */
  addArray(values: ArrayLike<number>): this {
    for (let i = 0; i < values.length; i++) this.add(values[i]!);
    return this;
  }

  /** Mixes the translation and rotation of every rigid body, in handle order. */
  addWorld(world: World): this {
    world.bodies.forEach((body) => {
      const t = body.translation();
      const r = body.rotation();
      this.add(t.x).add(t.y).add(t.z).add(r.x).add(r.y).add(r.z).add(r.w);
    });
    return this;
  }

  /** The hash as an unsigned 32-bit integer. */
  value(): number {
    return this.state;
  }

  /** The hash as 8 lowercase hex digits. */
  hex(): string {
    return this.state.toString(16).padStart(8, '0');
  }
}
