/**
 * Synchronous RGB rendering for `env.render()` in `rgb_array` mode. The Gym API makes `render()` synchronous
 * while a browser can only be driven asynchronously, so {@link RgbRenderer} runs a `HeadlessViewerPage`
 * (one headless Chromium, one reused page) in a worker thread and blocks the calling thread with
 * `Atomics.wait` until the worker has posted the frame, which it then takes with `receiveMessageOnPort`.
 * The main thread describes the scene itself (the Rapier world cannot cross threads) and sends only the
 * shapes when they changed plus the moving poses every frame.
 *
 * Cost (measured on the 2-core development machine while it ran other jobs, load average about 6; software
 * WebGL through SwiftShader): starting Chromium and the page once takes 7-9 s there (about 2 s on an idle
 * machine); then a 480 x 480 frame takes about 150 ms median (100 ms best) and a 160 x 120 frame about 35 ms
 * (19 ms best). Nearly all of it is in the browser (drawing, `readPixels`, deflating the RGBA buffer about
 * 100:1 for the trip over the DevTools pipe); the main thread's part (poses, inflating, dropping alpha) is under
 * 1 ms. The render tests print the figure for their frame size.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { RgbFrame } from '../core/types.js';
import { GymError, UnsupportedMode } from '../errors.js';
import type { World } from '../physics/rapier.js';
import {
  assertChromiumAvailable,
  assertRenderSize,
  DEFAULT_RENDER_SIZE_PX,
  type RenderPayload,
  type RgbRendererOptions,
} from './browser.js';
import type { RgbWorkerData, RgbWorkerReply, RgbWorkerRequest } from './rgb-worker.js';
import { readPoses, SceneTracker } from './scene-description.js';

/** How long to wait for Chromium to start and load the viewer, ms. */
export const RENDERER_START_TIMEOUT_MS = 60_000;
/** How long to wait for one frame, ms. */
export const FRAME_TIMEOUT_MS = 30_000;
/** How long `close()` waits for the browser to shut down before terminating the worker, ms. */
export const CLOSE_TIMEOUT_MS = 10_000;

const TS_EXTENSION = /\.[cm]?tsx?$/;

/** True when this module runs from TypeScript sources (tsx, vitest) rather than compiled JavaScript. */
function runningFromSource(): boolean {
  return TS_EXTENSION.test(new URL(import.meta.url).pathname);
}

/** The file URL of tsx's ESM API, needed to load the TypeScript worker (tsx's loader does not reach workers). */
function tsxApiUrl(): string {
  try {
    const require = createRequire(import.meta.url);
    const pkgPath = require.resolve('tsx/package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports?: Record<string, unknown> };
    const entry = pkg.exports?.['./esm/api'] as { import?: string | { default?: string } } | undefined;
    const target = typeof entry?.import === 'string' ? entry.import : entry?.import?.default;
    if (typeof target === 'string') return pathToFileURL(join(dirname(pkgPath), target)).href;
  } catch {
    // fall through
  }
  throw new GymError(
    'running from TypeScript sources needs tsx to start the render worker',
    'typescript_loader_missing',
  );
}

/** The worker's bootstrap: load tsx if needed, import the worker, report an import failure like any error. */
function bootstrapSource(workerUrl: string, tsxApi: string | null): string {
  return `
import { workerData } from 'node:worker_threads';
const seq = new Int32Array(workerData.ctrl);
const fail = (err) => {
  try {
    workerData.port.postMessage({ kind: 'error', name: err?.name ?? 'Error', code: 'render_failed', message: String(err?.message ?? err) });
  } catch {}
  Atomics.add(seq, 0, 1);
  Atomics.notify(seq, 0);
};
process.on('exit', () => { Atomics.add(seq, 0, 1); Atomics.notify(seq, 0); });
try {
  ${tsxApi === null ? '' : `const { register } = await import(${JSON.stringify(tsxApi)}); register();`}
  await import(${JSON.stringify(workerUrl)});
} catch (err) { fail(err); }
`;
}

/**
 * Renders Rapier worlds to RGB frames synchronously. One Chromium per renderer, started on the first frame
 * (or by {@link RgbRenderer.start}); {@link RgbRenderer.close} shuts it down. Not thread-safe: use one renderer
 * per env.
 *
 * @example
 * ```ts
 * const renderer = new RgbRenderer({ width: 320, height: 240 });
 * const frame = renderer.render(env.physics.world, obs.desired_goal); // { data, shape: [240, 320, 3] }
 * renderer.close();
 * ```
 */
export class RgbRenderer {
  /** Frame width, pixels. */
  readonly width: number;
  /** Frame height, pixels. */
  readonly height: number;
  private readonly tracker: SceneTracker;
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  private seq: Int32Array | null = null;
  private sentShapes = false;
  private closed = false;
  private lastFrameMs = Number.NaN;

  /**
   * @param options - frame size and colour overrides
   * @throws GymError `invalid_render_size`
   */
  constructor(options: RgbRendererOptions = {}) {
    this.width = options.width ?? DEFAULT_RENDER_SIZE_PX;
    this.height = options.height ?? DEFAULT_RENDER_SIZE_PX;
    assertRenderSize(this.width, this.height);
    this.tracker = new SceneTracker(options.describe ?? {});
  }

  /** Milliseconds the worker spent on the last frame (browser side), NaN before the first. */
  get lastFrameBrowserMs(): number {
    return this.lastFrameMs;
  }

  /** True once {@link RgbRenderer.close} was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Starts Chromium now (otherwise the first {@link RgbRenderer.render} does).
   *
   * @throws UnsupportedMode `chromium_missing`; GymError `render_failed` / `render_timeout` if it did not start
   */
  start(): void {
    if (this.closed) throw new GymError('the renderer was closed', 'renderer_closed');
    if (this.worker !== null) return;
    assertChromiumAvailable();
    const fromSource = runningFromSource();
    const workerUrl = new URL(fromSource ? './rgb-worker.ts' : './rgb-worker.js', import.meta.url).href;
    const source = bootstrapSource(workerUrl, fromSource ? tsxApiUrl() : null);
    const ctrl = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const seq = new Int32Array(ctrl);
    const { port1, port2 } = new MessageChannel();
    const data: RgbWorkerData = { ctrl, port: port2, width: this.width, height: this.height };
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), {
      workerData: data,
      transferList: [port2],
    });
    worker.unref();
    port1.unref();
    this.worker = worker;
    this.port = port1;
    this.seq = seq;
    const reply = this.await(0, RENDERER_START_TIMEOUT_MS, 'start');
    if (reply.kind !== 'ready') {
      this.teardown();
      throw this.toError(reply, 'start');
    }
  }

  /**
   * Renders `world` (its colliders at their current poses) with a goal marker at `goal` (null: none).
   *
   * @throws UnsupportedMode `chromium_missing`; GymError `renderer_closed`, `render_failed`, `render_timeout`
   */
  render(world: World, goal: ArrayLike<number> | null): RgbFrame {
    const changed = this.tracker.update(world);
    const shapes = this.tracker.current.shapes;
    const resend = changed || !this.sentShapes;
    return this.renderPayload({
      ...(resend ? { shapes } : {}),
      poses: readPoses(world, shapes, false),
      goal: goal === null ? null : [Number(goal[0]), Number(goal[1]), Number(goal[2])],
    });
  }

  /** Renders a prepared payload (see {@link RenderPayload}); the page keeps shapes until new ones arrive. */
  renderPayload(payload: RenderPayload): RgbFrame {
    if (this.closed) throw new GymError('the renderer was closed', 'renderer_closed');
    this.start();
    const seq = this.seq!;
    const before = Atomics.load(seq, 0);
    const request: RgbWorkerRequest = { kind: 'render', payload };
    this.port!.postMessage(request);
    const reply = this.await(before, FRAME_TIMEOUT_MS, 'frame');
    if (reply.kind !== 'frame') throw this.toError(reply, 'frame');
    if (payload.shapes !== undefined) this.sentShapes = true;
    this.lastFrameMs = reply.ms;
    return { data: reply.data, shape: [this.height, this.width, 3] };
  }

  /** Shuts the browser down and stops the worker. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.worker === null) return;
    try {
      const before = Atomics.load(this.seq!, 0);
      const request: RgbWorkerRequest = { kind: 'close' };
      this.port!.postMessage(request);
      this.await(before, CLOSE_TIMEOUT_MS, 'close');
    } catch {
      // the worker is terminated below either way
    }
    this.teardown();
  }

  /** `using renderer = new RgbRenderer()` closes it at the end of the block. */
  [Symbol.dispose](): void {
    this.close();
  }

  private teardown(): void {
    this.port?.close();
    void this.worker?.terminate();
    this.worker = null;
    this.port = null;
  }

  /** Blocks until the worker's sequence number moves past `before`, then takes its reply. */
  private await(before: number, timeoutMs: number, what: string): RgbWorkerReply {
    const seq = this.seq!;
    const port = this.port!;
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const received = receiveMessageOnPort(port);
      if (received !== undefined) return received.message as RgbWorkerReply;
      if (Atomics.load(seq, 0) !== before) {
        // The worker posts before it bumps the sequence, so a bump without a message means it exited.
        this.teardown();
        this.closed = true;
        throw new GymError(`the render worker exited during ${what}`, 'render_failed');
      }
      const left = deadline - performance.now();
      if (left <= 0) {
        this.teardown();
        this.closed = true;
        throw new GymError(`Chromium did not answer within ${timeoutMs} ms (${what})`, 'render_timeout', {
          timeoutMs,
        });
      }
      Atomics.wait(seq, 0, before, left);
    }
  }

  private toError(reply: RgbWorkerReply, what: string): Error {
    if (reply.kind === 'error') {
      if (reply.code === 'chromium_missing') return new UnsupportedMode(reply.message, reply.code);
      return new GymError(`${what}: ${reply.message}`, reply.code);
    }
    return new GymError(`${what}: unexpected reply '${reply.kind}' from the render worker`, 'render_failed');
  }
}

/**
 * Renders one frame of `world` with a short-lived renderer (starts and closes Chromium: about 2 s). For
 * more than one frame keep an {@link RgbRenderer}.
 */
export function renderRgbFrame(
  world: World,
  goal: ArrayLike<number> | null,
  options: RgbRendererOptions = {},
): RgbFrame {
  const renderer = new RgbRenderer(options);
  try {
    return renderer.render(world, goal);
  } finally {
    renderer.close();
  }
}
