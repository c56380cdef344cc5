/**
 * What an env class needs to support `renderMode`: validation of the mode at construction and an
 * {@link EnvRenderer} that turns `render()` into a frame of the env's Rapier world. The browser starts on the
 * first `render()` call and stops in `close()`.
 *
 * @example
 * ```ts
 * // in an env class whose physics lives in `this.physics.world`
 * private readonly renderer: EnvRenderer;
 * constructor(options: { renderMode?: string | null }) {
 *   super();
 *   this.renderModeValue = options.renderMode ?? null;
 *   this.metadata = envRenderMetadata(1 / CONTROL_DT_S);
 *   this.renderer = new EnvRenderer(this.renderModeValue);
 * }
 * override render() { return this.renderer.render(this.physics.world, this.goal); }
 * protected override onClose() { this.renderer.close(); this.physics.free(); }
 * ```
 *
 * @module
 */
import type { EnvMetadata, RgbFrame } from '../core/types.js';
import { GymError, UnsupportedMode } from '../errors.js';
import type { World } from '../physics/rapier.js';
import { assertChromiumAvailable, type RgbRendererOptions } from './browser.js';
import { RgbRenderer } from './rgb-renderer.js';

/** The render modes an env gets from {@link EnvRenderer}. */
export const ENV_RENDER_MODES: readonly string[] = Object.freeze(['rgb_array']);

/** The `metadata` of an env rendered by {@link EnvRenderer}, at `fps` frames per second (1 / control step). */
export function envRenderMetadata(fps: number): EnvMetadata {
  if (!(fps > 0) || !Number.isFinite(fps)) {
    throw new GymError(`renderFps must be a positive number, got ${fps}`, 'invalid_fps', { fps });
  }
  return Object.freeze({ renderModes: ENV_RENDER_MODES, renderFps: fps });
}

/**
 * Checks a constructor's `renderMode` argument.
 *
 * @returns the mode, or null
 * @throws UnsupportedMode `unsupported_render_mode` for a mode outside `supported`;
 *   `chromium_missing` for `rgb_array` without Chromium
 */
export function assertRenderMode(
  mode: unknown,
  supported: readonly string[] = ENV_RENDER_MODES,
): string | null {
  if (mode === undefined || mode === null) return null;
  if (typeof mode !== 'string' || !supported.includes(mode)) {
    throw new UnsupportedMode(
      `renderMode ${JSON.stringify(mode)} is not supported; supported modes: ${supported.join(', ') || 'none'} (or null)`,
      'unsupported_render_mode',
      { mode, supported },
    );
  }
  if (mode === 'rgb_array') assertChromiumAvailable();
  return mode;
}

/**
 * The render half of an env: null mode renders nothing, `rgb_array` renders the world with an
 * {@link RgbRenderer} (created on the first frame, closed by {@link EnvRenderer.close}).
 */
export class EnvRenderer {
  /** The validated render mode. */
  readonly mode: string | null;
  private readonly options: RgbRendererOptions;
  private renderer: RgbRenderer | null = null;
  private closed = false;

  /**
   * @param mode - the env's `renderMode`
   * @param options - frame size (default 480 x 480) and colour overrides
   * @throws UnsupportedMode see {@link assertRenderMode}
   */
  constructor(mode: unknown, options: RgbRendererOptions = {}) {
    this.mode = assertRenderMode(mode);
    this.options = options;
  }

  /**
   * The frame for `render()`: null when the mode is null, else the world drawn with a goal marker.
   *
   * @throws GymError `renderer_closed` after close; `render_failed` / `render_timeout` from the browser
   */
  render(world: World, goal: ArrayLike<number> | null): RgbFrame | null {
    if (this.mode === null) return null;
    if (this.closed) throw new GymError('render() after close()', 'renderer_closed');
    if (this.renderer === null) this.renderer = new RgbRenderer(this.options);
    return this.renderer.render(world, goal);
  }

  /** Stops the browser (if one was started). Idempotent. */
  close(): void {
    this.closed = true;
    this.renderer?.close();
    this.renderer = null;
  }
}
