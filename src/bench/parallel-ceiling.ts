/**
 * The machine's own parallel ceiling: how much total env throughput N independent processes get over one, with
 * no communication at all. On a shared virtual machine two busy cores rarely give 2x (memory bandwidth, caches,
 * the host's other tenants), so a vector env's speedup only means something next to this number, measured in
 * the same run.
 *
 * Run as a program (`free-run` mode), this module warms one env up (JIT and WebAssembly tiers), prints `ready`,
 * waits for a line on stdin, steps the env with seeded random actions and prints `{ steps, ms }` as JSON;
 * {@link measureParallelCeiling} starts such children and releases them together once all are ready.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { readSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ActionInput } from '../core/types.js';
import { median } from '../evaluation/wilson.js';
import { Rng } from '../random/rng.js';
import { make } from '../registry/registry.js';
import { randomActionStep } from './measure.js';
import '../registry/builtin.js';

/** Warm-up steps of each child before the measured run (cold steps are several times slower). */
const WARMUP_STEPS = 3000;

/** Result of {@link measureParallelCeiling}. */
export interface ParallelCeiling {
  readonly id: string;
  readonly processes: number;
  /** Env steps/s of one process alone (median over repetitions). */
  readonly singleStepsPerSecond: number;
  /** Total env steps/s of `processes` processes started together (median). */
  readonly parallelStepsPerSecond: number;
  /** Median over repetitions of parallel total / single: the best any N-way vector env can do here. */
  readonly ceiling: number;
  readonly steps: number;
  readonly repetitions: number;
}

/** What one free-running child reports. */
interface FreeRun {
  readonly steps: number;
  readonly ms: number;
}

/**
 * Runs 1 process, then `processes` processes at once, `repetitions` times, each stepping `id` for `steps` env
 * steps. Parallel throughput is the total steps over the wall time until the last child finished.
 */
export async function measureParallelCeiling(
  id: string,
  processes: number,
  steps = 1000,
  repetitions = 3,
): Promise<ParallelCeiling> {
  const single: number[] = [];
  const parallel: number[] = [];
  for (let r = 0; r < repetitions; r++) {
    const [alone] = await runTogether(id, 1, steps);
    single.push((1000 * alone!.steps) / alone!.ms);
    const runs = await runTogether(id, processes, steps);
    const slowest = Math.max(...runs.map((x) => x.ms));
    parallel.push((1000 * runs.reduce((s, x) => s + x.steps, 0)) / slowest);
  }
  return {
    id,
    processes,
    singleStepsPerSecond: median(single),
    parallelStepsPerSecond: median(parallel),
    ceiling: median(parallel.map((p, i) => p / single[i]!)),
    steps,
    repetitions,
  };
}

/** Starts `n` free-running children, releases them together once every one has warmed up, and collects their reports. */
function runTogether(id: string, n: number, steps: number): Promise<FreeRun[]> {
  const script = fileURLToPath(import.meta.url);
  const children = Array.from({ length: n }, (_, i) =>
    spawn(process.execPath, [...process.execArgv, script, 'free-run', id, String(steps), String(i)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  let ready = 0;
  return Promise.all(
    children.map(
      (child, i) =>
        new Promise<FreeRun>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString('utf8');
            if (out.startsWith('ready\n')) {
              out = out.slice('ready\n'.length);
              ready++;
              if (ready === n) for (const c of children) c.stdin.end('go\n');
            }
          });
          child.on('error', reject);
          child.on('close', (code) => {
            if (code !== 0) reject(new Error(`free-run child ${i} exited with code ${code}`));
            else resolve(JSON.parse(out) as FreeRun);
          });
        }),
    ),
  );
}

/** The child: warms up, reports ready, waits for the go line on stdin, then steps the env and reports. */
function freeRun(id: string, steps: number, seed: number): FreeRun {
  const env = make<unknown, ActionInput>(id);
  env.reset({ seed });
  const dim = (env.actionSpace.shape ?? [0])[0]!;
  const rng = Rng.fromSeed(7 + seed);
  const action = new Float32Array(dim);
  const run = (n: number): void => {
    for (let t = 0; t < n; t++) randomActionStep(env, rng, action);
  };
  run(WARMUP_STEPS);
  writeSync(1, 'ready\n');
  readSync(0, Buffer.alloc(8)); // blocks until the parent releases every child
  const t0 = performance.now();
  run(steps);
  const ms = performance.now() - t0;
  env.close();
  return { steps, ms };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'free-run') {
  const [id, steps, seed] = process.argv.slice(3);
  writeSync(1, JSON.stringify(freeRun(id!, Number(steps), Number(seed))));
}
