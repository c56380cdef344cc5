import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from 'node:worker_threads';
import type { Info, RenderFrame } from '../core/types.js';
import * as errors from '../errors.js';
import {
  AlreadyPendingCallError,
  ClosedEnvironmentError,
  GymError,
  NoAsyncCallError,
  WorkerError,
} from '../errors.js';
import type { Space } from '../spaces/space.js';
import { checkAutoresetMode, parseResetArgs, spreadValues } from './arguments.js';
import {
  allocateActionLeaves,
  type BatchLayout,
  batchLayout,
  splitActions,
  writeActionRow,
} from './batching.js';
import { VectorBuffers } from './buffers.js';
import { checkSubEnvSpaces } from './check-spaces.js';
import { addInfo } from './info.js';
import {
  type CallMessage,
  CMD,
  Command,
  CTRL_SLOTS,
  DEAD,
  EXIT_CODE,
  HAS_MESSAGE,
  type InfoMessage,
  type InitMessage,
  REQ_HAS_MESSAGE,
  REQ_SEQ,
  RESP_SEQ,
  type ReadyMessage,
  type ResetMessage,
  type ResultMessage,
  type SetAttrMessage,
  STATUS,
  STATUS_ERROR,
  type WorkerBootData,
  type WorkerMessage,
} from './protocol.js';
import { decodeSpace } from './space-codec.js';
import { spawnWorker } from './spawn.js';
import { endedSubEnvsError } from './sub-env.js';

import type {
  AsyncVectorEnvOptions,
  AutoresetMode,
  EnvRecipe,
  VectorActions,
  VectorCloseOptions,
  VectorEnv,
  VectorMetadata,
  VectorResetArgs,
  VectorResetResult,
  VectorStepResult,
} from './types.js';

/** Default limit of every synchronous wait, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 120_000;
/** Default time `close()` grants a pending call and the sub-envs' own `close`, in milliseconds. */
const DEFAULT_CLOSE_TIMEOUT_MS = 1_000;

/** Terminates the workers of vector envs that were garbage-collected without `close()`. */
const orphanedWorkers = new FinalizationRegistry<readonly Worker[]>((workers) => {
  for (const w of workers) w.terminate().catch(() => undefined);
});

type PendingKind = 'reset' | 'step' | 'call' | 'setAttr' | 'render';

interface WorkerHandle {
  readonly worker: Worker;
  readonly ctrl: Int32Array;
  readonly port: MessagePort;
  /** Request number whose response is awaited (or was last received). */
  expected: number;
  /** Set by the main-thread 'exit' event (seen only when the event loop runs between calls). */
  exitCode: number | null;
  /** Set by the main-thread 'error' event. */
  uncaught: Error | null;
}

interface Response {
  readonly message: WorkerMessage | null;
}

/**
 * Runs each sub-env in its own worker thread (Gymnasium `AsyncVectorEnv`), with the same synchronous
 * `reset`/`step` as {@link SyncVectorEnv} — switching a trainer between them changes one word — plus the
 * split `stepAsync`/`stepWait` (and `resetAsync`/`resetWait`, `callAsync`/`callWait`) to overlap the sub-envs
 * with work on the calling thread.
 *
 * Sub-envs are described by serialisable {@link EnvRecipe}s, since functions cannot reach a worker:
 * `{ id, options }` (built with `make`; only built-in ids are registered inside a worker) or
 * `{ module, exportName, args }` (a factory exported by an ES module, for user-defined envs).
 *
 * Observations, actions, rewards and flags travel through `SharedArrayBuffer`s (nothing is cloned per step);
 * infos travel through a `MessagePort` read synchronously with `receiveMessageOnPort`. The caller blocks in
 * `Atomics.wait`, always with a deadline (`timeoutMs`, default 120 s). A sub-env that throws, a worker that
 * exits or crashes, and a deadline that passes all surface as {@link WorkerError} on the current or next call
 * — never as a hang; after one the vector env only allows `close()`.
 *
 * @example
 * ```ts
 * const envs = new AsyncVectorEnv([{ id: 'Push-v0' }, { id: 'Push-v0' }]);
 * envs.reset({ seed: 0 });
 * envs.stepAsync(actions);
 * doOtherWork();
 * const { obs, rewards } = envs.stepWait();
 * envs.close();
 * ```
 *
 * @typeParam O - batched observation type
 * @typeParam A - batched action type
 */
export class AsyncVectorEnv<O = unknown, A = unknown> implements VectorEnv<O, A> {
  /** @inheritDoc */
  readonly numEnvs: number;
  /** @inheritDoc */
  readonly singleObservationSpace: Space<unknown>;
  /** @inheritDoc */
  readonly observationSpace: Space<O>;
  /** @inheritDoc */
  readonly singleActionSpace: Space<unknown>;
  /** @inheritDoc */
  readonly actionSpace: Space<A>;
  /** @inheritDoc */
  readonly metadata: VectorMetadata;
  /** The autoreset mode. */
  readonly autoresetMode: AutoresetMode;
  /** Whether results are fresh copies. */
  readonly copy: boolean;
  /** Default limit of synchronous waits, in milliseconds. */
  readonly timeoutMs: number;
  /** The recipes of the sub-envs. */
  readonly recipes: readonly EnvRecipe[];
  /** `String(env)` of sub-env 0 (as built inside its worker). */
  readonly description: string;
  private readonly workers: WorkerHandle[] = [];
  private readonly obsLayout: BatchLayout;
  private readonly actionLayout: BatchLayout;
  private readonly buffers: VectorBuffers;
  private readonly actionLeaves: Float64Array[];
  private readonly actionTags: Int32Array;
  /** Disabled autoreset: 1 for sub-envs whose episode ended since their last reset. */
  private readonly ended: Uint8Array;
  private pending: { kind: PendingKind; workers: readonly number[] } | null = null;
  private failure: WorkerError | null = null;
  private closedValue = false;

  /**
   * Starts one worker per recipe and waits (synchronously) until every sub-env is built.
   *
   * @param recipes - one recipe per sub-env
   * @param options - copy, observationMode, autoresetMode, timeoutMs
   * @throws GymError for an empty list, a non-recipe entry, disagreeing or unsupported spaces, a bad option;
   *   WorkerError if a worker fails to build its env or does not answer within `timeoutMs`
   */
  constructor(recipes: readonly EnvRecipe[], options: AsyncVectorEnvOptions = {}) {
    if (!Array.isArray(recipes) || recipes.length === 0) {
      throw new GymError('AsyncVectorEnv needs at least one env recipe', 'no_envs');
    }
    this.recipes = Object.freeze(recipes.map((r, i) => checkRecipe(r, i)));
    this.numEnvs = recipes.length;
    this.autoresetMode = checkAutoresetMode(options.autoresetMode ?? 'next-step');
    this.copy = options.copy ?? true;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.timeoutMs > 0)) {
      throw new GymError(`timeoutMs must be positive, got ${this.timeoutMs}`, 'invalid_timeout', {
        timeoutMs: this.timeoutMs,
      });
    }
    const n = this.numEnvs;
    this.ended = new Uint8Array(n);
    try {
      for (let i = 0; i < n; i++) this.workers.push(this.startWorker(i));
      const deadline = performance.now() + this.timeoutMs;
      const ready = this.workers.map((_, i) => this.expectMessage<ReadyMessage>(i, deadline, 'ready'));
      const obsSpaces = ready.map((r) => decodeSpace(r.observationSpace));
      const actSpaces = ready.map((r) => decodeSpace(r.actionSpace));
      checkSubEnvSpaces(obsSpaces, actSpaces, options.observationMode ?? 'same', (s) => batchLayout(s, n));
      this.singleObservationSpace = obsSpaces[0]!;
      this.singleActionSpace = actSpaces[0]!;
      this.obsLayout = batchLayout(this.singleObservationSpace, n);
      this.actionLayout = batchLayout(this.singleActionSpace, n);
      this.buffers = new VectorBuffers(this.obsLayout, true);
      this.actionLeaves = allocateActionLeaves(this.actionLayout, true);
      this.actionTags = new Int32Array(new SharedArrayBuffer(4 * n * this.actionLayout.leaves.length));
      const init: InitMessage = {
        obs: this.buffers.obs.map((a) => a.buffer as SharedArrayBuffer),
        actions: this.actionLeaves.map((a) => a.buffer as SharedArrayBuffer),
        actionTags: this.actionTags.buffer as SharedArrayBuffer,
        rewards: this.buffers.rewards.buffer as SharedArrayBuffer,
        terminations: this.buffers.terminations.buffer as SharedArrayBuffer,
        truncations: this.buffers.truncations.buffer as SharedArrayBuffer,
        numEnvs: n,
      };
      for (let i = 0; i < n; i++) this.send(i, Command.INIT, init);
      const initDeadline = performance.now() + this.timeoutMs;
      for (let i = 0; i < n; i++) this.receive(i, initDeadline);
      this.metadata = Object.freeze({
        renderModes: [],
        ...ready[0]!.metadata,
        autoresetMode: this.autoresetMode,
      }) as VectorMetadata;
      this.description = ready[0]!.description;
    } catch (err) {
      this.closedValue = true;
      this.terminateAll();
      throw err;
    }
    this.observationSpace = this.obsLayout.batchedSpace as Space<O>;
    this.actionSpace = this.actionLayout.batchedSpace as Space<A>;
    orphanedWorkers.register(
      this,
      this.workers.map((h) => h.worker),
      this,
    );
  }

  /** @inheritDoc */
  get closed(): boolean {
    return this.closedValue;
  }

  /** True while an asynchronous call awaits its `*Wait`. */
  get pendingCall(): PendingKind | null {
    return this.pending?.kind ?? null;
  }

  /**
   * Resets every sub-env (or those selected by `options.reset_mask`) and waits for them.
   *
   * @throws see {@link AsyncVectorEnv.resetAsync} and {@link AsyncVectorEnv.resetWait}
   */
  reset(args?: VectorResetArgs): VectorResetResult<O> {
    this.resetAsync(args);
    return this.resetWait();
  }

  /**
   * Starts a reset in the workers and returns at once.
   *
   * @throws ClosedEnvironmentError after close; AlreadyPendingCallError while another call is pending;
   *   WorkerError after a worker failure; GymError/InvalidSeed for malformed arguments
   */
  resetAsync(args?: VectorResetArgs): void {
    this.assertReady('resetAsync');
    const parsed = parseResetArgs(args, this.numEnvs);
    const targets: number[] = [];
    for (let i = 0; i < this.numEnvs; i++) {
      if (!parsed.mask[i]) continue;
      const message: ResetMessage =
        parsed.options === undefined
          ? { seed: parsed.seeds[i]! }
          : { seed: parsed.seeds[i]!, options: parsed.options };
      this.send(i, Command.RESET, message);
      targets.push(i);
    }
    this.pending = { kind: 'reset', workers: targets };
  }

  /**
   * Waits for the reset started by {@link AsyncVectorEnv.resetAsync}.
   *
   * @param timeoutMs - limit of this wait (default: the env's `timeoutMs`)
   * @throws ClosedEnvironmentError after close; NoAsyncCallError without a pending reset; WorkerError if a
   *   sub-env threw, a worker died, or the deadline passed
   */
  resetWait(timeoutMs?: number): VectorResetResult<O> {
    const targets = this.takePending('reset', 'resetWait');
    const info: Info = {};
    const deadline = this.deadline(timeoutMs);
    for (const i of targets) {
      const r = this.receive(i, deadline);
      this.ended[i] = 0;
      if (r.message !== null) addInfo(info, (r.message as InfoMessage).info, i, this.numEnvs);
    }
    return this.buffers.resetResult<O>(this.copy, info);
  }

  /**
   * Steps every sub-env and waits for them.
   *
   * @throws see {@link AsyncVectorEnv.stepAsync} and {@link AsyncVectorEnv.stepWait}
   */
  step(actions: VectorActions<A>): VectorStepResult<O> {
    this.stepAsync(actions);
    return this.stepWait();
  }

  /**
   * Writes the actions into shared memory, starts a step in every worker and returns at once.
   *
   * @param actions - batched (flat row-major `numEnvs * actionDim` for a Box space) or one action per sub-env
   * @throws ClosedEnvironmentError after close; AlreadyPendingCallError while another call is pending;
   *   InvalidAction for malformed actions and, in `'disabled'` mode, ResetNeeded for an ended sub-env that
   *   was not reset (nothing is started in both cases); WorkerError after a worker failure
   */
  stepAsync(actions: VectorActions<A>): void {
    this.assertReady('stepAsync');
    const rows = splitActions(this.actionLayout, actions);
    if (this.autoresetMode === 'disabled') {
      const ended: number[] = [];
      this.ended.forEach((e, i) => {
        if (e) ended.push(i);
      });
      if (ended.length > 0) throw endedSubEnvsError(ended);
    }
    for (let i = 0; i < this.numEnvs; i++)
      writeActionRow(this.actionLayout, this.actionLeaves, this.actionTags, i, rows[i]);
    const all: number[] = [];
    for (let i = 0; i < this.numEnvs; i++) {
      this.send(i, Command.STEP);
      all.push(i);
    }
    this.pending = { kind: 'step', workers: all };
  }

  /**
   * Waits for the step started by {@link AsyncVectorEnv.stepAsync}.
   *
   * @param timeoutMs - limit of this wait (default: the env's `timeoutMs`)
   * @throws ClosedEnvironmentError after close; NoAsyncCallError without a pending step; WorkerError if a
   *   sub-env threw, a worker died, or the deadline passed
   */
  stepWait(timeoutMs?: number): VectorStepResult<O> {
    const targets = this.takePending('step', 'stepWait');
    const info: Info = {};
    const deadline = this.deadline(timeoutMs);
    for (const i of targets) {
      const r = this.receive(i, deadline);
      if (r.message === null) continue;
      const m = r.message as InfoMessage;
      if (m.finalObs !== undefined)
        addInfo(info, { final_obs: m.finalObs, final_info: m.finalInfo }, i, this.numEnvs);
      addInfo(info, m.info, i, this.numEnvs);
    }
    for (let i = 0; i < this.numEnvs; i++)
      this.ended[i] = this.buffers.terminations[i]! | this.buffers.truncations[i]!;
    return this.buffers.stepResult<O>(this.copy, info);
  }

  /**
   * Starts `call(name, ...args)` in every worker. Arguments and results are structured-cloned: spaces are
   * rebuilt as spaces, other class instances arrive as plain objects, functions cannot be sent.
   *
   * @throws ClosedEnvironmentError, AlreadyPendingCallError, WorkerError as for {@link AsyncVectorEnv.stepAsync}
   */
  callAsync(name: string, ...args: unknown[]): void {
    this.assertReady('callAsync');
    const message: CallMessage = { name, args };
    this.broadcast('call', Command.CALL, () => message);
  }

  /**
   * Waits for {@link AsyncVectorEnv.callAsync}: one result per sub-env.
   *
   * @throws NoAsyncCallError without a pending call; WorkerError as for {@link AsyncVectorEnv.stepWait}
   */
  callWait(timeoutMs?: number): unknown[] {
    return this.collectResults('call', 'callWait', timeoutMs);
  }

  /** @inheritDoc */
  call(name: string, ...args: unknown[]): unknown[] {
    this.callAsync(name, ...args);
    return this.callWait();
  }

  /** @inheritDoc */
  getAttr(name: string): unknown[] {
    return this.call(name);
  }

  /**
   * @inheritDoc
   * @throws GymError if `values` is an array whose length is not `numEnvs`
   */
  setAttr(name: string, values: unknown): void {
    this.assertReady('setAttr');
    const per = spreadValues(values, this.numEnvs);
    this.broadcast('setAttr', Command.SET_ATTR, (i): SetAttrMessage => ({ name, value: per[i] }));
    this.collectResults('setAttr', 'setAttr', undefined);
  }

  /** @inheritDoc */
  render(): RenderFrame[] | null {
    this.assertReady('render');
    this.broadcast('render', Command.RENDER, () => undefined);
    const frames = this.collectResults('render', 'render', undefined);
    return frames.every((f) => f === null) ? null : (frames as RenderFrame[]);
  }

  /**
   * Closes every sub-env and terminates every worker; idempotent. Without `terminate`, a pending call is
   * awaited and the sub-envs are closed inside their workers, each step within `timeoutMs` (default 1 s);
   * the workers are terminated in any case.
   */
  close(options: VectorCloseOptions = {}): void {
    if (this.closedValue) return;
    this.closedValue = true;
    const timeout = options.timeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    if (!options.terminate && this.failure === null) {
      try {
        const deadline = performance.now() + timeout;
        if (this.pending !== null) {
          for (const i of this.pending.workers) this.receive(i, deadline);
          this.pending = null;
        }
      } catch {
        // a pending call that fails or does not finish in time: the workers are terminated below
      }
      if (this.failure === null) {
        for (let i = 0; i < this.numEnvs; i++) this.send(i, Command.CLOSE);
        const deadline = performance.now() + timeout;
        for (let i = 0; i < this.numEnvs; i++) {
          try {
            this.receive(i, deadline);
          } catch {
            // a worker that does not close in time is terminated below
          }
        }
      }
    }
    this.pending = null;
    this.terminateAll();
    orphanedWorkers.unregister(this);
  }

  /** `using envs = new AsyncVectorEnv(...)` closes at the end of the block. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** `AsyncVectorEnv(<sub-env 0>, numEnvs)`. */
  toString(): string {
    return `AsyncVectorEnv(${this.description ?? '?'}, numEnvs=${this.numEnvs})`;
  }

  // ---------------------------------------------------------------------------------------------------------

  private startWorker(index: number): WorkerHandle {
    const ctrl = new Int32Array(new SharedArrayBuffer(4 * CTRL_SLOTS));
    // request 1 is "build the env": the worker answers it with its ReadyMessage
    Atomics.store(ctrl, REQ_SEQ, 1);
    const { port1, port2 } = new MessageChannel();
    const data: WorkerBootData = {
      ctrl: ctrl.buffer as SharedArrayBuffer,
      port: port2,
      recipe: this.recipes[index]!,
      index,
      autoresetMode: this.autoresetMode,
    };
    const worker = spawnWorker(data, this.recipes);
    const handle: WorkerHandle = { worker, ctrl, port: port1, expected: 1, exitCode: null, uncaught: null };
    worker.on('error', (err) => {
      handle.uncaught = err;
    });
    worker.on('exit', (code) => {
      handle.exitCode = code;
    });
    // like Gymnasium's daemon workers: a forgotten vector env does not keep the process alive
    worker.unref();
    port1.unref();
    return handle;
  }

  private terminateAll(): void {
    for (const h of this.workers) {
      h.worker.terminate().catch(() => undefined);
      h.port.close();
    }
  }

  private deadline(timeoutMs: number | undefined): number {
    const t = timeoutMs ?? this.timeoutMs;
    if (!(t >= 0))
      throw new GymError(
        `timeout must be a non-negative number of milliseconds, got ${t}`,
        'invalid_timeout',
      );
    return performance.now() + t;
  }

  private assertOpen(): void {
    if (this.closedValue) {
      throw new ClosedEnvironmentError(`${this.toString()} was used after close()`, 'vector_env_closed');
    }
  }

  /** Checks that a new call may start. */
  private assertReady(what: string): void {
    this.assertOpen();
    if (this.failure !== null) throw this.brokenError();
    if (this.pending !== null) {
      throw new AlreadyPendingCallError(
        `${what}: calling while waiting for a pending call to '${this.pending.kind}' to complete`,
        'already_pending',
        { pending: this.pending.kind },
      );
    }
  }

  /** Ends the pending call of kind `kind` and returns its workers. */
  private takePending(kind: PendingKind, what: string): readonly number[] {
    this.assertOpen();
    if (this.failure !== null) throw this.brokenError();
    if (this.pending === null || this.pending.kind !== kind) {
      throw new NoAsyncCallError(
        `${what}: calling without any prior call to '${kind}Async'${this.pending ? ` (the pending call is '${this.pending.kind}')` : ''}`,
        'no_async_call',
        { pending: this.pending?.kind ?? null },
      );
    }
    const { workers } = this.pending;
    this.pending = null;
    return workers;
  }

  private brokenError(): WorkerError {
    const f = this.failure!;
    return new WorkerError(
      `${this.toString()} is unusable after an earlier worker failure (${f.message}); close it and build a new one`,
      'vector_env_broken',
      { cause: f.code },
    );
  }

  private broadcast(kind: PendingKind, cmd: number, messageOf: (i: number) => unknown): void {
    const all: number[] = [];
    for (let i = 0; i < this.numEnvs; i++) {
      this.send(i, cmd, messageOf(i));
      all.push(i);
    }
    this.pending = { kind, workers: all };
  }

  private collectResults(kind: PendingKind, what: string, timeoutMs: number | undefined): unknown[] {
    const targets = this.takePending(kind, what);
    const deadline = this.deadline(timeoutMs);
    return targets.map((i) => {
      const r = this.receive(i, deadline);
      if (r.message === null) return undefined;
      const m = r.message as ResultMessage;
      return m.isSpace ? decodeSpace(m.value) : m.value;
    });
  }

  /** Posts request `cmd` (with an optional port message) to worker `i`. */
  private send(i: number, cmd: number, message?: unknown): void {
    const h = this.workers[i]!;
    if (message !== undefined) {
      h.port.postMessage(message);
      Atomics.store(h.ctrl, REQ_HAS_MESSAGE, 1);
    } else {
      Atomics.store(h.ctrl, REQ_HAS_MESSAGE, 0);
    }
    Atomics.store(h.ctrl, CMD, cmd);
    h.expected = Atomics.add(h.ctrl, REQ_SEQ, 1) + 1;
    Atomics.notify(h.ctrl, REQ_SEQ);
  }

  /**
   * Waits until worker `i` answers its current request (or dies, or the deadline passes) and returns the
   * response message, if any.
   *
   * @throws WorkerError (and marks the vector env unusable) on an error response, a dead worker or a timeout
   */
  private receive(i: number, deadline: number): Response {
    const h = this.workers[i]!;
    const c = h.ctrl;
    for (;;) {
      if (Atomics.load(c, DEAD) === 1 || h.exitCode !== null) throw this.fail(this.deathError(i));
      const r = Atomics.load(c, RESP_SEQ);
      if (r === h.expected) break;
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        throw this.fail(
          new WorkerError(
            `worker ${i} did not answer within the timeout (sub-env ${i} may be stuck or very slow)`,
            'worker_timeout',
            { index: i },
          ),
        );
      }
      Atomics.wait(c, RESP_SEQ, r, remaining);
    }
    const hasMessage = Atomics.load(c, HAS_MESSAGE) === 1;
    const message = hasMessage ? this.readMessage(i, deadline) : null;
    if (Atomics.load(c, STATUS) === STATUS_ERROR) {
      throw this.fail(this.errorFromMessage(i, message));
    }
    return { message };
  }

  /** Waits for the response to worker `i`'s current request and checks its kind. */
  private expectMessage<T extends WorkerMessage>(i: number, deadline: number, kind: T['kind']): T {
    const { message } = this.receive(i, deadline);
    if (message === null || message.kind !== kind) {
      throw this.fail(
        new WorkerError(`worker ${i} answered without its '${kind}' message`, 'protocol_error', { index: i }),
      );
    }
    return message as T;
  }

  private readMessage(i: number, deadline: number): WorkerMessage {
    const h = this.workers[i]!;
    for (;;) {
      const m = receiveMessageOnPort(h.port);
      if (m !== undefined) return m.message as WorkerMessage;
      if (performance.now() > deadline) {
        throw this.fail(
          new WorkerError(`worker ${i}'s response message never arrived`, 'worker_timeout', { index: i }),
        );
      }
      Atomics.wait(h.ctrl, CTRL_SLOTS - 1, 0, 1);
    }
  }

  /** The error for a worker that died: its last reported error if any, else its exit code. */
  private deathError(i: number): WorkerError {
    const h = this.workers[i]!;
    let last: WorkerMessage | null = null;
    for (let m = receiveMessageOnPort(h.port); m !== undefined; m = receiveMessageOnPort(h.port)) {
      last = m.message as WorkerMessage;
    }
    if (last?.kind === 'error') return this.errorFromMessage(i, last);
    const code = Atomics.load(h.ctrl, DEAD) === 1 ? Atomics.load(h.ctrl, EXIT_CODE) : h.exitCode;
    const reason = h.uncaught ? `: ${h.uncaught.message}` : '';
    return new WorkerError(`worker ${i} died (exit code ${code})${reason}`, 'worker_died', {
      index: i,
      exitCode: code,
    });
  }

  private errorFromMessage(i: number, message: WorkerMessage | null): WorkerError {
    if (message === null || message.kind !== 'error') {
      return new WorkerError(`worker ${i} failed without a description`, 'worker_error', { index: i });
    }
    const cause = reviveError(message);
    const err = new WorkerError(`sub-env ${i} threw ${message.name}: ${message.message}`, 'worker_error', {
      index: i,
      errorName: message.name,
      errorCode: message.code ?? null,
      ...(message.details ? { errorDetails: message.details } : {}),
    });
    (err as Error).cause = cause;
    return err;
  }

  /** Records the first failure (the vector env only allows `close()` afterwards) and returns `err`. */
  private fail(err: WorkerError): WorkerError {
    this.pending = null;
    if (this.failure === null) this.failure = err;
    return err;
  }
}

/** Rebuilds a worker's exception: the residual-gym error class of the same name when there is one. */
function reviveError(m: Extract<WorkerMessage, { kind: 'error' }>): Error {
  const Ctor = (errors as Record<string, unknown>)[m.name];
  let err: Error;
  if (typeof Ctor === 'function' && (Ctor === GymError || Ctor.prototype instanceof GymError)) {
    err = new (Ctor as typeof GymError)(m.message, m.code, m.details ?? {});
  } else {
    err = new Error(m.message);
    err.name = m.name;
  }
  if (m.stack) err.stack = m.stack;
  return err;
}

/** Validates one recipe. */
function checkRecipe(recipe: unknown, index: number): EnvRecipe {
  if (typeof recipe === 'function') {
    throw new GymError(
      `sub-env ${index}: AsyncVectorEnv cannot send functions to workers; pass a recipe { id, options } or { module, exportName, args }`,
      'function_recipe',
      { index },
    );
  }
  const r = recipe as Record<string, unknown> | null;
  const ok =
    typeof r === 'object' &&
    r !== null &&
    ((typeof r.id === 'string' &&
      (r.options === undefined || (typeof r.options === 'object' && r.options !== null))) ||
      (typeof r.module === 'string' && typeof r.exportName === 'string'));
  if (!ok) {
    throw new GymError(
      `sub-env ${index}: expected a recipe { id, options? } or { module, exportName, args? }`,
      'invalid_recipe',
      { index },
    );
  }
  try {
    structuredClone(recipe);
  } catch {
    throw new GymError(
      `sub-env ${index}: the recipe cannot be sent to a worker (not structured-cloneable)`,
      'invalid_recipe',
      {
        index,
      },
    );
  }
  return recipe as EnvRecipe;
}
