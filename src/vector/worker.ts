/**
 * The program of an {@link AsyncVectorEnv} worker thread (started by `spawn.ts`): builds one sub-env from its
 * recipe, then serves commands from the shared control block until told to close. Everything runs
 * synchronously between two `Atomics.wait`s; nothing here relies on the worker's event loop.
 *
 * Every exception inside a command is caught and reported to the main thread (which rethrows it as
 * `WorkerError`); the worker keeps serving (the main thread stops using a vector env after an error).
 *
 * @module
 */
import '../registry/builtin.js'; // registers the built-in ids so that { id } recipes can make them
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { Env } from '../core/env.js';
import { isEnv } from '../core/env.js';
import type { Info } from '../core/types.js';
import { GymError } from '../errors.js';
import { make } from '../registry/registry.js';
import { Space } from '../spaces/space.js';
import {
  type BatchLayout,
  batchLayout,
  type LeafArray,
  readActionRow,
  viewObsLeaves,
  writeRow,
} from './batching.js';
import {
  type CallMessage,
  CMD,
  Command,
  type ErrorMessage,
  HAS_MESSAGE,
  type InitMessage,
  REQ_HAS_MESSAGE,
  REQ_SEQ,
  RESP_SEQ,
  type ResetMessage,
  type SetAttrMessage,
  STATUS,
  STATUS_ERROR,
  STATUS_OK,
  type WorkerBootData,
  type WorkerMessage,
} from './protocol.js';
import { encodeSpace } from './space-codec.js';
import { SubEnv } from './sub-env.js';
import type { EnvRecipe } from './types.js';

/** How long the worker waits for a request's port message to become readable (it is normally immediate). */
const MESSAGE_WAIT_MS = 10_000;

interface Shared {
  readonly numEnvs: number;
  readonly obsLayout: BatchLayout;
  readonly actionLayout: BatchLayout;
  readonly obs: LeafArray[];
  readonly actions: Float64Array[];
  readonly actionTags: Int32Array;
  readonly rewards: Float64Array;
  readonly terminations: Uint8Array;
  readonly truncations: Uint8Array;
}

const boot = workerData as WorkerBootData;
const ctrl = new Int32Array(boot.ctrl);
const port = boot.port;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Posts a message and marks the response as carrying one. */
function post(message: WorkerMessage): void {
  port.postMessage(message);
  Atomics.store(ctrl, HAS_MESSAGE, 1);
}

/** Completes request `seq` with `status`. */
function respond(seq: number, status: number): void {
  Atomics.store(ctrl, STATUS, status);
  Atomics.store(ctrl, RESP_SEQ, seq);
  Atomics.notify(ctrl, RESP_SEQ);
}

/** How long a worker polls for the next request before it sleeps, ms (see {@link awaitRequest}). */
const REQUEST_SPIN_MS = 0.5;

/**
 * Waits until the main thread posts a request newer than `seq`. It polls for up to {@link REQUEST_SPIN_MS}
 * first: a trainer stepping in a loop sends the next request tens of microseconds after collecting the last
 * result, and waking a thread parked in `Atomics.wait` costs more than that on a virtual machine. Past the
 * budget it sleeps, so an idle vector env burns no CPU.
 */
function awaitRequest(seq: number): void {
  if (Atomics.load(ctrl, REQ_SEQ) !== seq) return;
  const until = performance.now() + REQUEST_SPIN_MS;
  for (let i = 1; ; i++) {
    if (Atomics.load(ctrl, REQ_SEQ) !== seq) return;
    if ((i & 63) === 0 && performance.now() > until) break;
  }
  Atomics.wait(ctrl, REQ_SEQ, seq);
}

/** Reads the port message that accompanies the current request. */
function requestMessage<T>(): T {
  const deadline = performance.now() + MESSAGE_WAIT_MS;
  for (;;) {
    const m = receiveMessageOnPort(port);
    if (m !== undefined) return m.message as T;
    if (performance.now() > deadline) throw new GymError('the request message never arrived', 'lost_message');
    Atomics.wait(sleeper, 0, 0, 1);
  }
}

/** Serialises an exception for the main thread (dropping details that cannot be cloned). */
function errorMessage(err: unknown): ErrorMessage {
  if (!(err instanceof Error)) return { kind: 'error', name: 'Error', message: String(err) };
  const base: ErrorMessage = { kind: 'error', name: err.name, message: err.message, stack: err.stack };
  if (!(err instanceof GymError)) return base;
  try {
    return { ...base, code: err.code, details: structuredClone({ ...err.details }) };
  } catch {
    return { ...base, code: err.code };
  }
}

/** The env's metadata without the parts that cannot cross threads. */
function cloneableMetadata(metadata: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(metadata)) {
    try {
      out[k] = structuredClone(v);
    } catch {
      // functions, class instances with private state, ...: left out
    }
  }
  return out;
}

async function buildEnv(recipe: EnvRecipe): Promise<Env<unknown, unknown>> {
  let env: unknown;
  if ('id' in recipe) {
    env = make(recipe.id, (recipe.options ?? {}) as Record<string, unknown>);
  } else {
    const mod = (await import(recipe.module)) as Record<string, unknown>;
    const factory = mod[recipe.exportName];
    if (typeof factory !== 'function') {
      throw new GymError(
        `${recipe.module} has no exported function '${recipe.exportName}'`,
        'invalid_recipe',
        {
          module: recipe.module,
          exportName: recipe.exportName,
        },
      );
    }
    env = await (factory as (args: unknown) => unknown)(recipe.args);
  }
  if (!isEnv(env)) throw new GymError('the recipe did not produce an Env', 'invalid_recipe');
  return env;
}

function takeBuffers(env: Env<unknown, unknown>, init: InitMessage): Shared {
  const obsLayout = batchLayout(env.observationSpace as Space<unknown>, init.numEnvs);
  const actionLayout = batchLayout(env.actionSpace as Space<unknown>, init.numEnvs);
  return {
    numEnvs: init.numEnvs,
    obsLayout,
    actionLayout,
    obs: viewObsLeaves(obsLayout, init.obs),
    actions: init.actions.map((b) => new Float64Array(b)),
    actionTags: new Int32Array(init.actionTags),
    rewards: new Float64Array(init.rewards),
    terminations: new Uint8Array(init.terminations),
    truncations: new Uint8Array(init.truncations),
  };
}

function postInfo(info: Info, finalObs?: unknown, finalInfo?: Info): void {
  if (finalObs !== undefined) post({ kind: 'info', info, finalObs, finalInfo });
  else if (Object.keys(info).length > 0) post({ kind: 'info', info });
}

/** Runs one command; returns false when the loop must end. */
function serve(cmd: number, sub: SubEnv, shared: Shared | null): Shared | null | false {
  const i = boot.index;
  switch (cmd) {
    case Command.INIT:
      return takeBuffers(sub.env, requestMessage<InitMessage>());
    case Command.RESET: {
      const m = requestMessage<ResetMessage>();
      const r = sub.reset(m.seed, m.options);
      writeRow(shared!.obsLayout, shared!.obs, i, r.obs);
      shared!.rewards[i] = 0;
      shared!.terminations[i] = 0;
      shared!.truncations[i] = 0;
      postInfo(r.info);
      return shared;
    }
    case Command.STEP: {
      const s = shared!;
      const r = sub.step(readActionRow(s.actionLayout, s.actions, s.actionTags, i));
      writeRow(s.obsLayout, s.obs, i, r.obs);
      s.rewards[i] = r.reward;
      s.terminations[i] = r.terminated ? 1 : 0;
      s.truncations[i] = r.truncated ? 1 : 0;
      postInfo(r.info, r.finalObs, r.finalInfo);
      return s;
    }
    case Command.CALL: {
      const m = requestMessage<CallMessage>();
      const value = sub.call(m.name, m.args);
      if (value instanceof Space) post({ kind: 'result', value: encodeSpace(value), isSpace: true });
      else post({ kind: 'result', value });
      return shared;
    }
    case Command.SET_ATTR: {
      const m = requestMessage<SetAttrMessage>();
      sub.setAttr(m.name, m.value);
      return shared;
    }
    case Command.RENDER:
      post({ kind: 'result', value: sub.render() });
      return shared;
    case Command.CLOSE:
      sub.close();
      return false;
    default:
      throw new GymError(`unknown command ${cmd}`, 'unknown_command');
  }
}

async function main(): Promise<void> {
  let seq = Atomics.load(ctrl, REQ_SEQ);
  let sub: SubEnv;
  Atomics.store(ctrl, HAS_MESSAGE, 0);
  try {
    const env = await buildEnv(boot.recipe);
    sub = new SubEnv(env, boot.index, boot.autoresetMode);
    post({
      kind: 'ready',
      observationSpace: encodeSpace(env.observationSpace as Space<unknown>),
      actionSpace: encodeSpace(env.actionSpace as Space<unknown>),
      metadata: cloneableMetadata(env.metadata),
      description: env.toString(),
    });
  } catch (err) {
    post(errorMessage(err));
    respond(seq, STATUS_ERROR);
    return;
  }
  respond(seq, STATUS_OK);

  let shared: Shared | null = null;
  for (;;) {
    awaitRequest(seq);
    seq = Atomics.load(ctrl, REQ_SEQ);
    const cmd = Atomics.load(ctrl, CMD);
    Atomics.store(ctrl, HAS_MESSAGE, 0);
    let status = STATUS_OK;
    let next: Shared | null | false = shared;
    try {
      if (cmd !== Command.INIT && cmd !== Command.CLOSE && shared === null) {
        throw new GymError('command before the shared buffers arrived', 'protocol_error');
      }
      if (
        cmd !== Command.STEP &&
        cmd !== Command.RENDER &&
        cmd !== Command.CLOSE &&
        Atomics.load(ctrl, REQ_HAS_MESSAGE) !== 1
      ) {
        throw new GymError(`command ${cmd} came without its message`, 'protocol_error');
      }
      next = serve(cmd, sub, shared);
    } catch (err) {
      status = STATUS_ERROR;
      try {
        post(errorMessage(err));
      } catch {
        Atomics.store(ctrl, HAS_MESSAGE, 0);
      }
    }
    respond(seq, status);
    if (next === false) break;
    shared = next;
  }
  port.close();
}

await main();
