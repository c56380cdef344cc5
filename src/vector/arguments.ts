/**
 * Validation of vector-env arguments: `reset` seeds and `options.reset_mask`, the autoreset mode, and
 * `setAttr` values.
 *
 * @module
 */
import { assertValidSeed, describeValue, GymError } from '../errors.js';
import type { AutoresetMode, VectorResetArgs } from './types.js';

/** A vector reset broken down per sub-env. */
export interface ParsedResetArgs {
  /** One seed per sub-env (`null`: continue its stream). */
  readonly seeds: readonly (number | null)[];
  /** Options for each sub-env's reset, without `reset_mask` (undefined if none were given). */
  readonly options: Readonly<Record<string, unknown>> | undefined;
  /** Which sub-envs to reset (all true without `reset_mask`). */
  readonly mask: readonly boolean[];
  /** True if `reset_mask` was given. */
  readonly masked: boolean;
}

/**
 * Validates and expands `reset` arguments: a number seed `s` becomes `s + i` for sub-env `i`, an array
 * gives each sub-env its seed.
 *
 * @throws GymError for non-object arguments, a seed array of the wrong length, or a malformed `reset_mask`
 *   (not an array of `numEnvs` booleans/0/1, or none selected); InvalidSeed for a bad seed
 */
export function parseResetArgs(args: VectorResetArgs | undefined, numEnvs: number): ParsedResetArgs {
  if (args !== undefined && (typeof args !== 'object' || args === null)) {
    throw new GymError('reset() takes an object { seed?, options? }', 'invalid_reset_args', { args });
  }
  const seed = args?.seed;
  let seeds: (number | null)[];
  if (seed === undefined || seed === null) {
    seeds = new Array<number | null>(numEnvs).fill(null);
  } else if (Array.isArray(seed)) {
    if (seed.length !== numEnvs) {
      throw new GymError(`reset() got ${seed.length} seeds for ${numEnvs} sub-envs`, 'seed_count_mismatch', {
        seeds: seed.length,
        numEnvs,
      });
    }
    seeds = seed.map((s, i) => (s === null || s === undefined ? null : assertValidSeed(s, `seed[${i}]`)));
  } else {
    const base = assertValidSeed(seed);
    seeds = Array.from({ length: numEnvs }, (_, i) => assertValidSeed(base + i, `seed + ${i}`));
  }

  const rawOptions = args?.options;
  if (
    rawOptions !== undefined &&
    (typeof rawOptions !== 'object' || rawOptions === null || Array.isArray(rawOptions))
  ) {
    throw new GymError('reset options must be a plain object', 'invalid_reset_options', {
      options: rawOptions,
    });
  }
  if (rawOptions === undefined || !Object.hasOwn(rawOptions, 'reset_mask')) {
    return { seeds, options: rawOptions, mask: new Array<boolean>(numEnvs).fill(true), masked: false };
  }
  const { reset_mask: rawMask, ...options } = rawOptions;
  const mask = parseMask(rawMask, numEnvs);
  return { seeds, options, mask, masked: true };
}

function parseMask(raw: unknown, numEnvs: number): boolean[] {
  const ok =
    (Array.isArray(raw) || raw instanceof Uint8Array) &&
    raw.length === numEnvs &&
    Array.prototype.every.call(raw, (v: unknown) => v === true || v === false || v === 0 || v === 1);
  if (!ok) {
    throw new GymError(
      `options.reset_mask must be an array of ${numEnvs} booleans (or 0/1), got ${describeValue(raw)}`,
      'invalid_reset_mask',
      { numEnvs },
    );
  }
  const mask = Array.from(raw as ArrayLike<unknown>, (v) => v === true || v === 1);
  if (!mask.some(Boolean)) {
    throw new GymError(
      'options.reset_mask selects no sub-env; at least one entry must be true',
      'invalid_reset_mask',
      {
        numEnvs,
      },
    );
  }
  return mask;
}

/**
 * Validates an autoreset mode.
 *
 * @throws GymError (`invalid_autoreset_mode`) for anything but `'next-step'`, `'same-step'`, `'disabled'`
 */
export function checkAutoresetMode(mode: unknown): AutoresetMode {
  if (mode !== 'next-step' && mode !== 'same-step' && mode !== 'disabled') {
    throw new GymError(
      `autoresetMode must be 'next-step', 'same-step' or 'disabled', got ${String(mode)}`,
      'invalid_autoreset_mode',
      { mode },
    );
  }
  return mode;
}

/**
 * One value per sub-env for `setAttr`: an array is taken as the per-env values, anything else is broadcast.
 *
 * @throws GymError for an array of the wrong length
 */
export function spreadValues(values: unknown, numEnvs: number): unknown[] {
  if (!Array.isArray(values)) return new Array<unknown>(numEnvs).fill(values);
  if (values.length !== numEnvs) {
    throw new GymError(
      `setAttr got ${values.length} values for ${numEnvs} sub-envs`,
      'value_count_mismatch',
      {
        numEnvs,
      },
    );
  }
  return values;
}
