/**
 * The wire protocol between {@link AsyncVectorEnv} and its workers: the layout of each worker's control block
 * (an `Int32Array` on a `SharedArrayBuffer`), the command codes, and the messages that travel through the
 * worker's `MessagePort`.
 *
 * A call is: the main thread writes the arguments (actions into shared memory, anything else as one port
 * message), stores the command in `CMD` and increments `REQ_SEQ` with `Atomics.notify`. The worker, blocked in
 * `Atomics.wait` on `REQ_SEQ`, runs the command, writes observations/rewards/flags into shared memory, posts a
 * port message if it has anything else to say (info, errors, call results), sets `STATUS` and `HAS_MESSAGE`,
 * and stores the request number in `RESP_SEQ` with `Atomics.notify`. The main thread waits on `RESP_SEQ`
 * (always with a deadline) and reads the message with `receiveMessageOnPort`. A worker's `process.on('exit')`
 * hook sets `DEAD` and wakes the main thread, so a dying worker never leaves it waiting.
 *
 * @module
 */
import type { MessagePort } from 'node:worker_threads';
import type { Info } from '../core/types.js';
import type { AutoresetMode, EnvRecipe } from './types.js';

/** Slot of the request counter (main → worker). */
export const REQ_SEQ = 0;
/** Slot of the response counter (worker → main): equals `REQ_SEQ` when the last request is done. */
export const RESP_SEQ = 1;
/** Slot of the command code of the current request. */
export const CMD = 2;
/** Slot of the outcome of the last request ({@link STATUS_OK} or {@link STATUS_ERROR}). */
export const STATUS = 3;
/** Slot set to 1 when the response comes with a port message. */
export const HAS_MESSAGE = 4;
/** Slot set to 1 by the worker's exit hook. */
export const DEAD = 5;
/** Slot of the worker's process exit code (valid once `DEAD` is 1). */
export const EXIT_CODE = 6;
/** Slot set to 1 when the request comes with a port message. */
export const REQ_HAS_MESSAGE = 7;
/** Number of `Int32` slots in a control block (16 = one 64-byte cache line). */
export const CTRL_SLOTS = 16;

/** Outcome: the request succeeded. */
export const STATUS_OK = 0;
/** Outcome: the request threw; the port message is a {@link ErrorMessage}. */
export const STATUS_ERROR = 1;

/** Command codes stored in `CMD`. */
export const Command = {
  /** Take the shared buffers ({@link InitMessage}). */
  INIT: 1,
  /** Reset ({@link ResetMessage}); obs row into shared memory, info as message. */
  RESET: 2,
  /** Step with the action row from shared memory; obs, reward, flags into shared memory, info as message. */
  STEP: 3,
  /** Call a method or read an attribute ({@link CallMessage}); the result as message. */
  CALL: 4,
  /** Set an attribute ({@link SetAttrMessage}). */
  SET_ATTR: 5,
  /** Render; the frame as message. */
  RENDER: 6,
  /** Close the env and leave the command loop. */
  CLOSE: 7,
} as const;

/** What the main thread passes as `workerData`. */
export interface WorkerBootData {
  /** The worker's control block. */
  readonly ctrl: SharedArrayBuffer;
  /** The worker's end of its message channel. */
  readonly port: MessagePort;
  /** How to build the env. */
  readonly recipe: EnvRecipe;
  /** The sub-env's index. */
  readonly index: number;
  /** The autoreset mode. */
  readonly autoresetMode: AutoresetMode;
}

/** First response of a worker: the env was built (or an {@link ErrorMessage}). */
export interface ReadyMessage {
  readonly kind: 'ready';
  /** Serialised observation space. */
  readonly observationSpace: unknown;
  /** Serialised action space. */
  readonly actionSpace: unknown;
  /** The env's metadata (structured-cloneable part). */
  readonly metadata: Record<string, unknown>;
  /** `String(env)`. */
  readonly description: string;
}

/** Shared buffers handed to a worker after the spaces are known. */
export interface InitMessage {
  /** One buffer per observation leaf (the whole batch; the worker writes its row). */
  readonly obs: readonly SharedArrayBuffer[];
  /** One float64 buffer per action leaf. */
  readonly actions: readonly SharedArrayBuffer[];
  /** Int32 class tags, `numEnvs * actionLeaves`: which array type each action row had. */
  readonly actionTags: SharedArrayBuffer;
  /** Float64 rewards, one per sub-env. */
  readonly rewards: SharedArrayBuffer;
  /** Uint8 terminations, one per sub-env. */
  readonly terminations: SharedArrayBuffer;
  /** Uint8 truncations, one per sub-env. */
  readonly truncations: SharedArrayBuffer;
  /** Number of sub-envs. */
  readonly numEnvs: number;
}

/** Arguments of a reset. */
export interface ResetMessage {
  /** The seed (`null`: continue the stream). */
  readonly seed: number | null;
  /** Options for the env's reset, if any. */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** Arguments of a call. */
export interface CallMessage {
  /** Attribute or method name. */
  readonly name: string;
  /** Arguments (ignored for non-function attributes). */
  readonly args: readonly unknown[];
}

/** Arguments of a setAttr. */
export interface SetAttrMessage {
  /** Attribute name. */
  readonly name: string;
  /** The new value. */
  readonly value: unknown;
}

/** Info that accompanies a reset or step response. */
export interface InfoMessage {
  readonly kind: 'info';
  /** The sub-env's info. */
  readonly info: Info;
  /** Same-step autoreset: the final observation. */
  readonly finalObs?: unknown;
  /** Same-step autoreset: the final step's info. */
  readonly finalInfo?: Info;
}

/** The value returned by a call or render. */
export interface ResultMessage {
  readonly kind: 'result';
  /** The returned value (for a space: its encoding, see `space-codec.ts`). */
  readonly value: unknown;
  /** True when `value` is an encoded space (spaces are rebuilt in the main thread). */
  readonly isSpace?: boolean;
}

/** An exception thrown in the worker, serialised. */
export interface ErrorMessage {
  readonly kind: 'error';
  /** The error's class name (e.g. `'InvalidAction'`). */
  readonly name: string;
  /** Its message. */
  readonly message: string;
  /** Its `code`, for residual-gym errors. */
  readonly code?: string;
  /** Its `details`, for residual-gym errors (dropped if not cloneable). */
  readonly details?: Record<string, unknown>;
  /** Its stack trace inside the worker. */
  readonly stack?: string;
}

/** Any message a worker posts. */
export type WorkerMessage = ReadyMessage | InfoMessage | ResultMessage | ErrorMessage;

/** Class tags of action rows (how the caller passed them; the worker rebuilds the same type). */
export const ActionTag = {
  /** A scalar number (Discrete). */
  NUMBER: 0,
  /** A `number[]`. */
  ARRAY: 1,
  /** A `Float32Array`. */
  FLOAT32: 2,
  /** A `Float64Array`. */
  FLOAT64: 3,
  /** An `Int8Array`. */
  INT8: 4,
  /** An `Int16Array`. */
  INT16: 5,
  /** An `Int32Array`. */
  INT32: 6,
  /** A `Uint8Array`. */
  UINT8: 7,
  /** A `Uint8ClampedArray`. */
  UINT8_CLAMPED: 8,
  /** A `Uint16Array`. */
  UINT16: 9,
  /** A `Uint32Array`. */
  UINT32: 10,
} as const;
