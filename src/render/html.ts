/**
 * Self-contained viewer pages. One HTML file carries three.js (its ES module build, read from
 * `node_modules/three` as text, never imported by Node), the viewer module and the data, so it opens from
 * disk with no server and no network. The modules are plain-text `<script>` blocks that a small bootstrap
 * turns into `blob:` URLs in dependency order, replacing each import specifier by the URL of its module.
 *
 * Only this module reads three.js, and only when a page is built: importing the package does not.
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GymError } from '../errors.js';
import type { EpisodeRecording } from './recorder.js';

/** One module of the inlined graph: its id, its source, and the specifiers it imports mapped to module ids. */
interface InlineModule {
  readonly id: string;
  readonly source: string;
}

/** What the viewer module is started with (see `viewer/viewer.js`). */
export type ViewerConfig =
  | { readonly mode: 'replay'; readonly recording: EpisodeRecording; readonly autoplay?: boolean }
  | { readonly mode: 'live'; readonly title: string; readonly fps: number }
  | {
      readonly mode: 'headless';
      readonly width: number;
      readonly height: number;
      /** Multisample antialiasing (default true; costly in software rendering). */
      readonly antialias?: boolean;
      /** Shadow mapping (default true). */
      readonly shadows?: boolean;
    };

const PLACEHOLDER = (id: string): string => `__RG_MODULE_${id}__`;

/**
 * Replaces the static imports of `specifier` in `source` by the placeholder of module `id`.
 *
 * @throws GymError `viewer_assets` if the import is not found (the three.js build layout changed)
 */
function rewriteImport(source: string, specifier: string, id: string, file: string): string {
  const escaped = specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const pattern = new RegExp(`(\\bfrom\\s*)(['"])${escaped}\\2`, 'g');
  let count = 0;
  const out = source.replace(pattern, (_m, from: string, quote: string) => {
    count++;
    return `${from}${quote}${PLACEHOLDER(id)}${quote}`;
  });
  if (count === 0) {
    throw new GymError(`viewer assets: ${file} no longer imports '${specifier}'`, 'viewer_assets', {
      file,
      specifier,
    });
  }
  return out;
}

/** Directory of the installed `three` package. */
function threeRoot(): string {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve('three');
  } catch (err) {
    throw new GymError(
      `the viewer needs the 'three' package (a dependency of residual-gym): ${String(err)}`,
      'viewer_assets',
    );
  }
  return join(dirname(entry), '..');
}

/**
 * The viewer's browser module: next to this file under tsx/vitest (`src/render/viewer/viewer.js`); from a
 * `dist/` build it is read from the package's `src/` folder, which is published with it.
 */
function viewerSourcePath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(here, 'viewer', 'viewer.js'),
    join(here, '..', '..', 'src', 'render', 'viewer', 'viewer.js'),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (found === undefined) {
    throw new GymError(`viewer module not found (looked at ${candidates.join(', ')})`, 'viewer_assets', {
      candidates,
    });
  }
  return found;
}

let cachedModules: readonly InlineModule[] | null = null;

/** The module graph of the page, in dependency order (read once per process). */
function viewerModules(): readonly InlineModule[] {
  if (cachedModules !== null) return cachedModules;
  const root = threeRoot();
  const read = (rel: string): string => readFileSync(join(root, rel), 'utf8');
  const core = 'build/three.core.js';
  const main = 'build/three.module.js';
  const hull = 'examples/jsm/math/ConvexHull.js';
  const convex = 'examples/jsm/geometries/ConvexGeometry.js';
  const orbit = 'examples/jsm/controls/OrbitControls.js';
  const viewerPath = viewerSourcePath();
  let viewer = readFileSync(viewerPath, 'utf8');
  viewer = rewriteImport(viewer, 'three', 'three', viewerPath);
  viewer = rewriteImport(viewer, 'three/addons/controls/OrbitControls.js', 'orbit', viewerPath);
  viewer = rewriteImport(viewer, 'three/addons/geometries/ConvexGeometry.js', 'convex', viewerPath);
  cachedModules = [
    { id: 'core', source: read(core) },
    { id: 'three', source: rewriteImport(read(main), './three.core.js', 'core', main) },
    { id: 'hull', source: rewriteImport(read(hull), 'three', 'three', hull) },
    {
      id: 'convex',
      source: rewriteImport(
        rewriteImport(read(convex), 'three', 'three', convex),
        '../math/ConvexHull.js',
        'hull',
        convex,
      ),
    },
    { id: 'orbit', source: rewriteImport(read(orbit), 'three', 'three', orbit) },
    { id: 'viewer', source: viewer },
  ];
  return cachedModules;
}

/** The version of the inlined three.js. */
export function threeVersion(): string {
  const pkg = JSON.parse(readFileSync(join(threeRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** A `<script>` element holding raw text: as is when safe inside HTML, else base64. */
function textScript(attrs: string, text: string): string {
  const unsafe = /<\/script|<!--/i.test(text);
  if (!unsafe) return `<script type="text/plain" ${attrs}>${text}</script>`;
  return `<script type="text/plain" data-encoding="base64" ${attrs}>${Buffer.from(text, 'utf8').toString('base64')}</script>`;
}

/** JSON that is safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const BOOTSTRAP = `
(() => {
  const fail = (err) => {
    console.error(err);
    const box = document.getElementById('rg-error');
    if (box) { box.textContent = 'viewer failed to start: ' + (err && err.message ? err.message : err); box.style.display = 'block'; }
  };
  try {
    const urls = {};
    const decode = (el) => {
      if (el.dataset.encoding !== 'base64') return el.textContent;
      const bin = atob(el.textContent);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      return new TextDecoder().decode(bytes);
    };
    for (const el of document.querySelectorAll('script[data-rg-module]')) {
      const source = decode(el).replace(/__RG_MODULE_([a-z]+)__/g, (m, id) => {
        if (!(id in urls)) throw new Error('module ' + id + ' is used before it is defined');
        return urls[id];
      });
      urls[el.dataset.rgModule] = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    }
    const config = JSON.parse(document.getElementById('rg-config').textContent);
    import(urls.viewer).then((m) => m.startViewer(document.getElementById('rg-root'), config)).catch(fail);
  } catch (err) { fail(err); }
})();
`;

/** A complete, self-contained viewer page for `config`. */
export function viewerHtml(config: ViewerConfig, title = 'residual-gym viewer'): string {
  const escapedTitle = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const modules = viewerModules()
    .map((m) => textScript(`data-rg-module="${m.id}"`, m.source))
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapedTitle}</title>
</head>
<body>
<div id="rg-root"></div>
<div id="rg-error" style="display:none;position:fixed;left:12px;bottom:60px;z-index:1;padding:6px 10px;color:#b00020;background:#fff;font:14px system-ui,sans-serif"></div>
<script type="application/json" id="rg-config">${scriptJson(config)}</script>
${modules}
<script>${BOOTSTRAP}</script>
</body>
</html>
`;
}

/** The replay page of one recorded episode (plays on open). */
export function replayHtml(recording: EpisodeRecording): string {
  const title = `residual-gym: ${recording.envId ?? 'env'} (${recording.policy ?? 'policy'}, seed ${recording.seed ?? '-'})`;
  return viewerHtml({ mode: 'replay', recording }, title);
}

/** Writes {@link replayHtml} to `path` (creating its folder) and returns the path. */
export function writeReplayHtml(path: string, recording: EpisodeRecording): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, replayHtml(recording));
  return path;
}
