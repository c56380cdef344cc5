/**
 * The abstract {@link Space} (Gymnasium `gymnasium.spaces.Space`), the dtype names and the shared types
 * of the spaces module.
 *
 * @module
 */
import { assertValidSeed } from '../errors.js';
import { entropySeed, Rng } from '../random/rng.js';
import type { DType } from './dtype.js';

export {
  type BoxArray,
  DTYPES,
  type DType,
  type DTypeArrayMap,
  type IntArray,
  type IntDType,
  typedArrayFor,
} from './dtype.js';

/**
 * The seeds a space actually used: a number for a simple space, an object keyed like a Dict, an array
 * ordered like a Tuple (nested for nested spaces).
 */
export type SeedTree = number | { [key: string]: SeedTree } | SeedTree[];

/** Options every space constructor accepts. */
export interface SpaceOptions {
  /**
   * Seed of the space's own generator (a non-negative safe integer), or a generator to use as is (it is
   * then shared, not copied).
   */
  readonly seed?: number | Rng;
}

/** Optional arguments of {@link Space.sample}; which ones a space supports is documented per space. */
export interface SampleOptions {
  /** Restricts the values that may be drawn (space-specific format). */
  readonly mask?: unknown;
  /** Probabilities of the values (space-specific format). */
  readonly probability?: unknown;
}

/** A JSON Schema (draft 2020-12) as a plain object. */
export type JSONSchema = { [keyword: string]: unknown };

/** The JSON Schema dialect of {@link Space.toJSONSchema} (compile with `Ajv2020` from `ajv/dist/2020.js`). */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** The element type of a space type: `SpaceElement<Box<Float64Array>>` is `Float64Array`. */
export type SpaceElement<S> = S extends Space<infer T> ? T : never;

/**
 * A set of values with a random sampler (Gymnasium `Space`): the type of observations and actions.
 *
 * Every space owns its generator, independent from the env's: seeding the env does not seed
 * `actionSpace.sample()`; call `space.seed(s)` (or pass `{ seed }` at construction). Without a seed the
 * generator is created from OS entropy on first use. `sample()` never changes anything but that generator.
 *
 * @typeParam T - the type of the elements
 */
export abstract class Space<T> {
  /** Shape of an element (flat row-major typed arrays carry it); null for Dict and Tuple. */
  abstract readonly shape: readonly number[] | null;
  /** Element dtype; null for Dict and Tuple. */
  abstract readonly dtype: DType | null;
  private rngValue: Rng | null = null;

  /**
   * @param opts - `seed`: seed of the space's generator, or a generator to use
   * @throws InvalidSeed if the seed is not a non-negative safe integer
   */
  constructor(opts?: SpaceOptions) {
    const seed = opts?.seed;
    if (seed instanceof Rng) this.rngValue = seed;
    else if (seed !== undefined) this.rngValue = Rng.fromSeed(assertValidSeed(seed));
  }

  /** The space's generator (Gymnasium `np_random`), created from OS entropy on first use if never seeded. */
  get rng(): Rng {
    if (this.rngValue === null) this.rngValue = Rng.fromSeed(entropySeed());
    return this.rngValue;
  }

  /** Replaces the space's generator (it is used as is, not copied). */
  set rng(value: Rng) {
    this.rngValue = value;
  }

  /**
   * Seeds the space's generator so that subsequent `sample()` streams are reproducible; without a seed it
   * is reseeded from OS entropy. Composite spaces also seed their children (see Dict and Tuple).
   *
   * @returns the seed(s) actually used
   * @throws InvalidSeed if the seed is not a non-negative safe integer
   */
  seed(seed?: SeedTree): SeedTree {
    const s = seed == null ? entropySeed() : assertValidSeed(seed);
    this.rngValue = Rng.fromSeed(s);
    return s;
  }

  /** A random element, drawn from the space's generator only. */
  abstract sample(opts?: SampleOptions): T;

  /** True if `x` is an element of the space. Never throws. */
  abstract contains(x: unknown): boolean;

  /** Whether `other` describes the same set (Python `__eq__`); the generators are not compared. */
  equals(other: Space<unknown>): boolean {
    return other === this;
  }

  /** Whether elements flatten to one array and the space to one Box (see `flattenSpace`). */
  get isNpFlattenable(): boolean {
    return false;
  }

  /**
   * A JSON Schema (draft 2020-12) of the JSON encodings of the elements: typed arrays as flat arrays of
   * numbers, Dict elements as objects, Tuple elements as arrays. The base class accepts any value;
   * subclasses describe their elements exactly.
   */
  toJSONSchema(): JSONSchema {
    return { $schema: JSON_SCHEMA_DIALECT };
  }

  /** Python-style representation, e.g. `Box(-1.0, 1.0, (4,), float32)`. */
  toString(): string {
    return `${this.constructor.name}()`;
  }
}
