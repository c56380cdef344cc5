/**
 * HookPolicy (RPL's scripted hook controller) on Hook-v0, NoisyHook-v0 and ComplexHook-v0:
 * - success (`info.is_success` of the 100th step) on seeds 0..N−1 with a 95 % Wilson interval, the mean
 *   final object–goal distance and the median decision time;
 * - env steps per second of each task with uniform random actions (one core; wall clock and process CPU
 *   time, after a warm-up), resets included every 100 steps.
 *
 * Writes `results/hook-policies.json` and `results/hook-policies.md`; progress goes to stderr.
 *
 *   nice npx tsx benchmarks/hook-policies.ts [--seeds 100] [--env-steps 3000] [--out-dir path]
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { HookPolicy } from '../src/base-policies/hook.js';
import type { GoalObs } from '../src/core/goal-env.js';
import type { ActionInput } from '../src/core/types.js';
import { ComplexHookEnv } from '../src/envs/hook/complex-hook.js';
import { HOOK_MAX_EPISODE_STEPS } from '../src/envs/hook/constants.js';
import { HookEnv } from '../src/envs/hook/hook.js';
import type { HookEnvBase } from '../src/envs/hook/hook-env.js';
import { NoisyHookEnv } from '../src/envs/hook/noisy-hook.js';
import { type EvaluationSummary, evaluatePolicy } from '../src/evaluation/evaluate.js';
import { RAPIER_VERSION } from '../src/physics/rapier.js';
import { Rng } from '../src/random/rng.js';
import { TimeLimit } from '../src/wrappers/time-limit.js';

/** Env steps run before timing an env (wasm tier-up and JIT make the first hundreds slower). */
const ENV_WARMUP_STEPS = 300;
/** Microseconds per second (process.cpuUsage reports µs). */
const US_PER_S = 1e6;
/** The env-speed target of Hook-v0, env steps per second on one core. */
const TARGET_STEPS_PER_S = 600;

/** The tasks, in table order. */
const TASKS: readonly (readonly [string, () => HookEnvBase])[] = [
  ['Hook-v0', () => new HookEnv()],
  ['NoisyHook-v0', () => new NoisyHookEnv()],
  ['ComplexHook-v0', () => new ComplexHookEnv()],
];

/** Speed of one env with random actions. */
interface EnvSpeed {
  readonly steps: number;
  readonly wallStepsPerSecond: number;
  readonly cpuStepsPerSecond: number;
}

/** One row of the result table. */
interface TaskResult {
  readonly task: string;
  readonly episodes: number;
  readonly successes: number;
  readonly success: EvaluationSummary['success'];
  readonly meanFinalDistance_m: number;
  readonly decisionMsMedian: number;
  readonly randomActionSpeed: EnvSpeed;
  readonly outcomes: EvaluationSummary['outcomes'];
}

/** Env steps per second with uniform random actions in [−1, 1]⁴, resetting every 100 steps. */
function envSpeed(create: () => HookEnvBase, steps: number): EnvSpeed {
  const env = create();
  const rng = Rng.fromSeed(0);
  const action = new Float32Array(4);
  env.reset({ seed: 0 });
  const run = (n: number): void => {
    for (let t = 0; t < n; t++) {
      for (let i = 0; i < 4; i++) action[i] = rng.uniform(-1, 1);
      env.step(action);
      if (t % HOOK_MAX_EPISODE_STEPS === HOOK_MAX_EPISODE_STEPS - 1) env.reset();
    }
  };
  run(ENV_WARMUP_STEPS);
  env.reset();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  run(steps);
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  env.close();
  return {
    steps,
    wallStepsPerSecond: steps / wallS,
    cpuStepsPerSecond: steps / ((cpu.user + cpu.system) / US_PER_S),
  };
}

function pct(x: number): string {
  return `${(100 * x).toFixed(0)} %`;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '100' },
      'env-steps': { type: 'string', default: '3000' },
      'out-dir': { type: 'string', default: fileURLToPath(new URL('./results', import.meta.url)) },
    },
    strict: true,
  });
  const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i);
  const envSteps = Number(values['env-steps']);
  const rows: TaskResult[] = [];
  for (const [task, create] of TASKS) {
    console.error(`${task}: HookPolicy on seeds 0..${seeds.length - 1} ...`);
    const env = new TimeLimit<GoalObs, ActionInput>(create(), HOOK_MAX_EPISODE_STEPS);
    const start = performance.now();
    let successes = 0;
    const summary = evaluatePolicy(env, new HookPolicy(), {
      seeds,
      onEpisode: (done, total, outcome) => {
        successes += outcome.success;
        if (done % 10 === 0 || done === total) {
          const s = ((performance.now() - start) / 1000).toFixed(0);
          console.error(`  ${task}: ${done}/${total} episodes, ${successes} successes (${s} s)`);
        }
      },
    });
    env.close();
    console.error(`${task}: env speed with random actions (${envSteps} steps) ...`);
    const speed = envSpeed(create, envSteps);
    rows.push({
      task,
      episodes: summary.episodes,
      successes,
      success: summary.success,
      meanFinalDistance_m: summary.meanFinalDistance,
      decisionMsMedian: summary.decisionMsMedian,
      randomActionSpeed: speed,
      outcomes: summary.outcomes,
    });
  }

  const date = new Date().toISOString();
  const lines = [
    '# HookPolicy on the Hook tasks',
    '',
    `Generated by \`benchmarks/hook-policies.ts\` on ${date} (Node ${process.version}, Rapier ${RAPIER_VERSION}); seeds 0..${seeds.length - 1}, 100-step episodes, success = \`info.is_success\` of the last step.`,
    '',
    '| task | episodes | success (95 % Wilson) | mean final distance | decision median | env steps/s, random actions (wall / CPU) |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.task} | ${r.episodes} | ${pct(r.success.rate)} [${pct(r.success.low)}, ${pct(r.success.high)}] | ${r.meanFinalDistance_m.toFixed(4)} m | ${(r.decisionMsMedian * 1000).toFixed(1)} µs | ${r.randomActionSpeed.wallStepsPerSecond.toFixed(0)} / ${r.randomActionSpeed.cpuStepsPerSecond.toFixed(0)} |`,
    ),
    '',
    `Env speed: ${envSteps} steps after ${ENV_WARMUP_STEPS} warm-up steps, one process, resets every 100 steps (ComplexHook's resets switch scenes). Target for Hook-v0: >= ${TARGET_STEPS_PER_S} env steps/s on one core. The machine was shared with other jobs, so wall-clock rates are lower bounds; CPU rates count this process's own CPU time.`,
    '',
  ];
  const outDir = values['out-dir'];
  mkdirSync(outDir, { recursive: true });
  const result = {
    benchmark: 'hook-policies',
    date,
    node: process.version,
    rapier: RAPIER_VERSION,
    policy: 'hook',
    seeds,
    results: rows,
  };
  writeFileSync(join(outDir, 'hook-policies.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(outDir, 'hook-policies.md'), lines.join('\n'));
  console.log(lines.join('\n'));
  console.log(`results: ${join(outDir, 'hook-policies.json')}, ${join(outDir, 'hook-policies.md')}`);
}

main();
