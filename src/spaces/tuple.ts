import { describeValue, GymError, InvalidSeed } from '../errors.js';
import { Rng } from '../random/rng.js';
import { embeddedSchema, sampleArgError } from './internal.js';
import { JSON_SCHEMA_DIALECT, type JSONSchema, type SeedTree, Space, type SpaceElement } from './space.js';

/** The element type of `Tuple<S>`: an array with one element of each subspace. */
export type TupleElement<S extends readonly Space<unknown>[]> = {
  -readonly [K in keyof S]: SpaceElement<S[K]>;
};

/** Options of the {@link Tuple} constructor. */
export interface TupleOptions {
  /**
   * A seed (seeds the Tuple's generator, which derives one sub-seed per subspace), one seed per subspace,
   * or a generator to use as the Tuple's own (the subspaces are then not seeded).
   */
  readonly seed?: number | Rng | readonly SeedTree[];
}

/** Optional arguments of {@link Tuple.sample}: arrays with one entry per subspace (at most one of them). */
export interface TupleSampleOptions {
  /** The `mask` for each subspace (null/undefined for none). */
  readonly mask?: readonly unknown[] | null;
  /** The `probability` for each subspace (null/undefined for none). */
  readonly probability?: readonly unknown[] | null;
}

const MAX_SUB_SEED = 2 ** 31 - 1;

/**
 * A fixed sequence of subspaces (Gymnasium `Tuple`); elements are JS arrays of the same length.
 *
 * @typeParam S - the subspaces, as a tuple type
 *
 * @example
 * ```ts
 * const space = new Tuple([new Discrete(2), new Box(-1, 1, [3])]); // Tuple<[Discrete, Box<Float32Array>]>
 * const [flag, vec] = space.sample();                           // [number, Float32Array]
 * ```
 */
export class Tuple<S extends readonly Space<unknown>[] = Space<unknown>[]> extends Space<TupleElement<S>> {
  /** Tuple elements have no shape. */
  readonly shape = null;
  /** Tuple elements have no dtype. */
  readonly dtype = null;
  /** The subspaces, in order (frozen). */
  readonly spaces: Readonly<S> & readonly Space<unknown>[];

  /**
   * @param spaces - the subspaces, in order
   * @param opts - `seed`: a number, one seed per subspace, or a generator
   * @throws GymError if an entry is not a Space; InvalidSeed for a bad seed
   */
  constructor(spaces: readonly [...S], opts?: TupleOptions) {
    const seed = opts?.seed;
    super({ seed: seed instanceof Rng || typeof seed === 'number' ? seed : undefined });
    if (!Array.isArray(spaces)) {
      throw new GymError(
        `Tuple spaces must be an array of spaces, got ${describeValue(spaces)}`,
        'invalid_subspace',
      );
    }
    spaces.forEach((s, i) => {
      if (!(s instanceof Space)) {
        throw new GymError(`Tuple entry ${i} is not a Space: ${describeValue(s)}`, 'invalid_subspace', {
          index: i,
        });
      }
    });
    this.spaces = Object.freeze([...spaces]) as unknown as Readonly<S> & readonly Space<unknown>[];
    if (typeof seed === 'number' || Array.isArray(seed)) this.seed(seed as SeedTree);
  }

  /** Number of subspaces. */
  get length(): number {
    return this.spaces.length;
  }

  /**
   * The subspace at `index`.
   *
   * @throws GymError if the index is out of range
   */
  get<I extends number & keyof S>(index: I): S[I] {
    if (!Number.isInteger(index) || index < 0 || index >= this.spaces.length) {
      throw new GymError(`Tuple index ${index} out of range [0, ${this.spaces.length})`, 'unknown_key', {
        index,
      });
    }
    return this.spaces[index] as S[I];
  }

  /** Iterates over the subspaces. */
  [Symbol.iterator](): IterableIterator<S[number]> {
    return (this.spaces as readonly S[number][])[Symbol.iterator]();
  }

  /** True if every subspace flattens. */
  override get isNpFlattenable(): boolean {
    return this.spaces.every((s) => s.isNpFlattenable);
  }

  /**
   * Seeds the subspaces. A number seeds the Tuple's own generator, which draws one sub-seed per subspace
   * (uniform in `[0, 2^31 − 1)`) to seed each child; an array seeds each child directly (its length must
   * match); no seed reseeds every child from OS entropy.
   *
   * @returns the seeds used, one per subspace (nested for nested composite spaces)
   * @throws InvalidSeed for a bad seed or an array of the wrong length
   */
  override seed(seed?: SeedTree): SeedTree[] {
    if (seed == null) return this.spaces.map((s) => s.seed());
    if (typeof seed === 'number') {
      super.seed(seed);
      const rng = this.rng;
      const subSeeds = this.spaces.map(() => rng.integer(0, MAX_SUB_SEED));
      return this.spaces.map((s, i) => s.seed(subSeeds[i]));
    }
    if (!Array.isArray(seed)) {
      throw new InvalidSeed(
        `Tuple seed must be a number or an array of seeds, got ${describeValue(seed)}`,
        'invalid_seed',
        {
          seed,
        },
      );
    }
    if (seed.length !== this.spaces.length) {
      throw new InvalidSeed(
        `Tuple seed has ${seed.length} entries for ${this.spaces.length} subspaces`,
        'seed_length_mismatch',
        { seed },
      );
    }
    return this.spaces.map((s, i) => s.seed(seed[i]));
  }

  /**
   * One sample of each subspace, in order. `mask`/`probability`, if given, are arrays with one entry per
   * subspace that are passed to the subspaces.
   *
   * @throws GymError if both are given, or the lengths do not match
   */
  sample(opts?: TupleSampleOptions): TupleElement<S> {
    const mask = opts?.mask;
    const probability = opts?.probability;
    if (mask != null && probability != null) {
      sampleArgError('Tuple', 'only one of `mask` or `probability` can be provided');
    }
    const perSpace = mask ?? probability;
    if (perSpace != null && (!Array.isArray(perSpace) || perSpace.length !== this.spaces.length)) {
      sampleArgError(
        'Tuple',
        `${mask != null ? 'mask' : 'probability'} must be an array of length ${this.spaces.length}`,
      );
    }
    return this.spaces.map((s, i) => {
      if (mask != null) return s.sample({ mask: mask[i] });
      if (probability != null) return s.sample({ probability: probability[i] });
      return s.sample();
    }) as unknown as TupleElement<S>;
  }

  /** True if `x` is an array with one element per subspace, each contained in its subspace. */
  contains(x: unknown): boolean {
    return (
      Array.isArray(x) && x.length === this.spaces.length && this.spaces.every((s, i) => s.contains(x[i]))
    );
  }

  /** Same length and element-wise equal subspaces. */
  override equals(other: Space<unknown>): boolean {
    return (
      other instanceof Tuple &&
      other.spaces.length === this.spaces.length &&
      this.spaces.every((s, i) => s.equals(other.spaces[i]!))
    );
  }

  /** JSON Schema: an array with exactly one item per subspace (`prefixItems`), described by its schema. */
  override toJSONSchema(): JSONSchema {
    return {
      $schema: JSON_SCHEMA_DIALECT,
      type: 'array',
      prefixItems: this.spaces.map((s) => embeddedSchema(s)),
      items: false,
      minItems: this.spaces.length,
      maxItems: this.spaces.length,
    };
  }

  /** Gymnasium's repr: `Tuple(Discrete(2), Box(...))`. */
  override toString(): string {
    return `Tuple(${this.spaces.map((s) => String(s)).join(', ')})`;
  }
}
