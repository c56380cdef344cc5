/**
 * Asynchronous RGB rendering of Rapier worlds, for async code (scripts, servers, tests). Envs use the
 * synchronous {@link RgbRenderer} (`rgb-renderer.ts`), which runs the same page in a worker thread.
 *
 * @module
 */
import type { RgbFrame } from '../core/types.js';
import type { World } from '../physics/rapier.js';
import { DEFAULT_RENDER_SIZE_PX, HeadlessViewerPage, type RgbRendererOptions } from './browser.js';
import { readPoses, SceneTracker } from './scene-description.js';

/**
 * Renders worlds to H x W x 3 frames with one headless Chromium and one reused page; the shapes are sent
 * only when they change, the poses every frame.
 */
export class AsyncRgbRenderer {
  private readonly page: HeadlessViewerPage;
  private readonly tracker: SceneTracker;
  private sentShapes = false;

  private constructor(page: HeadlessViewerPage, options: RgbRendererOptions) {
    this.page = page;
    this.tracker = new SceneTracker(options.describe ?? {});
  }

  /**
   * Starts Chromium and loads the headless viewer.
   *
   * @throws UnsupportedMode `chromium_missing`; GymError `playwright_missing`, `chromium_failed`, `render_failed`
   */
  static async launch(options: RgbRendererOptions = {}): Promise<AsyncRgbRenderer> {
    const page = await HeadlessViewerPage.launch(
      options.width ?? DEFAULT_RENDER_SIZE_PX,
      options.height ?? DEFAULT_RENDER_SIZE_PX,
    );
    return new AsyncRgbRenderer(page, options);
  }

  /** Frame width, pixels. */
  get width(): number {
    return this.page.width;
  }

  /** Frame height, pixels. */
  get height(): number {
    return this.page.height;
  }

  /** Renders `world` with a goal marker at `goal` (null: no marker). */
  async render(world: World, goal: ArrayLike<number> | null): Promise<RgbFrame> {
    const changed = this.tracker.update(world) || !this.sentShapes;
    const shapes = this.tracker.current.shapes;
    const frame = await this.page.render({
      ...(changed ? { shapes } : {}),
      poses: readPoses(world, shapes, false),
      goal: goal === null ? null : [Number(goal[0]), Number(goal[1]), Number(goal[2])],
    });
    this.sentShapes = true;
    return frame;
  }

  /** Closes the browser. Idempotent. */
  async close(): Promise<void> {
    await this.page.close();
  }
}
