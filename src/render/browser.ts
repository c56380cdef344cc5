/**
 * Headless Chromium for rendering: launching Debian's `chromium` through `playwright-core` (which never
 * downloads a browser) and {@link HeadlessViewerPage}, one browser page that draws scene frames with the
 * viewer's headless mode and reads back their pixels.
 *
 * `playwright-core` is imported dynamically, so only rendering to pixels needs it (and Chromium); the
 * replay HTML and the live viewer do not.
 *
 * @module
 */
import { accessSync, constants } from 'node:fs';
import { inflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import type { RgbFrame } from '../core/types.js';
import { GymError, UnsupportedMode } from '../errors.js';
import { viewerHtml } from './html.js';
import type { DescribeOptions, SceneShape } from './scene-description.js';

/** Where Debian's `chromium` package installs the browser. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Environment variable that points at another Chromium executable. */
export const CHROMIUM_PATH_ENV = 'RESIDUAL_GYM_CHROMIUM';

/**
 * Flags for a headless Chromium on a machine with a closed network and no GPU: no sandbox (root in CI), no
 * background connections, and WebGL through ANGLE's SwiftShader (software) backend.
 */
export const CHROMIUM_FLAGS: readonly string[] = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
]);

/** Default width and height of rendered frames, pixels (Gymnasium's MuJoCo default). */
export const DEFAULT_RENDER_SIZE_PX = 480;

/** Largest accepted frame side, pixels (keeps a frame well under WebGL's drawing-buffer limits). */
export const MAX_RENDER_SIZE_PX = 4096;

/** How long to wait for the page to load three.js and start the viewer, ms. */
export const PAGE_READY_TIMEOUT_MS = 30_000;

/** The Chromium executable to use: `$RESIDUAL_GYM_CHROMIUM`, else {@link DEFAULT_CHROMIUM_PATH}. */
export function chromiumPath(): string {
  const fromEnv = process.env[CHROMIUM_PATH_ENV];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_CHROMIUM_PATH;
}

/** True if the Chromium executable exists and is executable. */
export function chromiumAvailable(): boolean {
  try {
    accessSync(chromiumPath(), constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Throws unless Chromium is installed.
 *
 * @throws UnsupportedMode `chromium_missing`, saying how to install it
 */
export function assertChromiumAvailable(): void {
  if (chromiumAvailable()) return;
  const path = chromiumPath();
  throw new UnsupportedMode(
    `renderMode 'rgb_array' renders through headless Chromium, which is not installed at ${path}. ` +
      `Install it with 'apt-get install chromium' (Debian/Ubuntu), or set ${CHROMIUM_PATH_ENV} to a Chromium ` +
      'executable. Nothing else in residual-gym needs it: the HTML replays and the live viewer open in any browser.',
    'chromium_missing',
    { path },
  );
}

/** Checks a frame size. @throws GymError `invalid_render_size` */
export function assertRenderSize(width: number, height: number): void {
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > MAX_RENDER_SIZE_PX) {
      throw new GymError(
        `render ${name} must be an integer in [1, ${MAX_RENDER_SIZE_PX}] px, got ${String(v)}`,
        'invalid_render_size',
        { [name]: v },
      );
    }
  }
}

/** A launched Chromium. */
export interface LaunchedChromium {
  readonly browser: Browser;
  /** Closes the browser. Idempotent. */
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with {@link CHROMIUM_FLAGS}. Playwright gives every launch a new empty profile
 * folder (its own `--user-data-dir`) and deletes it on close.
 *
 * @throws UnsupportedMode `chromium_missing`; GymError `playwright_missing` if `playwright-core` is not
 *   installed (it is an optional dependency); GymError `chromium_failed` if the browser does not start
 */
export async function launchChromium(): Promise<LaunchedChromium> {
  assertChromiumAvailable();
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch (err) {
    throw new GymError(
      `rendering to pixels needs the optional dependency 'playwright-core' (npm install playwright-core): ${String(err)}`,
      'playwright_missing',
    );
  }
  let browser: Browser;
  try {
    browser = await playwright.chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: [...CHROMIUM_FLAGS],
    });
  } catch (err) {
    throw new GymError(`could not start Chromium at ${chromiumPath()}: ${String(err)}`, 'chromium_failed', {
      path: chromiumPath(),
    });
  }
  let closed = false;
  return {
    browser,
    close: async () => {
      if (closed) return;
      closed = true;
      await browser.close();
    },
  };
}

/** What one headless render needs: the shapes (only when they changed), the moving poses and the goal. */
export interface RenderPayload {
  readonly shapes?: readonly SceneShape[];
  readonly poses: readonly number[];
  readonly goal: readonly number[] | null;
}

/** Options of the renderers. */
export interface RgbRendererOptions {
  /** Frame width, pixels (default {@link DEFAULT_RENDER_SIZE_PX}). */
  readonly width?: number;
  /** Frame height, pixels (default {@link DEFAULT_RENDER_SIZE_PX}). */
  readonly height?: number;
  /** Role and colour overrides. */
  readonly describe?: DescribeOptions;
}

/** A frame as the page returns it: RGBA rows bottom-up (WebGL order), zlib-deflated, base64. */
export interface CaptureResult {
  readonly width: number;
  readonly height: number;
  readonly base64: string;
}

/**
 * Turns a page capture into an H x W x 3 frame (inflate, flip to top-row-first, drop alpha).
 *
 * @throws GymError `render_failed` if the data does not hold width·height RGBA pixels
 */
export function decodeCapture(capture: CaptureResult): RgbFrame {
  const { width, height } = capture;
  let rgba: Uint8Array;
  try {
    rgba = inflateSync(Buffer.from(capture.base64, 'base64'));
  } catch (err) {
    throw new GymError(`Chromium returned an unreadable frame: ${String(err)}`, 'render_failed');
  }
  if (rgba.length !== width * height * 4) {
    throw new GymError(
      `Chromium returned ${rgba.length} bytes for a ${width}x${height} RGBA frame`,
      'render_failed',
      { width, height, bytes: rgba.length },
    );
  }
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    let src = (height - 1 - y) * width * 4;
    let dst = y * width * 3;
    for (let x = 0; x < width; x++, src += 4, dst += 3) {
      data[dst] = rgba[src]!;
      data[dst + 1] = rgba[src + 1]!;
      data[dst + 2] = rgba[src + 2]!;
    }
  }
  return { data, shape: [height, width, 3] };
}

/**
 * One headless Chromium with one page running the viewer's headless mode: each call sends a
 * {@link RenderPayload}, draws, and reads the pixels back. It knows nothing about Rapier (so the render worker
 * does not load the physics engine); {@link AsyncRgbRenderer} (`async-rgb-renderer.ts`) renders worlds with it.
 */
export class HeadlessViewerPage {
  /** Frame width, pixels. */
  readonly width: number;
  /** Frame height, pixels. */
  readonly height: number;
  private readonly chromium: LaunchedChromium;
  private readonly page: Page;
  private closed = false;

  private constructor(chromium: LaunchedChromium, page: Page, width: number, height: number) {
    this.chromium = chromium;
    this.page = page;
    this.width = width;
    this.height = height;
  }

  /**
   * Starts Chromium and loads the headless viewer page.
   *
   * @throws UnsupportedMode `chromium_missing`; GymError `invalid_render_size`, `playwright_missing`,
   *   `chromium_failed`, `render_failed`
   */
  static async launch(width: number, height: number): Promise<HeadlessViewerPage> {
    assertRenderSize(width, height);
    const chromium = await launchChromium();
    try {
      const page = await chromium.browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      await page.setContent(viewerHtml({ mode: 'headless', width, height }));
      try {
        await page.waitForFunction(() => window.__residualGym?.ready === true, null, {
          timeout: PAGE_READY_TIMEOUT_MS,
        });
      } catch (err) {
        throw new GymError(
          `the headless viewer did not start: ${errors.join('; ') || String(err)}`,
          'render_failed',
        );
      }
      return new HeadlessViewerPage(chromium, page, width, height);
    } catch (err) {
      await chromium.close();
      throw err;
    }
  }

  /**
   * Renders a payload (the page keeps the shapes until a payload carries new ones).
   *
   * @throws GymError `renderer_closed` after close; `render_failed` if the page failed
   */
  async render(payload: RenderPayload): Promise<RgbFrame> {
    if (this.closed) throw new GymError('the renderer was closed', 'renderer_closed');
    let result: CaptureResult;
    try {
      result = await this.page.evaluate((p) => {
        const api = window.__residualGym;
        if (api?.render === undefined) throw new Error('headless viewer API missing');
        return api.render(p);
      }, payload);
    } catch (err) {
      throw new GymError(`rendering failed in Chromium: ${String(err)}`, 'render_failed');
    }
    if (result.width !== this.width || result.height !== this.height) {
      throw new GymError(
        `Chromium returned a ${result.width}x${result.height} frame, expected ${this.width}x${this.height}`,
        'render_failed',
      );
    }
    return decodeCapture(result);
  }

  /** Closes the page and the browser. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.chromium.close();
  }
}

declare global {
  interface Window {
    /** The viewer's test and rendering hook (see `viewer/viewer.js`). */
    __residualGym?: {
      readonly ready: boolean;
      readonly mode: 'replay' | 'live' | 'headless';
      capture(): Promise<CaptureResult>;
      shapeCount(): number;
      render?(payload: RenderPayload): Promise<CaptureResult>;
      frameCount?(): number;
      showFrame?(index: number): void;
      currentStep?(): number;
      received?(): number;
      play?(): void;
    };
  }
}
