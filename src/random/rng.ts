import { webcrypto } from 'node:crypto';
import seedrandom from 'seedrandom';
import { assertValidSeed, InvalidState } from '../errors.js';

/** The full internal state of an {@link Rng}: plain data, JSON-serialisable. */
export interface RngState {
  /** Generator algorithm (always `'tychei'` in this version). */
  readonly algorithm: 'tychei';
  /** The seed string the generator was created from (kept so that {@link Rng.fork} stays reproducible). */
  readonly seedKey: string;
  /** The four 32-bit words of the tychei state. */
  readonly words: readonly [number, number, number, number];
}

interface TycheiState {
  a: number;
  b: number;
  c: number;
  d: number;
}

type TycheiPrng = seedrandom.PRNG & { state(): TycheiState };

const TWO_PI = 2 * Math.PI;

/**
 * The one source of randomness in residual-gym: a seeded generator (seedrandom's `tychei`, 128-bit state,
 * 53-bit doubles) with uniform, normal, exponential and integer draws, and a state that can be saved and
 * restored exactly. Gymnasium calls the env's generator `np_random`; streams here do not imitate NumPy.
 *
 * @example
 * ```ts
 * const rng = Rng.fromSeed(42);
 * const x = rng.uniform(-0.15, 0.15);
 * const saved = rng.getState();
 * const a = rng.normal();
 * rng.setState(saved);
 * rng.normal() === a; // true
 * ```
 */
export class Rng {
  private prng: TycheiPrng;
  private seedKeyValue: string;

  private constructor(seedKey: string, state?: TycheiState) {
    this.seedKeyValue = seedKey;
    this.prng = (state
      ? seedrandom.tychei('', { state: { ...state } })
      : seedrandom.tychei(seedKey, { state: true })) as unknown as TycheiPrng;
  }

  /**
   * A generator seeded with a non-negative safe integer.
   *
   * @throws InvalidSeed if `seed` is not a non-negative safe integer
   */
  static fromSeed(seed: number): Rng {
    assertValidSeed(seed);
    return new Rng(`residual-gym:${seed}`);
  }

  /** A generator seeded from operating-system entropy (used only when the user never seeds). */
  static fromEntropy(): Rng {
    return Rng.fromSeed(entropySeed());
  }

  /** A generator that continues exactly from a saved state. */
  static fromState(state: RngState): Rng {
    const rng = new Rng('', { a: 0, b: 0, c: 0, d: 0 });
    rng.setState(state);
    return rng;
  }

  /**
   * An independent generator derived from this one's seed and `name`, without consuming any of this
   * generator's draws (so adding a new stream never moves the existing ones).
   */
  fork(name: string): Rng {
    return new Rng(`${this.seedKeyValue}/${name}`);
  }

  /** A uniform double in `[low, high)`. */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.prng.double();
  }

  /** A standard-normal draw scaled to `mean + std * N(0, 1)` (Box-Muller, two uniforms per draw). */
  normal(mean = 0, std = 1): number {
    const u1 = 1 - this.prng.double(); // in (0, 1], so log is finite
    const u2 = this.prng.double();
    return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(TWO_PI * u2);
  }

  /** An Exp(1) draw. */
  exponential(): number {
    return -Math.log(1 - this.prng.double());
  }

  /** A uniform integer in `[low, highExclusive)`; both must be safe integers with low < highExclusive. */
  integer(low: number, highExclusive: number): number {
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(highExclusive) || highExclusive <= low) {
      throw new RangeError(
        `integer(low, highExclusive) needs safe integers with low < high, got ${low}, ${highExclusive}`,
      );
    }
    return low + Math.floor(this.prng.double() * (highExclusive - low));
  }

  /** A uniform 32-bit unsigned integer (used to derive sub-seeds). */
  uint32(): number {
    return this.prng.int32() >>> 0;
  }

  /** Snapshot of the full state; restoring it with {@link Rng.setState} replays the same stream. */
  getState(): RngState {
    const s = this.prng.state();
    return { algorithm: 'tychei', seedKey: this.seedKeyValue, words: [s.a, s.b, s.c, s.d] };
  }

  /**
   * Restores a state produced by {@link Rng.getState}.
   *
   * @throws InvalidState if `state` is not a valid generator state
   */
  setState(state: RngState): void {
    if (!isRngState(state)) {
      throw new InvalidState('not a valid Rng state', 'invalid_rng_state', { state });
    }
    const [a, b, c, d] = state.words;
    this.prng = seedrandom.tychei('', { state: { a, b, c, d } }) as unknown as TycheiPrng;
    this.seedKeyValue = state.seedKey;
  }
}

/** True if `value` has the shape of an {@link RngState}. */
export function isRngState(value: unknown): value is RngState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<RngState>;
  return (
    v.algorithm === 'tychei' &&
    typeof v.seedKey === 'string' &&
    Array.isArray(v.words) &&
    v.words.length === 4 &&
    v.words.every((w) => Number.isInteger(w) && w >= -(2 ** 31) && w < 2 ** 32)
  );
}

/** A non-negative safe-integer seed from operating-system entropy. */
export function entropySeed(): number {
  const words = webcrypto.getRandomValues(new Uint32Array(2));
  return (words[0]! & 0x1fffff) * 2 ** 32 + words[1]!;
}
