/**
 * Worker thread of `RgbRenderer` (`rgb-renderer.ts`): owns a {@link HeadlessViewerPage} and answers
 * render requests arriving on its message port. After posting each reply it bumps the shared sequence
 * number and wakes the main thread, which waits with `Atomics.wait` and reads the reply synchronously with
 * `receiveMessageOnPort`.
 *
 * @module
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import { GymError } from '../errors.js';
import { HeadlessViewerPage, type RenderPayload } from './browser.js';

/** Data the main thread starts the worker with. */
export interface RgbWorkerData {
  /** Int32Array(1) over this buffer: the reply sequence number. */
  readonly ctrl: SharedArrayBuffer;
  /** Requests come in and replies go out on this port. */
  readonly port: MessagePort;
  readonly width: number;
  readonly height: number;
}

/** A request from the main thread. */
export type RgbWorkerRequest =
  | { readonly kind: 'render'; readonly payload: RenderPayload }
  | { readonly kind: 'close' };

/** A reply to the main thread. */
export type RgbWorkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'frame'; readonly data: Uint8Array; readonly ms: number }
  | { readonly kind: 'closed' }
  | { readonly kind: 'error'; readonly name: string; readonly code: string; readonly message: string };

const data = workerData as RgbWorkerData;
const seq = new Int32Array(data.ctrl);
const port = data.port;

function reply(msg: RgbWorkerReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
  Atomics.add(seq, 0, 1);
  Atomics.notify(seq, 0);
}

function replyError(err: unknown): void {
  const e = err instanceof Error ? err : new Error(String(err));
  reply({
    kind: 'error',
    name: e.name,
    code: err instanceof GymError ? err.code : 'render_failed',
    message: e.message,
  });
}

let renderer: HeadlessViewerPage | null = null;
try {
  renderer = await HeadlessViewerPage.launch(data.width, data.height);
  reply({ kind: 'ready' });
} catch (err) {
  replyError(err);
}

port.on('message', async (msg: RgbWorkerRequest) => {
  if (msg.kind === 'close') {
    try {
      await renderer?.close();
    } finally {
      reply({ kind: 'closed' });
      port.close();
    }
    return;
  }
  if (renderer === null) {
    reply({ kind: 'error', name: 'GymError', code: 'render_failed', message: 'the renderer did not start' });
    return;
  }
  try {
    const t0 = performance.now();
    const frame = await renderer.render(msg.payload);
    reply({ kind: 'frame', data: frame.data, ms: performance.now() - t0 }, [
      frame.data.buffer as ArrayBuffer,
    ]);
  } catch (err) {
    replyError(err);
  }
});
