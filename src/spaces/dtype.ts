/**
 * Element types of the spaces: NumPy's dtype names mapped onto JavaScript typed arrays, with NumPy's
 * safe-casting and type-promotion rules restricted to the supported dtypes.
 *
 * @module
 */

/**
 * Element type of an array-valued space (NumPy dtype names). `bool` is stored as a `Uint8Array` of 0/1
 * (typed arrays have no boolean type). int64/uint64/float16 are not supported.
 */
export type DType =
  | 'float32'
  | 'float64'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'bool';

/** The integer dtypes (the dtypes of Discrete, MultiDiscrete and integer Boxes). */
export type IntDType = 'int8' | 'int16' | 'int32' | 'uint8' | 'uint16' | 'uint32';

/** The typed array that stores each dtype. */
export interface DTypeArrayMap {
  /** 32-bit floats. */
  float32: Float32Array;
  /** 64-bit floats. */
  float64: Float64Array;
  /** Signed 8-bit integers. */
  int8: Int8Array;
  /** Signed 16-bit integers. */
  int16: Int16Array;
  /** Signed 32-bit integers. */
  int32: Int32Array;
  /** Unsigned 8-bit integers. */
  uint8: Uint8Array;
  /** Unsigned 16-bit integers. */
  uint16: Uint16Array;
  /** Unsigned 32-bit integers. */
  uint32: Uint32Array;
  /** Booleans as 0/1 bytes. */
  bool: Uint8Array;
}

/** Any typed array a Box element can be. */
export type BoxArray = DTypeArrayMap[DType];

/** Any typed array a MultiDiscrete element can be. */
export type IntArray = DTypeArrayMap[IntDType];

/** Every supported dtype, in a fixed order. */
export const DTYPES: readonly DType[] = Object.freeze([
  'float32',
  'float64',
  'int8',
  'int16',
  'int32',
  'uint8',
  'uint16',
  'uint32',
  'bool',
]);

const FLOAT32_MAX = 3.4028234663852886e38;

const RANGES: Record<DType, readonly [number, number]> = {
  float32: [-FLOAT32_MAX, FLOAT32_MAX],
  float64: [-Number.MAX_VALUE, Number.MAX_VALUE],
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
  bool: [0, 1],
};

/** True if `value` is one of the supported dtype names. */
export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && (DTYPES as readonly string[]).includes(value);
}

/** True for the float dtypes (`float32`, `float64`). */
export function isFloatDType(dtype: DType): dtype is 'float32' | 'float64' {
  return dtype === 'float32' || dtype === 'float64';
}

/** True for the integer dtypes (not `bool`, not floats). */
export function isIntDType(dtype: DType): dtype is IntDType {
  return !isFloatDType(dtype) && dtype !== 'bool';
}

/** The finite range `[min, max]` of a dtype (for floats: the largest finite magnitudes). */
export function dtypeRange(dtype: DType): readonly [number, number] {
  return RANGES[dtype];
}

/**
 * A zero-filled typed array of `length` elements for `dtype` (float32 → `Float32Array`, float64 →
 * `Float64Array`, int8 → `Int8Array`, ..., bool → `Uint8Array`).
 */
export function typedArrayFor<D extends DType>(dtype: D, length: number): DTypeArrayMap[D] {
  switch (dtype) {
    case 'float32':
      return new Float32Array(length) as DTypeArrayMap[D];
    case 'float64':
      return new Float64Array(length) as DTypeArrayMap[D];
    case 'int8':
      return new Int8Array(length) as DTypeArrayMap[D];
    case 'int16':
      return new Int16Array(length) as DTypeArrayMap[D];
    case 'int32':
      return new Int32Array(length) as DTypeArrayMap[D];
    case 'uint16':
      return new Uint16Array(length) as DTypeArrayMap[D];
    case 'uint32':
      return new Uint32Array(length) as DTypeArrayMap[D];
    case 'uint8':
    case 'bool':
      return new Uint8Array(length) as DTypeArrayMap[D];
    default:
      throw new TypeError(`unknown dtype ${String(dtype)}`);
  }
}

/**
 * The dtype a typed array stores (`Uint8Array` and `Uint8ClampedArray` → `uint8`), or null for typed arrays
 * without a supported dtype (BigInt arrays, DataView) and for anything that is not a typed array.
 */
export function dtypeOfArray(value: unknown): DType | null {
  if (value instanceof Float32Array) return 'float32';
  if (value instanceof Float64Array) return 'float64';
  if (value instanceof Int8Array) return 'int8';
  if (value instanceof Int16Array) return 'int16';
  if (value instanceof Int32Array) return 'int32';
  if (value instanceof Uint8Array || value instanceof Uint8ClampedArray) return 'uint8';
  if (value instanceof Uint16Array) return 'uint16';
  if (value instanceof Uint32Array) return 'uint32';
  return null;
}

interface Kind {
  kind: 'b' | 'i' | 'u' | 'f';
  bits: number;
}

function kindOf(dtype: DType): Kind {
  switch (dtype) {
    case 'bool':
      return { kind: 'b', bits: 1 };
    case 'float32':
      return { kind: 'f', bits: 32 };
    case 'float64':
      return { kind: 'f', bits: 64 };
    case 'int8':
      return { kind: 'i', bits: 8 };
    case 'int16':
      return { kind: 'i', bits: 16 };
    case 'int32':
      return { kind: 'i', bits: 32 };
    case 'uint8':
      return { kind: 'u', bits: 8 };
    case 'uint16':
      return { kind: 'u', bits: 16 };
    default:
      return { kind: 'u', bits: 32 };
  }
}

/** Bits of mantissa (+1) a float dtype represents integers exactly with. */
function floatExactBits(bits: number): number {
  return bits === 32 ? 24 : 53;
}

/**
 * NumPy's `np.can_cast(from, to)` under the default `'safe'` rule: every value of `from` is representable
 * in `to` (e.g. int16 → float32 yes, int32 → float32 no, float64 → float32 no, any float → any int no).
 * `uint8 → bool` is also accepted, since bool elements are stored as `Uint8Array`.
 */
export function canCastDType(from: DType, to: DType): boolean {
  return safeCast(from, to) || (from === 'uint8' && to === 'bool');
}

function safeCast(from: DType, to: DType): boolean {
  if (from === to) return true;
  const a = kindOf(from);
  const b = kindOf(to);
  if (a.kind === 'b') return true;
  if (b.kind === 'b') return false;
  if (a.kind === 'f') return b.kind === 'f' && b.bits >= a.bits;
  if (b.kind === 'f') {
    const needed = a.kind === 'u' ? a.bits : a.bits - 1;
    return needed < floatExactBits(b.bits);
  }
  if (a.kind === b.kind) return b.bits >= a.bits;
  if (a.kind === 'u') return b.bits > a.bits; // unsigned → wider signed
  return false; // signed → unsigned
}

/**
 * NumPy's `np.result_type` for two dtypes (the dtype of a concatenation). **TS deviation:** where NumPy
 * would give int64 (uint32 with a signed integer) the result is float64, the widest supported type.
 */
export function promoteDTypes(a: DType, b: DType): DType {
  if (safeCast(a, b)) return b;
  if (safeCast(b, a)) return a;
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka.kind === 'f' || kb.kind === 'f') {
    // one float and one integer that does not fit it exactly: the smallest float holding both
    return safeCast(a, 'float32') && safeCast(b, 'float32') ? 'float32' : 'float64';
  }
  if (ka.kind === kb.kind) return ka.bits >= kb.bits ? a : b;
  // mixed signed/unsigned: a signed type wider than the unsigned one
  const signedBits = Math.max(ka.kind === 'i' ? ka.bits : kb.bits, 2 * (ka.kind === 'u' ? ka.bits : kb.bits));
  if (signedBits <= 8) return 'int8';
  if (signedBits <= 16) return 'int16';
  if (signedBits <= 32) return 'int32';
  return 'float64';
}

/** `promoteDTypes` over a list (throws on an empty list). */
export function promoteAllDTypes(dtypes: readonly DType[]): DType {
  if (dtypes.length === 0) throw new RangeError('promoteAllDTypes needs at least one dtype');
  return dtypes.reduce((acc, d) => promoteDTypes(acc, d));
}
