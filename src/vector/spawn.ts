/**
 * Starting a vector-env worker thread, from compiled JavaScript (`dist/`) or from TypeScript sources (tsx,
 * vitest).
 *
 * Every worker starts from a small inline bootstrap module (a `data:` URL) that
 * 1. installs a `process.on('exit')` hook marking the worker dead in its shared control block and waking
 *    the main thread, before anything else can fail;
 * 2. registers tsx's ESM loader when the worker or a recipe module is TypeScript (`execArgv: ['--import',
 *    'tsx']` does not reach worker threads on Node 20, so the loader is registered with tsx's API);
 * 3. imports the worker module (`worker.ts` next to this file under tsx/vitest, `worker.js` in `dist/`);
 *    if that import fails, the error is reported through the control block like any other error.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { GymError } from '../errors.js';
import {
  DEAD,
  EXIT_CODE,
  HAS_MESSAGE,
  REQ_SEQ,
  RESP_SEQ,
  STATUS,
  STATUS_ERROR,
  type WorkerBootData,
} from './protocol.js';
import type { EnvRecipe } from './types.js';

const TS_EXTENSION = /\.[cm]?tsx?$/;

/** True when this module runs from TypeScript sources (tsx, vitest) rather than from compiled JavaScript. */
export function runningFromSource(): boolean {
  return TS_EXTENSION.test(new URL(import.meta.url).pathname);
}

let tsxApiUrl: string | null | undefined;

/** The file URL of tsx's ESM API (`tsx/esm/api`), or null if tsx is not installed. */
function resolveTsxApi(): string | null {
  if (tsxApiUrl !== undefined) return tsxApiUrl;
  tsxApiUrl = null;
  try {
    const require = createRequire(import.meta.url);
    const pkgPath = require.resolve('tsx/package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports?: Record<string, unknown> };
    const entry = pkg.exports?.['./esm/api'] as { import?: string | { default?: string } } | undefined;
    const target = typeof entry?.import === 'string' ? entry.import : entry?.import?.default;
    if (typeof target === 'string') tsxApiUrl = pathToFileURL(join(dirname(pkgPath), target)).href;
  } catch {
    // tsx is not installed
  }
  return tsxApiUrl;
}

/**
 * The bootstrap source. It runs before the worker module, so it uses only literals for the control-block
 * slots (checked against protocol.ts by the tests through {@link bootstrapSource}).
 */
export function bootstrapSource(workerUrl: string, tsxApi: string | null): string {
  return `
import { workerData } from 'node:worker_threads';
const ctrl = new Int32Array(workerData.ctrl);
process.on('exit', (code) => {
  Atomics.store(ctrl, ${EXIT_CODE}, code | 0);
  Atomics.store(ctrl, ${DEAD}, 1);
  Atomics.store(ctrl, ${RESP_SEQ}, -1);
  Atomics.notify(ctrl, ${RESP_SEQ});
});
try {
  ${tsxApi === null ? '' : `const { register } = await import(${JSON.stringify(tsxApi)}); register();`}
  await import(${JSON.stringify(workerUrl)});
} catch (err) {
  try {
    workerData.port.postMessage({ kind: 'error', name: err?.name ?? 'Error', message: String(err?.message ?? err), stack: err?.stack });
    Atomics.store(ctrl, ${HAS_MESSAGE}, 1);
  } catch {}
  Atomics.store(ctrl, ${STATUS}, ${STATUS_ERROR});
  Atomics.store(ctrl, ${RESP_SEQ}, Atomics.load(ctrl, ${REQ_SEQ}));
  Atomics.notify(ctrl, ${RESP_SEQ});
}
`;
}

/**
 * Starts one worker thread running `worker.ts`/`worker.js` with `data` as `workerData`.
 *
 * @param recipes - all recipes of the vector env (a TypeScript recipe module needs the tsx loader)
 * @throws GymError (`typescript_loader_missing`) if TypeScript must be loaded but tsx is not installed
 */
export function spawnWorker(data: WorkerBootData, recipes: readonly EnvRecipe[]): Worker {
  const fromSource = runningFromSource();
  const workerUrl = new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url).href;
  const needsTs =
    fromSource ||
    recipes.some((r) => 'module' in r && TS_EXTENSION.test(new URL(r.module, 'file:///').pathname));
  const tsxApi = needsTs ? resolveTsxApi() : null;
  if (needsTs && tsxApi === null) {
    throw new GymError(
      'a vector-env worker must load TypeScript (a .ts recipe module or sources run from .ts) but tsx is not installed',
      'typescript_loader_missing',
    );
  }
  const source = bootstrapSource(workerUrl, tsxApi);
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), {
    workerData: data,
    transferList: [data.port],
  });
}
