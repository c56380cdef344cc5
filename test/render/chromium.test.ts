/**
 * The viewer in headless Chromium (Debian's `chromium`, driven by playwright-core): the replay page loads
 * from disk without console errors or network requests, draws a non-blank canvas, the block moves between
 * the first and last frame of a recorded Push episode, playback advances, the live page follows a running
 * env, and `rgb_array` rendering returns H x W x 3 uint8 frames (also through RecordVideo).
 *
 * Skipped, with a message, when Chromium is not installed (`.ci/run` installs it in CI).
 */
import '../../src/registry/builtin.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBasePolicy } from '../../src/base-policies/registry.js';
import type { Env } from '../../src/core/env.js';
import type { GoalObs } from '../../src/core/goal-env.js';
import { make } from '../../src/registry/registry.js';
import { AsyncRgbRenderer } from '../../src/render/async-rgb-renderer.js';
import {
  type CaptureResult,
  chromiumAvailable,
  chromiumPath,
  decodeCapture,
  type LaunchedChromium,
  launchChromium,
} from '../../src/render/browser.js';
import { writeReplayHtml } from '../../src/render/html.js';
import { LiveViewer } from '../../src/render/live-server.js';
import { runLiveSession } from '../../src/render/live-session.js';
import { type EpisodeRecording, recordEpisode } from '../../src/render/recorder.js';
import { RgbRenderer } from '../../src/render/rgb-renderer.js';
import { goalOf, worldOf } from '../../src/render/scene-description.js';
import { RecordVideo } from '../../src/wrappers/record-video.js';
import { distinctColors, isBlockRed, pixelCentroid } from './helpers.js';

const available = chromiumAvailable();
if (!available) {
  console.warn(
    `[render tests] Chromium not found at ${chromiumPath()}: browser tests skipped (install it with 'apt-get install chromium')`,
  );
}

/** Viewport of the replay page, CSS pixels. */
const VIEWPORT = { width: 480, height: 360 };
/** Minimum block displacement on screen between the first and last frame of the Push episode, pixels. */
const MIN_BLOCK_SHIFT_PX = 8;

const dirs: string[] = [];

describe.skipIf(!available)('in headless Chromium (skipped when /usr/bin/chromium is absent)', () => {
  let chromium: LaunchedChromium;
  let recording: EpisodeRecording;
  let replayPath: string;

  beforeAll(async () => {
    chromium = await launchChromium();
    const env = make<GoalObs, Float32Array>('Push-v0');
    try {
      // scripted-push on seed 1 pushes the block about 10 cm (checked in scene-description.test.ts).
      recording = recordEpisode(env, makeBasePolicy('scripted-push'), { seed: 1 }).recording;
    } finally {
      env.close();
    }
    const dir = mkdtempSync(join(tmpdir(), 'rg-chromium-'));
    dirs.push(dir);
    replayPath = writeReplayHtml(join(dir, 'push.html'), recording);
  });

  afterAll(async () => {
    await chromium?.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  /** Opens a page that records console errors, page errors and every requested URL. */
  async function openPage(url: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const page = await chromium.browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url);
    await page.waitForFunction(() => window.__residualGym?.ready === true, null, { timeout: 30_000 });
    return { page, errors, requests };
  }

  async function captureFrame(page: Page, index: number) {
    const result: CaptureResult = await page.evaluate(async (i) => {
      const api = window.__residualGym!;
      api.showFrame!(i);
      return api.capture();
    }, index);
    return decodeCapture(result);
  }

  it('the replay page opens from disk with no console errors, no network, and a non-blank canvas', async () => {
    const { page, errors, requests } = await openPage(`file://${replayPath}`);
    try {
      expect(await page.evaluate(() => window.__residualGym!.frameCount!())).toBe(recording.frames.length);
      expect(await page.evaluate(() => window.__residualGym!.shapeCount())).toBe(recording.shapes.length);
      const frame = await captureFrame(page, 0);
      expect(frame.shape).toEqual([VIEWPORT.height - (await barHeight(page)), VIEWPORT.width, 3]);
      expect(distinctColors(frame)).toBeGreaterThan(50);
      expect(pixelCentroid(frame, isBlockRed).count).toBeGreaterThan(30);
      expect(errors).toEqual([]);
      const remote = requests.filter((u) => !/^(file|data|blob):/.test(u));
      expect(remote).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the block moves between the first and the last frame of the recorded Push episode', async () => {
    const { page, errors } = await openPage(`file://${replayPath}`);
    try {
      const first = pixelCentroid(await captureFrame(page, 0), isBlockRed);
      const last = pixelCentroid(await captureFrame(page, recording.frames.length - 1), isBlockRed);
      expect(first.count).toBeGreaterThan(30);
      expect(last.count).toBeGreaterThan(30);
      expect(Math.hypot(last.x - first.x, last.y - first.y)).toBeGreaterThan(MIN_BLOCK_SHIFT_PX);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('play advances the step counter and the slider scrubs', async () => {
    const { page, errors } = await openPage(`file://${replayPath}`);
    try {
      await page.evaluate(() => window.__residualGym!.showFrame!(0));
      await page.click('#rg-play');
      await page.waitForFunction(() => window.__residualGym!.currentStep!() >= 3, null, { timeout: 20_000 });
      await page.click('#rg-play'); // pause
      await page.$eval('#rg-slider', (el) => {
        const slider = el as HTMLInputElement;
        slider.value = '7';
        slider.dispatchEvent(new Event('input'));
      });
      expect(await page.textContent('#rg-step')).toBe(`step 7 / ${recording.frames.length - 1}`);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the live page follows a running env over the WebSocket', async () => {
    const viewer = await LiveViewer.start({ port: 0, title: 'Push-v0 live test' });
    const env = make('Push-v0');
    const session = runLiveSession(env, makeBasePolicy('random'), viewer, { seed: 0, fps: 20, maxSteps: 20 });
    try {
      const { page, errors, requests } = await openPage(viewer.url);
      try {
        await page.waitForFunction(() => window.__residualGym!.received!() >= 5, null, { timeout: 30_000 });
        expect(await page.evaluate(() => window.__residualGym!.shapeCount())).toBeGreaterThan(3);
        expect(await page.evaluate(() => window.__residualGym!.currentStep!())).toBeGreaterThanOrEqual(0);
        expect(errors).toEqual([]);
        expect(requests.every((u) => u.startsWith(viewer.url) || /^(data|blob):/.test(u))).toBe(true);
      } finally {
        await page.close();
      }
    } finally {
      await session.stop();
      await viewer.close();
      env.close();
    }
  });

  it('AsyncRgbRenderer renders worlds from async code', async () => {
    const renderer = await AsyncRgbRenderer.launch({ width: 96, height: 64 });
    const env = make('Hook-v0');
    try {
      const { obs } = env.reset({ seed: 0 });
      const frame = await renderer.render(worldOf(env), goalOf(obs));
      expect(frame.shape).toEqual([64, 96, 3]);
      expect(distinctColors(frame)).toBeGreaterThan(10);
      expect(pixelCentroid(frame, isBlockRed).count).toBeGreaterThan(0);
    } finally {
      env.close();
      await renderer.close();
    }
  });

  describe('rgb_array through the synchronous renderer', () => {
    let renderer: RgbRenderer;
    beforeAll(() => {
      renderer = new RgbRenderer({ width: 160, height: 120 });
    });
    afterAll(() => renderer?.close());

    it('returns [H, W, 3] uint8 frames that show the scene', () => {
      const env = make<GoalObs, Float32Array>('PickAndPlace-v0');
      try {
        let { obs } = env.reset({ seed: 4 });
        const t0 = performance.now();
        const frame = renderer.render(worldOf(env as Env<unknown, unknown>), goalOf(obs));
        const startMs = performance.now() - t0;
        expect(frame.shape).toEqual([120, 160, 3]);
        expect(frame.data).toBeInstanceOf(Uint8Array);
        expect(frame.data.length).toBe(120 * 160 * 3);
        expect(distinctColors(frame)).toBeGreaterThan(20);
        expect(pixelCentroid(frame, isBlockRed).count).toBeGreaterThan(5);
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
          obs = env.step(Float32Array.of(0, 0, -1, 0)).obs;
          const t = performance.now();
          renderer.render(worldOf(env as Env<unknown, unknown>), goalOf(obs));
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        console.info(
          `[render tests] RgbRenderer 160x120: start + first frame ${startMs.toFixed(0)} ms, median frame ${times[2]!.toFixed(1)} ms`,
        );
      } finally {
        env.close();
      }
    });

    it('RecordVideo writes one PNG per frame of the recorded episode', () => {
      const dir = mkdtempSync(join(tmpdir(), 'rg-video-'));
      dirs.push(dir);
      const env = new RecordVideo(make('Push-v0', { maxEpisodeSteps: 3 }), {
        folder: dir,
        renderer,
        episodeTrigger: (e) => e === 1,
      });
      try {
        for (let episode = 0; episode < 2; episode++) {
          env.reset({ seed: episode });
          let done = false;
          while (!done) {
            const r = env.step(new Float32Array(4));
            done = r.terminated || r.truncated;
          }
        }
      } finally {
        env.close();
      }
      expect(env.recordedFolders).toEqual([join(dir, 'rl-video-episode-1')]);
      const files = readdirSync(env.recordedFolders[0]!).sort();
      expect(files).toEqual(['frame-00000.png', 'frame-00001.png', 'frame-00002.png', 'frame-00003.png']);
      const png = readFileSync(join(env.recordedFolders[0]!, files[0]!));
      expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
      expect(renderer.isClosed).toBe(false); // a shared renderer is not closed by the wrapper
    });

    it('close() stops the browser and later renders fail with a typed error', () => {
      const own = new RgbRenderer({ width: 8, height: 8 });
      own.close();
      own.close();
      expect(() => own.renderPayload({ poses: [], goal: null })).toThrow(
        expect.objectContaining({ code: 'renderer_closed' }),
      );
    });
  });
});

/** Height of the replay page's control bar (the canvas fills the rest), CSS pixels. */
async function barHeight(page: Page): Promise<number> {
  return page.$eval('#rg-bar', (el) => Math.round(el.getBoundingClientRect().height));
}
