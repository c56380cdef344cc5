/**
 * The replay page as a file (no browser needed): self-contained (no network URL is loaded), the recording
 * embedded losslessly even with `</script>` in its strings, the `view` command, PNG encoding, and the
 * Chromium-missing error.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeBasePolicy } from '../../src/base-policies/registry.js';
import type { RgbFrame } from '../../src/core/types.js';
import { UnsupportedMode } from '../../src/errors.js';
import { make } from '../../src/registry/registry.js';
import { assertChromiumAvailable, CHROMIUM_PATH_ENV, chromiumAvailable } from '../../src/render/browser.js';
import { assertRenderMode, EnvRenderer } from '../../src/render/env-renderer.js';
import { replayHtml, threeVersion } from '../../src/render/html.js';
import { crc32, encodePng } from '../../src/render/png.js';
import { RecordEpisode } from '../../src/render/record-episode.js';
import { EPISODE_FORMAT, type EpisodeRecording, recordEpisode } from '../../src/render/recorder.js';
import { cappedCubicSchedule } from '../../src/wrappers/record-video.js';
import { runCli as capture } from '../cli/run-cli.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'rg-render-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

/** The JSON inside `<script type="application/json" id="rg-config">`. */
function embeddedConfig(html: string): { mode: string; recording: EpisodeRecording } {
  const open = '<script type="application/json" id="rg-config">';
  const start = html.indexOf(open) + open.length;
  return JSON.parse(html.slice(start, html.indexOf('</script>', start)));
}

function shortRecording(): EpisodeRecording {
  const env = make('Push-v0');
  try {
    return recordEpisode(env, makeBasePolicy('zero'), { seed: 0, maxSteps: 3 }).recording;
  } finally {
    env.close();
  }
}

describe('replay HTML', () => {
  it('is self-contained: no external scripts, styles or imports, three.js inlined', () => {
    const html = replayHtml(shortRecording());
    expect(html).not.toMatch(/<script[^>]*\bsrc\s*=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/\bimport\s*\(\s*["'](?:https?:|\/\/)/);
    expect(html).not.toMatch(/\bfetch\s*\(\s*["']https?:/);
    // Every import statement (at the start of a line; comments also say "from '...'") names an inlined module.
    const specifiers = [...html.matchAll(/^(?:\s*import\b[^'"\n]*|\s*\}\s*)from\s*["']([^"']+)["']/gm)].map(
      (m) => m[1],
    );
    expect(specifiers.length).toBeGreaterThan(5);
    expect(specifiers.every((s) => /^__RG_MODULE_[a-z]+__$/.test(s ?? ''))).toBe(true);
    expect(html).toContain(`REVISION = '${threeVersion().split('.')[1]}'`);
  });

  it('embeds the recording losslessly, even with </script> inside its strings', () => {
    const recording: EpisodeRecording = { ...shortRecording(), envId: 'X</script><script>alert(1)</script>' };
    const html = replayHtml(recording);
    const config = embeddedConfig(html);
    expect(config.mode).toBe('replay');
    expect(config.recording).toEqual(recording);
    expect(config.recording.format).toBe(EPISODE_FORMAT);
  });

  it('`residual-gym view` writes one replay file and checks its flags', () => {
    const dir = tempDir();
    const out = join(dir, 'push.html');
    const json = join(dir, 'push.json');
    const r = capture([
      'view',
      'Push-v0',
      '--policy',
      'zero',
      '--seed',
      '3',
      '--max-steps',
      '4',
      '--out',
      out,
      '--json',
      json,
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`wrote ${out}`);
    const recording = embeddedConfig(readFileSync(out, 'utf8')).recording;
    expect(recording.envId).toBe('Push-v0');
    expect(recording.seed).toBe(3);
    expect(recording.policy).toBe('zero');
    expect(recording.frames).toHaveLength(5);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toEqual(recording);
    expect(capture(['view', 'Push-v0', '--policy', 'greedy']).code).toBe(2);
    expect(capture(['view']).code).toBe(2);
    expect(capture(['view', 'Nope-v0']).code).toBe(2);
    expect(capture(['view', 'Push-v0', '--port', '9000']).err).toContain('--port only applies with --live');
    expect(capture(['view', '--help']).out).toContain('--live');
    expect(capture(['--help']).out).toContain('view <id>');
  });
});

describe('RecordEpisode wrapper', () => {
  it('records the selected episodes per step and writes their replays', () => {
    const dir = tempDir();
    const seen: number[] = [];
    const env = new RecordEpisode(make('Push-v0', { maxEpisodeSteps: 3 }), {
      folder: dir,
      format: 'both',
      episodeTrigger: (e) => e !== 1,
      onEpisode: (_r, episode) => seen.push(episode),
      policyName: 'zero',
    });
    try {
      for (let episode = 0; episode < 3; episode++) {
        env.reset({ seed: 10 + episode });
        let done = false;
        while (!done) {
          const r = env.step(new Float32Array(4));
          done = r.terminated || r.truncated;
        }
      }
      expect(seen).toEqual([0, 2]);
      const last = env.lastRecording!;
      expect(last.seed).toBe(12);
      expect(last.policy).toBe('zero');
      expect(last.frames.map((f) => f.step)).toEqual([0, 1, 2, 3]);
      const html = readFileSync(join(dir, 'episode-2.html'), 'utf8');
      expect(embeddedConfig(html).recording).toEqual(last);
      expect(JSON.parse(readFileSync(join(dir, 'episode-0.json'), 'utf8')).seed).toBe(10);
      expect(() => readFileSync(join(dir, 'episode-1.html'))).toThrow();
      // A reset in the middle of an episode completes the partial recording.
      env.reset({ seed: 20 });
      env.step(new Float32Array(4));
      env.reset({ seed: 21 });
      expect(seen).toEqual([0, 2, 3]);
      expect(env.lastRecording!.frames).toHaveLength(2);
    } finally {
      env.close();
    }
    expect(seen).toEqual([0, 2, 3, 4]); // close() completes the episode in progress
  });
});

describe('PNG frames', () => {
  it('encodes a valid PNG whose pixels inflate back to the frame', () => {
    const width = 5;
    const height = 3;
    const data = new Uint8Array(width * height * 3).map((_, i) => (i * 37) % 256);
    const frame: RgbFrame = { data, shape: [height, width, 3] };
    const png = encodePng(frame);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    let offset = 8;
    let idat: Uint8Array | null = null;
    const types: string[] = [];
    while (offset < png.length) {
      const length = view.getUint32(offset);
      const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
      const body = png.subarray(offset + 8, offset + 8 + length);
      expect(view.getUint32(offset + 8 + length)).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
      types.push(type);
      if (type === 'IHDR') {
        const h = new DataView(body.buffer, body.byteOffset, body.byteLength);
        expect([h.getUint32(0), h.getUint32(4), body[8], body[9]]).toEqual([width, height, 8, 2]);
      }
      if (type === 'IDAT') idat = body;
      offset += 12 + length;
    }
    expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
    const raw = inflateSync(idat!);
    for (let y = 0; y < height; y++) {
      expect(raw[y * (width * 3 + 1)]).toBe(0);
      expect([...raw.subarray(y * (width * 3 + 1) + 1, (y + 1) * (width * 3 + 1))]).toEqual([
        ...data.subarray(y * width * 3, (y + 1) * width * 3),
      ]);
    }
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926); // the standard check value
    expect(() => encodePng({ data: new Uint8Array(5), shape: [1, 2, 3] })).toThrow(/H x W x 3/);
  });
});

describe('render modes without a browser', () => {
  it('a missing Chromium is a typed error that says how to install it', () => {
    vi.stubEnv(CHROMIUM_PATH_ENV, '/nonexistent/chromium');
    expect(chromiumAvailable()).toBe(false);
    let error: unknown = null;
    try {
      assertChromiumAvailable();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UnsupportedMode);
    expect((error as UnsupportedMode).code).toBe('chromium_missing');
    expect((error as Error).message).toContain('apt-get install chromium');
    expect((error as Error).message).toContain('Nothing else in residual-gym needs it');
    expect(() => new EnvRenderer('rgb_array')).toThrow(UnsupportedMode);
  });

  it('renderMode validation and the null mode', () => {
    expect(assertRenderMode(null)).toBeNull();
    expect(assertRenderMode(undefined)).toBeNull();
    expect(() => assertRenderMode('ansi')).toThrow(
      expect.objectContaining({ code: 'unsupported_render_mode' }),
    );
    const renderer = new EnvRenderer(null);
    const env = make('Push-v0');
    try {
      env.reset({ seed: 0 });
      expect(
        renderer.render((env.unwrapped as unknown as { physics: { world: never } }).physics.world, null),
      ).toBeNull();
    } finally {
      renderer.close();
      env.close();
    }
  });

  it("RecordVideo's default schedule is Gymnasium's capped cubic one", () => {
    const picked = Array.from({ length: 3001 }, (_, i) => i).filter(cappedCubicSchedule);
    expect(picked).toEqual([0, 1, 8, 27, 64, 125, 216, 343, 512, 729, 1000, 2000, 3000]);
  });
});
