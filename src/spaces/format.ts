/**
 * NumPy-style text for space representations: scalar `str`, array `str` (without line wrapping or
 * summarisation of large arrays) and Python tuple/string reprs. Internal to the spaces module.
 *
 * @module
 */
import { type DType, isFloatDType } from './dtype.js';

interface Digits {
  /** Significant digits without trailing zeros (at least one digit). */
  readonly digits: string;
  /** Decimal exponent of the first digit: value = d.ddd × 10^exp. */
  readonly exp: number;
  readonly negative: boolean;
}

/** Shortest round-trip decimal digits of a finite value at the precision of `dtype`. */
function shortestDigits(value: number, dtype: DType): Digits {
  let text: string;
  if (dtype === 'float32') {
    text = value.toExponential(8);
    for (let p = 0; p < 9; p++) {
      const candidate = value.toExponential(p);
      if (Math.fround(Number(candidate)) === value) {
        text = candidate;
        break;
      }
    }
  } else {
    text = value.toExponential();
  }
  const negative = text.startsWith('-');
  const [mantissa, exponent] = (negative ? text.slice(1) : text).split('e') as [string, string];
  let digits = mantissa.replace('.', '').replace(/0+$/, '');
  if (digits === '') digits = '0';
  return { digits, exp: Number(exponent), negative };
}

/** Splits a value into positional integer and fraction digit strings (`maxFrac` rounds the fraction). */
function positionalParts(value: number, dtype: DType, maxFrac: number): [string, string] {
  const d = shortestDigits(value, dtype);
  let intPart: string;
  let frac: string;
  if (d.exp >= 0) {
    const padded = d.digits.padEnd(d.exp + 1, '0');
    intPart = padded.slice(0, d.exp + 1);
    frac = padded.slice(d.exp + 1);
  } else {
    intPart = '0';
    frac = '0'.repeat(-d.exp - 1) + d.digits;
  }
  if (frac.length > maxFrac) {
    const fixed = Math.abs(value).toFixed(maxFrac);
    const [i, f = ''] = fixed.split('.');
    intPart = i!;
    frac = f.replace(/0+$/, '');
  }
  if (frac === '0') frac = '';
  const sign = d.negative || Object.is(value, -0) ? '-' : '';
  return [sign + intPart, frac];
}

/** Splits a value into scientific mantissa integer digit, fraction digits and exponent (`e-05`). */
function scientificParts(value: number, dtype: DType, maxFrac: number): [string, string, string] {
  let d = shortestDigits(value, dtype);
  if (d.digits.length - 1 > maxFrac) {
    const text = value.toExponential(maxFrac);
    const negative = text.startsWith('-');
    const [m, e] = (negative ? text.slice(1) : text).split('e') as [string, string];
    d = { digits: m.replace('.', '').replace(/0+$/, '') || '0', exp: Number(e), negative };
  }
  const sign = d.negative || Object.is(value, -0) ? '-' : '';
  const expAbs = String(Math.abs(d.exp)).padStart(2, '0');
  return [sign + d.digits[0], d.digits.slice(1), `e${d.exp < 0 ? '-' : '+'}${expAbs}`];
}

function nonFiniteText(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  return value > 0 ? 'inf' : '-inf';
}

/** NumPy `str()` of one scalar of `dtype` (e.g. `-1.0`, `1e-05`, `inf`, `3`, `True`). */
export function scalarStr(value: number, dtype: DType): string {
  if (dtype === 'bool') return value ? 'True' : 'False';
  if (!isFloatDType(dtype)) return String(value);
  if (!Number.isFinite(value)) return nonFiniteText(value);
  const abs = Math.abs(value);
  if (abs === 0 || (abs >= 1e-4 && abs < 1e16)) {
    const [i, f] = positionalParts(value, dtype, 1000);
    return `${i}.${f === '' ? '0' : f}`;
  }
  const [i, f, e] = scientificParts(value, dtype, 1000);
  return `${i}${f === '' ? '' : `.${f}`}${e}`;
}

/** Formats every element of a flat array to equal width, NumPy-style. */
function elementStrings(values: ArrayLike<number>, dtype: DType): string[] {
  const n = values.length;
  const out: string[] = new Array(n);
  if (dtype === 'bool') {
    let anyFalse = false;
    for (let i = 0; i < n; i++) if (!values[i]) anyFalse = true;
    for (let i = 0; i < n; i++) out[i] = values[i] ? (anyFalse ? ' True' : 'True') : 'False';
    return out;
  }
  if (!isFloatDType(dtype)) {
    let width = 0;
    for (let i = 0; i < n; i++) width = Math.max(width, String(values[i]).length);
    for (let i = 0; i < n; i++) out[i] = String(values[i]).padStart(width);
    return out;
  }
  let maxAbs = 0;
  let minAbs = Infinity;
  let anyNonFinite = false;
  let anyNegInf = false;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      anyNonFinite = true;
      if (v === -Infinity) anyNegInf = true;
      continue;
    }
    const a = Math.abs(v);
    if (a === 0) continue;
    maxAbs = Math.max(maxAbs, a);
    minAbs = Math.min(minAbs, a);
  }
  const exp = minAbs !== Infinity && (maxAbs >= 1e8 || minAbs < 1e-4 || maxAbs / minAbs > 1e3);
  const parts: (readonly string[] | null)[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) parts.push(null);
    else parts.push(exp ? scientificParts(v, dtype, 8) : positionalParts(v, dtype, 8));
  }
  let padLeft = 0;
  let padRight = 0;
  let expSize = 0;
  for (const p of parts) {
    if (p === null) continue;
    padLeft = Math.max(padLeft, p[0]!.length);
    padRight = Math.max(padRight, p[1]!.length);
    if (exp) expSize = Math.max(expSize, p[2]!.length - 2);
  }
  const suffix = exp ? expSize + 2 : 0;
  if (anyNonFinite) {
    const offset = padRight + 1 + suffix;
    padLeft = Math.max(padLeft, 3 - offset, 3 + (anyNegInf ? 1 : 0) - offset);
  }
  const width = padLeft + 1 + padRight + suffix;
  for (let i = 0; i < n; i++) {
    const p = parts[i];
    if (p === null || p === undefined) {
      out[i] = nonFiniteText(values[i]!).padStart(width);
    } else if (exp) {
      const e = p[2]!;
      const expDigits = e.slice(2).padStart(expSize, '0');
      out[i] = `${p[0]!.padStart(padLeft)}.${p[1]!.padEnd(padRight, '0')}${e.slice(0, 2)}${expDigits}`;
    } else {
      out[i] = `${p[0]!.padStart(padLeft)}.${p[1]!.padEnd(padRight)}`;
    }
  }
  return out;
}

/** NumPy `str()` of an array given flat row-major `values` and its `shape` (no line wrapping). */
export function arrayStr(values: ArrayLike<number>, shape: readonly number[], dtype: DType): string {
  const strs = elementStrings(values, dtype);
  if (shape.length === 0) return strs[0] ?? '';
  let index = 0;
  const build = (axis: number): string => {
    const len = shape[axis]!;
    const items: string[] = [];
    if (axis === shape.length - 1) {
      for (let i = 0; i < len; i++) items.push(strs[index++]!);
      return `[${items.join(' ')}]`;
    }
    for (let i = 0; i < len; i++) items.push(build(axis + 1));
    const remaining = shape.length - axis - 1;
    return `[${items.join(`${'\n'.repeat(remaining)}${' '.repeat(axis + 1)}`)}]`;
  };
  return build(0);
}

/**
 * Gymnasium's short representation of a bound array: the scalar if every element is equal, else the
 * whole array.
 */
export function shortArrayRepr(values: ArrayLike<number>, shape: readonly number[], dtype: DType): string {
  if (values.length > 0) {
    let same = true;
    for (let i = 1; i < values.length; i++) {
      if (values[i] !== values[0]) {
        same = false;
        break;
      }
    }
    if (same) return scalarStr(values[0]!, dtype);
  }
  return arrayStr(values, shape, dtype);
}

/** Python repr of a shape tuple: `()`, `(4,)`, `(3, 4)`. */
export function pyTuple(values: readonly number[]): string {
  if (values.length === 1) return `(${values[0]},)`;
  return `(${values.join(', ')})`;
}

/** Python repr of a string (single quotes unless the text contains one and no double quote). */
export function pyStr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(new RegExp(quote, 'g'), `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}
