import { describeValue, GymError, InvalidSeed } from '../errors.js';
import { Rng } from '../random/rng.js';
import { pyStr } from './format.js';
import { embeddedSchema, sampleArgError } from './internal.js';
import { JSON_SCHEMA_DIALECT, type JSONSchema, type SeedTree, Space, type SpaceElement } from './space.js';

/** Named subspaces of a {@link Dict}. */
export type SpaceMap = { readonly [key: string]: Space<unknown> };

/** The element type of `Dict<S>`: an object with one element of each subspace. */
export type DictElement<S extends SpaceMap> = { -readonly [K in keyof S]: SpaceElement<S[K]> };

/** Options of the {@link Dict} constructor. */
export interface DictOptions {
  /**
   * A seed (seeds the Dict's generator, which derives one sub-seed per subspace), one seed per key, or a
   * generator to use as the Dict's own (the subspaces are then not seeded).
   */
  readonly seed?: number | Rng | { readonly [key: string]: SeedTree };
}

/** Optional arguments of {@link Dict.sample}: objects with exactly the Dict's keys (at most one of them). */
export interface DictSampleOptions {
  /** The `mask` for each subspace (null/undefined for none). */
  readonly mask?: { readonly [key: string]: unknown } | null;
  /** The `probability` for each subspace (null/undefined for none). */
  readonly probability?: { readonly [key: string]: unknown } | null;
}

const MAX_SUB_SEED = 2 ** 31 - 1;

/**
 * Named subspaces (Gymnasium `Dict`); elements are plain objects with exactly the same keys.
 *
 * **Key order** (it fixes flattening and the order subspaces are sampled in): `new Dict({...})` sorts the
 * keys lexicographically, like Gymnasium given a plain dict; `new Dict([[key, space], ...])` (or a `Map`)
 * keeps the given order. Element objects are built in key order, but JavaScript enumerates integer-like keys
 * (`'0'`, `'12'`) first in any object: use {@link Dict.keys} when order matters.
 *
 * @typeParam S - the subspaces by key
 *
 * @example
 * ```ts
 * const obs = new Dict({
 *   observation: new Box(-Infinity, Infinity, [10], 'float64'),
 *   achieved_goal: new Box(-Infinity, Infinity, [3], 'float64'),
 *   desired_goal: new Box(-Infinity, Infinity, [3], 'float64'),
 * });
 * obs.keys(); // ['achieved_goal', 'desired_goal', 'observation']
 * ```
 */
export class Dict<S extends SpaceMap = SpaceMap> extends Space<DictElement<S>> {
  /** Dict elements have no shape. */
  readonly shape = null;
  /** Dict elements have no dtype. */
  readonly dtype = null;
  /** The subspaces by key (a frozen object; iterate {@link Dict.keys} for the key order). */
  readonly spaces: Readonly<S>;
  private readonly keyList: readonly (keyof S & string)[];

  /**
   * @param spaces - subspaces as a plain object (keys sorted) or as `[key, space]` entries / a `Map`
   *   (order kept)
   * @param opts - `seed`: a number, one seed per key, or a generator
   * @throws GymError if a value is not a Space or a key repeats; InvalidSeed for a bad seed
   */
  constructor(spaces: S, opts?: DictOptions);
  constructor(spaces: Iterable<readonly [string, Space<unknown>]>, opts?: DictOptions);
  constructor(spaces: S | Iterable<readonly [string, Space<unknown>]>, opts?: DictOptions) {
    const seed = opts?.seed;
    super({ seed: seed instanceof Rng || typeof seed === 'number' ? seed : undefined });
    let entries: [string, Space<unknown>][];
    if (typeof spaces !== 'object' || spaces === null) {
      throw new GymError(
        `Dict spaces must be an object or [key, space] entries, got ${describeValue(spaces)}`,
        'invalid_subspace',
      );
    }
    if (Symbol.iterator in spaces) {
      entries = [];
      for (const entry of spaces as Iterable<readonly [string, Space<unknown>]>) {
        if (!Array.isArray(entry) || entry.length !== 2) {
          throw new GymError(
            `Dict entries must be [key, space] pairs, got ${describeValue(entry)}`,
            'invalid_subspace',
          );
        }
        entries.push([entry[0], entry[1]]);
      }
    } else {
      entries = Object.keys(spaces)
        .sort()
        .map((k) => [k, (spaces as S)[k]!]);
    }
    const map: Record<string, Space<unknown>> = {};
    const keys: string[] = [];
    for (const [key, space] of entries) {
      if (typeof key !== 'string') {
        throw new GymError(`Dict keys must be strings, got ${describeValue(key)}`, 'invalid_subspace');
      }
      if (!(space instanceof Space)) {
        throw new GymError(
          `Dict value for key ${pyStr(key)} is not a Space: ${describeValue(space)}`,
          'invalid_subspace',
          {
            key,
          },
        );
      }
      if (Object.hasOwn(map, key))
        throw new GymError(`Dict key ${pyStr(key)} appears twice`, 'duplicate_key', { key });
      map[key] = space;
      keys.push(key);
    }
    this.spaces = Object.freeze(map) as Readonly<S>;
    this.keyList = Object.freeze(keys) as readonly (keyof S & string)[];
    if (typeof seed === 'number' || (typeof seed === 'object' && seed !== null && !(seed instanceof Rng))) {
      this.seed(seed);
    }
  }

  /** Number of subspaces. */
  get size(): number {
    return this.keyList.length;
  }

  /** The keys, in the Dict's order (a fresh array). */
  keys(): (keyof S & string)[] {
    return [...this.keyList];
  }

  /** `[key, subspace]` pairs in the Dict's order (a fresh array). */
  entries(): [keyof S & string, S[keyof S & string]][] {
    return this.keyList.map((k) => [k, this.spaces[k]] as [keyof S & string, S[keyof S & string]]);
  }

  /** Iterates over the keys in the Dict's order. */
  [Symbol.iterator](): IterableIterator<keyof S & string> {
    return this.keyList[Symbol.iterator]();
  }

  /**
   * The subspace of `key`.
   *
   * @throws GymError if there is no such key
   */
  get<K extends keyof S & string>(key: K): S[K] {
    if (!Object.hasOwn(this.spaces, key)) {
      throw new GymError(
        `Dict has no key ${pyStr(String(key))}; keys: ${this.keyList.join(', ')}`,
        'unknown_key',
        { key },
      );
    }
    return this.spaces[key];
  }

  /** True if every subspace flattens. */
  override get isNpFlattenable(): boolean {
    return this.keyList.every((k) => this.spaces[k]!.isNpFlattenable);
  }

  /**
   * Seeds the subspaces. A number seeds the Dict's own generator, which draws one sub-seed per subspace in
   * key order (uniform in `[0, 2^31 − 1)`) to seed each child; an object seeds each child directly with its
   * value (the key set must match exactly); no seed reseeds every child from OS entropy.
   *
   * @returns the seeds used, by key (nested for nested composite spaces)
   * @throws InvalidSeed for a bad seed or a key set that does not match
   */
  override seed(seed?: SeedTree): { [key: string]: SeedTree } {
    const out: { [key: string]: SeedTree } = {};
    if (seed == null) {
      for (const k of this.keyList) out[k] = this.spaces[k]!.seed();
      return out;
    }
    if (typeof seed === 'number') {
      super.seed(seed);
      const rng = this.rng;
      const subSeeds = this.keyList.map(() => rng.integer(0, MAX_SUB_SEED));
      this.keyList.forEach((k, i) => {
        out[k] = this.spaces[k]!.seed(subSeeds[i]);
      });
      return out;
    }
    if (typeof seed !== 'object' || Array.isArray(seed)) {
      throw new InvalidSeed(
        `Dict seed must be a number or an object keyed like the Dict, got ${describeValue(seed)}`,
        'invalid_seed',
        {
          seed,
        },
      );
    }
    const given = Object.keys(seed).sort();
    const expected = [...this.keyList].sort();
    if (given.length !== expected.length || given.some((k, i) => k !== expected[i])) {
      throw new InvalidSeed(
        `Dict seed keys {${given.join(', ')}} do not match the space keys {${expected.join(', ')}}`,
        'seed_keys_mismatch',
        { seed },
      );
    }
    for (const k of this.keyList) out[k] = this.spaces[k]!.seed(seed[k]);
    return out;
  }

  /**
   * One sample of each subspace, in key order. `mask`/`probability`, if given, are objects with exactly
   * the Dict's keys whose values are passed to the subspaces.
   *
   * @throws GymError if both are given, or the keys do not match
   */
  sample(opts?: DictSampleOptions): DictElement<S> {
    const mask = opts?.mask;
    const probability = opts?.probability;
    if (mask != null && probability != null) {
      sampleArgError('Dict', 'only one of `mask` or `probability` can be provided');
    }
    const perKey = mask ?? probability;
    if (perKey != null) this.checkKeys(perKey, mask != null ? 'mask' : 'probability');
    const out: Record<string, unknown> = {};
    for (const k of this.keyList) {
      const space = this.spaces[k]!;
      if (mask != null) out[k] = space.sample({ mask: mask[k] });
      else if (probability != null) out[k] = space.sample({ probability: probability[k] });
      else out[k] = space.sample();
    }
    return out as DictElement<S>;
  }

  private checkKeys(value: unknown, what: string): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      sampleArgError('Dict', `${what} must be an object keyed like the Dict, got ${describeValue(value)}`);
    }
    const given = Object.keys(value).sort();
    const expected = [...this.keyList].sort();
    if (given.length !== expected.length || given.some((k, i) => k !== expected[i])) {
      sampleArgError(
        'Dict',
        `${what} keys {${given.join(', ')}} do not match the space keys {${expected.join(', ')}}`,
      );
    }
  }

  /** True if `x` is a non-array object with exactly the Dict's keys and every value is in its subspace. */
  contains(x: unknown): boolean {
    if (typeof x !== 'object' || x === null || Array.isArray(x) || ArrayBuffer.isView(x)) return false;
    const keys = Object.keys(x);
    if (keys.length !== this.keyList.length) return false;
    for (const k of this.keyList) {
      if (!Object.hasOwn(x, k)) return false;
      if (!this.spaces[k]!.contains((x as Record<string, unknown>)[k])) return false;
    }
    return true;
  }

  /** Same keys in the same order, and equal subspaces. */
  override equals(other: Space<unknown>): boolean {
    if (!(other instanceof Dict)) return false;
    const keys = other.keys();
    return (
      keys.length === this.keyList.length &&
      keys.every((k, i) => k === this.keyList[i] && this.spaces[k]!.equals(other.spaces[k]!))
    );
  }

  /**
   * JSON Schema: an object with exactly the Dict's keys (all required, no others), each value described
   * by its subspace's schema.
   */
  override toJSONSchema(): JSONSchema {
    const properties: Record<string, JSONSchema> = {};
    for (const k of this.keyList) properties[k] = embeddedSchema(this.spaces[k]!);
    return {
      $schema: JSON_SCHEMA_DIALECT,
      type: 'object',
      properties,
      required: [...this.keyList],
      additionalProperties: false,
    };
  }

  /** Gymnasium's repr: `Dict('a': Discrete(2), 'b': Box(...))`. */
  override toString(): string {
    return `Dict(${this.keyList.map((k) => `${pyStr(k)}: ${this.spaces[k]}`).join(', ')})`;
  }
}
