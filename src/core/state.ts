import { InvalidState } from '../errors.js';
import type { RngState } from '../random/rng.js';

/** A value that can be stored in an env state: plain data and typed arrays, nothing with behaviour. */
export type StateValue =
  | number
  | string
  | boolean
  | null
  | Uint8Array
  | Int32Array
  | Float32Array
  | Float64Array
  | readonly StateValue[]
  | { readonly [key: string]: StateValue };

/** The env-level part of a state that every env has. */
export interface CoreState {
  /** The env generator's state, or null if it was never created. */
  readonly rng: RngState | null;
  /** Seed of the current generator (-1 if assigned directly or never seeded). */
  readonly rngSeed: number;
  /** Steps taken since the last reset. */
  readonly elapsedSteps: number;
  /** Whether `reset` has been called since construction. */
  readonly hasReset: boolean;
}

/** State contributed by one wrapper layer. */
export interface WrapperState {
  /** The wrapper class name; restoring checks it so states cannot cross wrapper stacks. */
  readonly name: string;
  /** The wrapper's own data (counters, last observation, base-policy state ...). */
  readonly data: StateValue;
}

/**
 * A full snapshot of an env (and its wrappers): physics, generator, step counters, goal and any wrapper or
 * base-policy state. `setState` on an env of the same kind continues bit-identically. Serialise it with
 * {@link serializeEnvState}.
 */
export interface EnvState {
  /** Format tag. */
  readonly format: 'residual-gym/env-state@1';
  /** Identity of the unwrapped env's dynamics (class and configuration): states never cross envs. */
  readonly envKind: string;
  /** Generator, counters. */
  readonly core: CoreState;
  /** Task-specific data: physics snapshot, goal, ... */
  readonly task: StateValue;
  /** Wrapper layers, innermost first. */
  readonly wrappers: readonly WrapperState[];
}

const MAGIC = 0x52475354; // "RGST"
const HEADER_BYTES = 12; // magic, payload length, FNV-1a checksum (uint32 each)

type Encoded = number | string | boolean | null | Encoded[] | { [key: string]: Encoded };

const TYPED_TAG = '$typed';
const TYPED_CTORS = { Uint8Array, Int32Array, Float32Array, Float64Array } as const;
type TypedName = keyof typeof TYPED_CTORS;

function encode(value: StateValue): Encoded {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      return { [TYPED_TAG]: 'number', v: String(value) };
    return value;
  }
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name as TypedName;
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return { [TYPED_TAG]: name, v: Buffer.from(bytes).toString('base64') };
  }
  if (Array.isArray(value)) return value.map((v) => encode(v as StateValue));
  const out: { [key: string]: Encoded } = {};
  for (const [k, v] of Object.entries(value)) out[k] = encode(v as StateValue);
  return out;
}

function decode(value: Encoded): StateValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decode);
  const tag = value[TYPED_TAG];
  if (typeof tag === 'string') {
    const raw = value.v;
    if (typeof raw !== 'string')
      throw new InvalidState('corrupted typed value in env state', 'corrupted_state');
    if (tag === 'number') return Number(raw);
    const ctor = TYPED_CTORS[tag as TypedName];
    if (!ctor) throw new InvalidState(`unknown typed array '${tag}' in env state`, 'corrupted_state');
    const bytes = Buffer.from(raw, 'base64');
    if (bytes.length % ctor.BYTES_PER_ELEMENT !== 0) {
      throw new InvalidState('corrupted typed array in env state', 'corrupted_state');
    }
    const copy = new Uint8Array(bytes); // aligned copy
    return new ctor(copy.buffer, 0, copy.length / ctor.BYTES_PER_ELEMENT);
  }
  const out: { [key: string]: StateValue } = {};
  for (const [k, v] of Object.entries(value)) out[k] = decode(v);
  return out;
}

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Encodes an {@link EnvState} as bytes (a checksummed header plus JSON with base64 typed arrays). */
export function serializeEnvState(state: EnvState): Uint8Array {
  const payload = Buffer.from(JSON.stringify(encode(state as unknown as StateValue)), 'utf8');
  const out = new Uint8Array(HEADER_BYTES + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC);
  view.setUint32(4, payload.length);
  out.set(payload, HEADER_BYTES);
  view.setUint32(8, fnv1a(out.subarray(HEADER_BYTES)));
  return out;
}

/**
 * Decodes bytes made by {@link serializeEnvState}.
 *
 * @throws InvalidState if the bytes are truncated, corrupted (checksum mismatch) or not an env state
 */
export function deserializeEnvState(bytes: Uint8Array): EnvState {
  if (!(bytes instanceof Uint8Array) || bytes.length < HEADER_BYTES) {
    throw new InvalidState('env state buffer is too short to be a residual-gym state', 'corrupted_state');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== MAGIC)
    throw new InvalidState('not a residual-gym env state (bad magic)', 'corrupted_state');
  const length = view.getUint32(4);
  if (bytes.length !== HEADER_BYTES + length) {
    throw new InvalidState(
      `env state buffer has ${bytes.length - HEADER_BYTES} payload bytes, header says ${length}`,
      'corrupted_state',
    );
  }
  const payload = bytes.subarray(HEADER_BYTES);
  if (fnv1a(payload) !== view.getUint32(8)) {
    throw new InvalidState('env state checksum mismatch: the buffer is corrupted', 'corrupted_state');
  }
  let parsed: Encoded;
  try {
    parsed = JSON.parse(Buffer.from(payload).toString('utf8')) as Encoded;
  } catch {
    throw new InvalidState('env state payload is not valid JSON', 'corrupted_state');
  }
  const state = decode(parsed);
  assertEnvState(state);
  return state;
}

/**
 * Checks the outer structure of an env state.
 *
 * @throws InvalidState if `value` is not an {@link EnvState}
 */
export function assertEnvState(value: unknown): asserts value is EnvState {
  const v = value as Partial<EnvState> | null;
  if (
    typeof v !== 'object' ||
    v === null ||
    v.format !== 'residual-gym/env-state@1' ||
    typeof v.envKind !== 'string' ||
    typeof v.core !== 'object' ||
    v.core === null ||
    !Array.isArray(v.wrappers)
  ) {
    throw new InvalidState('not a residual-gym env state', 'invalid_state');
  }
}
