/**
 * The benchmark suite (`npm run bench`): env speed and raw-physics ratio per task, ResidualWrapper overhead,
 * async vector scaling, memory over many resets, the MuJoCo originals on this machine (when the peer
 * benchmark is available), then the base-policy evaluation. Ratios are measured interleaved in one run and
 * reported as medians. Writes `benchmarks/results/bench.json` and `bench.md`; progress on stderr.
 *
 *   npm run bench                          # everything (about 10-15 minutes on 2 cores)
 *   npm run bench -- --quick               # fewer steps and resets (about 2 minutes), no policy evaluation
 *   npm run bench -- --no-mujoco --no-policies
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type EnvSpeed, measureEnvSpeed } from '../src/bench/env-speed.js';
import { measureResetMemory, type ResetMemory } from '../src/bench/memory.js';
import { measureParallelCeiling, type ParallelCeiling } from '../src/bench/parallel-ceiling.js';
import {
  type LockstepEfficiency,
  measureLockstepEfficiency,
  measureVectorScaling,
  type VectorScaling,
} from '../src/bench/vector-scaling.js';
import { envSpeedTable } from '../src/cli/commands/bench.js';
import { ProgressBar } from '../src/cli/progress.js';
import { formatMarkdownTable } from '../src/cli/table.js';
import { RAPIER_VERSION } from '../src/physics/rapier.js';
import { taskEnvSpecs } from '../src/registry/builtin.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-mujoco': { type: 'boolean', default: false },
    'no-policies': { type: 'boolean', default: false },
    out: { type: 'string', default: 'benchmarks/results/bench' },
  },
});
const quick = values.quick === true;
const SETTINGS = quick
  ? { steps: 500, repetitions: 3, memoryResets: 10_000, vectorSteps: 500 }
  : { steps: 1000, repetitions: 5, memoryResets: 100_000, vectorSteps: 1000 };
/** The MuJoCo peer benchmark handed to the project (outside the repository). */
const MUJOCO_RUN = new URL('../../shared/peers/mujoco/run.sh', import.meta.url).pathname;
/** Our id of each MuJoCo peer task. */
const MUJOCO_TASKS: Readonly<Record<string, string>> = {
  fetch_push: 'Push-v0',
  fetch_pick_and_place: 'PickAndPlace-v0',
  pusher: 'MBRLPusher-v0',
};

const log = (s: string) => process.stderr.write(`${s}\n`);

// 1. Env speed, raw physics ratio, residual overhead.
const tasks = taskEnvSpecs.map((s) => s.id);
const speedBar = new ProgressBar('env speed', tasks.length);
const speeds: EnvSpeed[] = tasks.map((id) => {
  const r = measureEnvSpeed(id, { steps: SETTINGS.steps, repetitions: SETTINGS.repetitions });
  speedBar.tick(1, `${id} ${r.envStepsPerSecond.toFixed(0)} steps/s`);
  return r;
});
speedBar.finish();

// 2. Vector scaling on Push.
log('vector scaling: Push-v0, 1 env vs AsyncVectorEnv with 2 workers');
const vector: VectorScaling = measureVectorScaling('Push-v0', 2, SETTINGS.vectorSteps, SETTINGS.repetitions);
log(`  speedup ${vector.speedup.toFixed(2)}x`);
log('parallel ceiling: 1 process vs 2 independent processes stepping Push-v0');
const ceiling: ParallelCeiling = await measureParallelCeiling('Push-v0', 2, SETTINGS.vectorSteps, 3);
log(`  ceiling ${ceiling.ceiling.toFixed(2)}x`);
const lockstep: LockstepEfficiency = measureLockstepEfficiency('Push-v0', 2, quick ? 2000 : 4000);
log(`  lockstep efficiency ${lockstep.efficiency.toFixed(3)}`);

// 3. Memory over resets.
const memBar = new ProgressBar('memory (Push-v0 resets)', SETTINGS.memoryResets);
let lastDone = 0;
const memory: ResetMemory = measureResetMemory('Push-v0', SETTINGS.memoryResets, 2, 10, (done) => {
  memBar.tick(done - lastDone);
  lastDone = done;
});
memBar.finish(`rss x${memory.rssGrowth.toFixed(3)}, external x${memory.externalGrowth.toFixed(3)}`);

// 4. MuJoCo originals on this machine, same run.
interface MujocoLine {
  readonly task: string;
  readonly engine: string;
  readonly env_steps_per_s: number;
  readonly raw_mj_step_per_s?: number;
}
let mujoco: MujocoLine[] = [];
if (!values['no-mujoco'] && existsSync(MUJOCO_RUN)) {
  log(`MuJoCo peer: ${MUJOCO_RUN}`);
  const r = spawnSync(MUJOCO_RUN, [], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 20 * 60_000,
  });
  mujoco = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as MujocoLine);
  if (r.status !== 0) log(`  MuJoCo peer exited with ${r.status}; comparison omitted`);
}
const versusMujoco = mujoco
  .map((m) => {
    const ours = speeds.find((s) => s.id === MUJOCO_TASKS[m.task]);
    return ours === undefined
      ? null
      : {
          task: m.task,
          id: ours.id,
          engine: m.engine,
          mujocoStepsPerSecond: m.env_steps_per_s,
          oursStepsPerSecond: ours.envStepsPerSecond,
          oursOverMujoco: ours.envStepsPerSecond / m.env_steps_per_s,
        };
  })
  .filter((x) => x !== null);

// 5. Base-policy evaluation (its own files), in a child process so its timings are not disturbed by ours.
if (!values['no-policies'] && !quick) {
  log('base-policy evaluation (benchmarks/base-policies.ts)');
  spawnSync(process.execPath, ['--import', 'tsx', 'benchmarks/base-policies.ts'], { stdio: 'inherit' });
}

const result = {
  format: 'residual-gym/bench@1',
  quick,
  settings: SETTINGS,
  rapierVersion: RAPIER_VERSION,
  node: process.version,
  speeds,
  vector,
  ceiling,
  lockstep,
  memory,
  versusMujoco,
};
mkdirSync(values.out.replace(/\/[^/]*$/, ''), { recursive: true });
writeFileSync(`${values.out}.json`, `${JSON.stringify(result, null, 2)}\n`);
const md = [
  `# Benchmarks${quick ? ' (quick)' : ''}`,
  '',
  `Rapier ${RAPIER_VERSION}, Node ${process.version}, one core per measurement unless stated; medians of ${SETTINGS.repetitions} interleaved repetitions of ${SETTINGS.steps} steps, random actions.`,
  '',
  '## Env speed',
  '',
  formatMarkdownTable(envSpeedTable(speeds)),
  '',
  '`env / raw`: env step time over the same physics substeps with the same actuator inputs and no observation, reward, checks or wrappers. `residual / bare`: `ResidualWrapper` with a zero-cost base policy over the bare `make` stack.',
  '',
  '## Vector scaling',
  '',
  `Push-v0, AsyncVectorEnv with ${vector.workers} workers: ${vector.asyncStepsPerSecond.toFixed(0)} env steps/s total vs ${vector.singleStepsPerSecond.toFixed(0)} for one env in the main thread: **${vector.speedup.toFixed(2)}x**.`,
  '',
  `The machine's own ceiling, measured in the same run: ${ceiling.processes} independent processes stepping Push-v0 with no communication reach ${ceiling.parallelStepsPerSecond.toFixed(0)} env steps/s total vs ${ceiling.singleStepsPerSecond.toFixed(0)} for one process alone: **${ceiling.ceiling.toFixed(2)}x** (median of ${ceiling.repetitions}). The vector env reaches ${((100 * vector.speedup) / ceiling.ceiling).toFixed(0)} % of it.`,
  '',
  `A synchronous step lasts as long as its slowest sub-env: timing ${lockstep.envs} Push-v0 envs step by step (random actions, resets included) gives a mean step time of ${(100 * lockstep.efficiency).toFixed(1)} % of the slowest per round, so a lockstep vector env can reach at most about ${(ceiling.ceiling * lockstep.efficiency).toFixed(2)}x here (ceiling × ${lockstep.efficiency.toFixed(3)}).`,
  '',
  '## Memory over resets',
  '',
  `Push-v0, ${memory.resets} resets with 2 steps each: RSS ${memory.samples[0]!.rss_MB.toFixed(1)} MB at reset ${memory.samples[0]!.resets} -> ${memory.samples.at(-1)!.rss_MB.toFixed(1)} MB at ${memory.resets} (x${memory.rssGrowth.toFixed(3)}); external (WASM) ${memory.samples[0]!.external_MB.toFixed(1)} -> ${memory.samples.at(-1)!.external_MB.toFixed(1)} MB (x${memory.externalGrowth.toFixed(3)}).`,
  '',
  '## Against the MuJoCo originals (same machine, same run)',
  '',
  versusMujoco.length === 0
    ? 'Not measured in this run (peer benchmark unavailable or disabled).'
    : formatMarkdownTable({
        header: ['task', 'engine', 'MuJoCo env steps/s', 'residual-gym env steps/s', 'ours / MuJoCo'],
        rows: versusMujoco.map((v) => [
          v.id,
          v.engine,
          v.mujocoStepsPerSecond.toFixed(0),
          v.oursStepsPerSecond.toFixed(0),
          `${v.oursOverMujoco.toFixed(2)}x`,
        ]),
      }),
  '',
].join('\n');
writeFileSync(`${values.out}.md`, md);
process.stdout.write(`${md}\nwrote ${values.out}.json and ${values.out}.md\n`);
