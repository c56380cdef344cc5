/**
 * Batching of sub-env infos into one vector info (Gymnasium `VectorEnv._add_info`).
 *
 * For each key a sub-env reports, `info[key]` holds one entry per sub-env and `info['_' + key]` is a
 * `Uint8Array` mask (1 where that sub-env supplied the key):
 *
 * | sub-env value | batched as |
 * | --- | --- |
 * | number | `Float64Array(numEnvs)`, 0 where absent |
 * | boolean | `Uint8Array(numEnvs)` of 0/1, 0 where absent |
 * | plain object | a batched info of its own (recursively, with its own masks) |
 * | typed array (e.g. `base_action`) | stacked row-major: a typed array of the same type with `numEnvs * length` elements, zero rows where absent (Gymnasium stacks `np.ndarray` values the same way) |
 * | anything else (strings, arrays, null, class instances) | a plain array, `null` where absent |
 *
 * If sub-envs disagree on the kind of a key (a number here, a string there; typed arrays of different types
 * or lengths) the key falls back to a plain array of the values as given, `null` where absent.
 * The same-step autoreset keys `final_obs` and `final_info` are always plain arrays of the per-env values.
 *
 * @module
 */
import type { Info } from '../core/types.js';
import { GymError } from '../errors.js';

type NumericTypedArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint8ClampedArray
  | Uint16Array
  | Uint32Array;

type TypedArrayCtor = new (length: number) => NumericTypedArray;

/** Row lengths of stacked typed-array entries (kept out of the user-visible objects). */
const stackedRowLength = new WeakMap<object, number>();
/** Plain-array entries created by this module (as opposed to nested batched infos). */
const plainEntries = new WeakSet<object>();
/** Numeric entries created for scalars, and whether they hold booleans. */
const scalarEntries = new WeakMap<object, 'number' | 'boolean'>();

/** Keys kept as plain per-env arrays, never recursed into. */
const PLAIN_KEYS: ReadonlySet<string> = new Set(['final_obs', 'final_info']);

/** True for `{}`-like objects (object literals, null-prototype objects), which are batched recursively. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isNumericTypedArray(value: unknown): value is NumericTypedArray {
  return (
    ArrayBuffer.isView(value) &&
    !(value instanceof DataView) &&
    !(value instanceof BigInt64Array) &&
    !(value instanceof BigUint64Array)
  );
}

/**
 * Adds sub-env `index`'s info into the vector info `target` (mutated and returned).
 *
 * @param target - the vector info built so far (start with `{}`)
 * @param envInfo - the sub-env's info
 * @param index - the sub-env's index
 * @param numEnvs - number of sub-envs
 * @throws GymError when one sub-env reports a key as an object and another as a non-object
 */
export function addInfo(target: Info, envInfo: Info, index: number, numEnvs: number): Info {
  for (const key of Object.keys(envInfo)) {
    const value = envInfo[key];
    const existing = target[key];
    let entry: unknown;
    if (isPlainObject(value) && !PLAIN_KEYS.has(key)) {
      if (existing !== undefined && !isBatchedInfo(existing)) {
        throw new GymError(
          `info key '${key}' is an object for sub-env ${index} but not for an earlier sub-env`,
          'info_kind_mismatch',
          {
            key,
            index,
          },
        );
      }
      entry = addInfo((existing as Info | undefined) ?? {}, value, index, numEnvs);
    } else {
      if (existing !== undefined && isBatchedInfo(existing)) {
        throw new GymError(
          `info key '${key}' is an object for an earlier sub-env but not for sub-env ${index}`,
          'info_kind_mismatch',
          {
            key,
            index,
          },
        );
      }
      const mask = target[`_${key}`] as Uint8Array | undefined;
      entry = setEntry(existing, mask, value, index, numEnvs, PLAIN_KEYS.has(key));
    }
    target[key] = entry;
    const mask = (target[`_${key}`] as Uint8Array | undefined) ?? new Uint8Array(numEnvs);
    mask[index] = 1;
    target[`_${key}`] = mask;
  }
  return target;
}

/** True if `entry` is a nested batched info (not a leaf entry made by {@link setEntry}). */
function isBatchedInfo(entry: unknown): boolean {
  return isPlainObject(entry);
}

function setEntry(
  existing: unknown,
  mask: Uint8Array | undefined,
  value: unknown,
  index: number,
  numEnvs: number,
  forcePlain: boolean,
): unknown {
  if (existing === undefined) {
    if (!forcePlain && typeof value === 'number') {
      const arr = new Float64Array(numEnvs);
      scalarEntries.set(arr, 'number');
      arr[index] = value;
      return arr;
    }
    if (!forcePlain && typeof value === 'boolean') {
      const arr = new Uint8Array(numEnvs);
      scalarEntries.set(arr, 'boolean');
      arr[index] = value ? 1 : 0;
      return arr;
    }
    if (!forcePlain && isNumericTypedArray(value)) {
      const Ctor = value.constructor as TypedArrayCtor;
      const arr = new Ctor(numEnvs * value.length);
      stackedRowLength.set(arr, value.length);
      arr.set(value, index * value.length);
      return arr;
    }
    const arr: unknown[] = new Array(numEnvs).fill(null);
    plainEntries.add(arr);
    arr[index] = value;
    return arr;
  }
  if (plainEntries.has(existing as object)) {
    (existing as unknown[])[index] = value;
    return existing;
  }
  const scalarKind = scalarEntries.get(existing as object);
  if (scalarKind === 'number' && typeof value === 'number') {
    (existing as Float64Array)[index] = value;
    return existing;
  }
  if (scalarKind === 'boolean' && typeof value === 'boolean') {
    (existing as Uint8Array)[index] = value ? 1 : 0;
    return existing;
  }
  const rowLength = stackedRowLength.get(existing as object);
  if (
    rowLength !== undefined &&
    isNumericTypedArray(value) &&
    value.constructor === (existing as NumericTypedArray).constructor &&
    value.length === rowLength
  ) {
    (existing as NumericTypedArray).set(value, index * rowLength);
    return existing;
  }
  const plain = toPlain(existing as NumericTypedArray, mask, numEnvs);
  plain[index] = value;
  return plain;
}

/** Converts a numeric entry to a plain array of the values as the sub-envs gave them (`null` where absent). */
function toPlain(entry: NumericTypedArray, mask: Uint8Array | undefined, numEnvs: number): unknown[] {
  const out: unknown[] = new Array(numEnvs).fill(null);
  plainEntries.add(out);
  const scalarKind = scalarEntries.get(entry);
  const rowLength = stackedRowLength.get(entry);
  for (let i = 0; i < numEnvs; i++) {
    if (mask?.[i] !== 1) continue;
    if (scalarKind === 'boolean') out[i] = entry[i] === 1;
    else if (scalarKind === 'number') out[i] = entry[i];
    else if (rowLength !== undefined) out[i] = entry.slice(i * rowLength, (i + 1) * rowLength);
  }
  return out;
}
