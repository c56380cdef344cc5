/**
 * MpcPushPolicy (the paper's base policy of Push) on Push-v0:
 * - success (`info.is_success` of the 50th step) on seeds 0..N−1 with a 95 % Wilson interval, and the mean
 *   final block–goal distance;
 * - decision time per `act` (wall and process CPU time; median and p90), with the exact tree reuse on, as the
 *   base policy runs alone;
 * - the same decisions searched cold (`reuseTree: false`, as in a residual env whose residual changes the
 *   move) on the first K seeds, checked to choose identical moves;
 * - the env step cost measured in the same run, so the decision time can be read in env steps (the brief's
 *   reference machine steps Push in ~0.5 ms).
 *
 * Writes `results/mpc-push.json` and `results/mpc-push.md`; progress goes to stderr.
 *
 *   nice npx tsx benchmarks/mpc-push.ts [--seeds 100] [--cold-seeds 10] [--env-steps 1000] [--out-dir path]
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MpcPushPolicy } from '../src/base-policies/mpc-push.js';
import type { GoalObs } from '../src/core/goal-env.js';
import type { ActionInput } from '../src/core/types.js';
import { DISTANCE_THRESHOLD_M, MAX_EPISODE_STEPS } from '../src/envs/fetch/constants.js';
import { goalDistance } from '../src/envs/fetch/fetch-env.js';
import { PushEnv } from '../src/envs/fetch/push.js';
import { median, type ProportionInterval, wilsonInterval } from '../src/evaluation/wilson.js';
import { RAPIER_VERSION } from '../src/physics/rapier.js';
import { Rng } from '../src/random/rng.js';
import { TimeLimit } from '../src/wrappers/time-limit.js';

/** Milliseconds per microsecond (process.cpuUsage reports µs). */
const MS_PER_US = 1e-3;
/** The brief's reference cost of one Push env step, ms: the 30 ms target is ~60 of these. */
const REFERENCE_ENV_STEP_MS = 0.5;
/** Env steps run before timing the env (wasm tier-up and JIT make the first hundreds slower). */
const ENV_WARMUP_STEPS = 500;
/** The decision-time target, ms (median, one core). */
const TARGET_DECISION_MS = 30;

/** One episode's outcome. */
interface Outcome {
  readonly seed: number;
  readonly success: number;
  /** Block–goal distance at reset, m (below the 0.05 m threshold the episode starts solved). */
  readonly initialDistance_m: number;
  readonly finalDistance_m: number;
}

/** Timings of a set of decisions. */
interface DecisionTimes {
  readonly decisions: number;
  readonly wallMedianMs: number;
  readonly wallP90Ms: number;
  readonly wallMeanMs: number;
  readonly cpuMedianMs: number;
  readonly cpuP90Ms: number;
  /** Median of the env steps simulated by one decision (20 physics substeps each). */
  readonly simulatedStepsMedian: number;
}

/** What one policy run produced. */
interface Run {
  readonly outcomes: Outcome[];
  readonly actions: string[];
  readonly times: DecisionTimes;
  /** The live env's own steps in the same loop (same load conditions as the decisions). */
  readonly envStep: { readonly wallMedianMs: number; readonly cpuMedianMs: number };
  readonly stats: Readonly<Record<string, number>>;
}

function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

function summarise(wall: number[], cpu: number[], steps: number[]): DecisionTimes {
  return {
    decisions: wall.length,
    wallMedianMs: median(wall),
    wallP90Ms: quantile(wall, 0.9),
    wallMeanMs: wall.reduce((a, b) => a + b, 0) / wall.length,
    cpuMedianMs: median(cpu),
    cpuP90Ms: quantile(cpu, 0.9),
    simulatedStepsMedian: median(steps),
  };
}

/** Runs the policy for one episode per seed, timing every decision. */
function runPolicy(seeds: readonly number[], reuseTree: boolean, label: string): Run {
  const env = new TimeLimit<GoalObs, ActionInput>(new PushEnv(), MAX_EPISODE_STEPS);
  const policy = new MpcPushPolicy({ reuseTree });
  const outcomes: Outcome[] = [];
  const actions: string[] = [];
  const wall: number[] = [];
  const cpu: number[] = [];
  const steps: number[] = [];
  const envWall: number[] = [];
  const envCpu: number[] = [];
  const start = performance.now();
  for (const seed of seeds) {
    let { obs } = env.reset({ seed });
    const initialDistance_m = goalDistance(obs.achieved_goal, obs.desired_goal);
    policy.reset({ seed, env });
    let success = 0;
    for (;;) {
      const simulatedBefore = policy.planningStats.simulatedSteps;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const action = policy.act(obs);
      const t1 = performance.now();
      const c = process.cpuUsage(c0);
      wall.push(t1 - t0);
      cpu.push((c.user + c.system) * MS_PER_US);
      steps.push(policy.planningStats.simulatedSteps - simulatedBefore);
      actions.push(Array.from(action).join(','));
      const e0 = process.cpuUsage();
      const s0 = performance.now();
      const r = env.step(action);
      envWall.push(performance.now() - s0);
      const e = process.cpuUsage(e0);
      envCpu.push((e.user + e.system) * MS_PER_US);
      obs = r.obs;
      success = Number(r.info.is_success ?? 0);
      if (r.terminated || r.truncated) break;
    }
    const outcome = {
      seed,
      success,
      initialDistance_m,
      finalDistance_m: goalDistance(obs.achieved_goal, obs.desired_goal),
    };
    outcomes.push(outcome);
    const done = outcomes.length;
    const wins = outcomes.reduce((s, o) => s + o.success, 0);
    console.error(
      `  ${label} seed ${seed}: success ${success}, final distance ${outcome.finalDistance_m.toFixed(3)} m ` +
        `(${done}/${seeds.length}, ${wins} successes, median decision ${median(wall).toFixed(1)} ms, ` +
        `${((performance.now() - start) / 1000).toFixed(0)} s)`,
    );
  }
  const stats = { ...policy.planningStats };
  policy.close();
  env.close();
  return {
    outcomes,
    actions,
    times: summarise(wall, cpu, steps),
    envStep: { wallMedianMs: median(envWall), cpuMedianMs: median(envCpu) },
    stats,
  };
}

/** Mean wall and CPU time of one Push env step with seeded random actions (the planner's unit of work). */
function envStepCost(steps: number): { wallMs: number; cpuMs: number } {
  const env = new PushEnv();
  const rng = Rng.fromSeed(0);
  const action = new Float32Array(4);
  env.reset({ seed: 0 });
  for (let t = 0; t < ENV_WARMUP_STEPS; t++) {
    env.step(action); // warm-up: wasm tier-up and JIT
    if (t % MAX_EPISODE_STEPS === MAX_EPISODE_STEPS - 1) env.reset();
  }
  env.reset({ seed: 1 });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < 4; i++) action[i] = rng.uniform(-1, 1);
    env.step(action);
    if (t % MAX_EPISODE_STEPS === MAX_EPISODE_STEPS - 1) env.reset();
  }
  const wallMs = (performance.now() - t0) / steps;
  const c = process.cpuUsage(c0);
  env.close();
  return { wallMs, cpuMs: ((c.user + c.system) * MS_PER_US) / steps };
}

function pct(x: number): string {
  return `${(100 * x).toFixed(0)} %`;
}

function interval(p: ProportionInterval): string {
  return `${pct(p.rate)} [${pct(p.low)}, ${pct(p.high)}]`;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '100' },
      'cold-seeds': { type: 'string', default: '10' },
      'env-steps': { type: 'string', default: '1000' },
      'out-dir': { type: 'string', default: fileURLToPath(new URL('./results/', import.meta.url)) },
    },
    strict: true,
  });
  const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i);
  const coldSeeds = seeds.slice(0, Number(values['cold-seeds']));

  console.error('env step cost ...');
  const before = envStepCost(Number(values['env-steps']));
  console.error(`  ${before.wallMs.toFixed(3)} ms wall, ${before.cpuMs.toFixed(3)} ms CPU per env step`);

  console.error(`MpcPushPolicy on Push-v0, seeds 0..${seeds.length - 1} (tree reuse on) ...`);
  const warm = runPolicy(seeds, true, 'mpc-push');

  console.error(`the same search cold (reuseTree: false) on seeds 0..${coldSeeds.length - 1} ...`);
  const cold = runPolicy(coldSeeds, false, 'mpc-push cold');
  const sameMoves = cold.actions.every((a, i) => a === warm.actions[i]);

  const after = envStepCost(Number(values['env-steps']));
  const envStep = {
    wallMs: (before.wallMs + after.wallMs) / 2,
    cpuMs: (before.cpuMs + after.cpuMs) / 2,
  };

  const successes = warm.outcomes.reduce((s, o) => s + o.success, 0);
  const success = wilsonInterval(successes, warm.outcomes.length);
  const meanFinalDistance_m = warm.outcomes.reduce((s, o) => s + o.finalDistance_m, 0) / warm.outcomes.length;
  const inSteps = (ratio: number): string => ratio.toFixed(1);

  const md: string[] = [];
  md.push('# MpcPushPolicy on Push-v0');
  md.push('');
  md.push(
    `Generated by \`benchmarks/mpc-push.ts\` on ${new Date().toISOString()} (Node ${process.version}, ` +
      `Rapier ${RAPIER_VERSION}); ${successes}/${warm.outcomes.length} successes.`,
  );
  md.push('');
  md.push(
    '| policy | episodes | success (95 % Wilson) | mean final distance | decision median (wall / CPU) | decision p90 (wall / CPU) | env steps simulated per decision (median) |',
  );
  md.push('|---|---|---|---|---|---|---|');
  md.push(
    `| mpc-push (10 expansions, tree reuse) | ${warm.outcomes.length} | ${interval(success)} | ` +
      `${meanFinalDistance_m.toFixed(4)} m | ${warm.times.wallMedianMs.toFixed(1)} / ${warm.times.cpuMedianMs.toFixed(1)} ms | ` +
      `${warm.times.wallP90Ms.toFixed(1)} / ${warm.times.cpuP90Ms.toFixed(1)} ms | ${warm.times.simulatedStepsMedian} |`,
  );
  const coldSuccess = wilsonInterval(
    cold.outcomes.reduce((s, o) => s + o.success, 0),
    cold.outcomes.length,
  );
  md.push(
    `| mpc-push cold (reuseTree: false; ${sameMoves ? 'identical moves' : 'MOVES DIFFER'}) | ${cold.outcomes.length} | ` +
      `${interval(coldSuccess)} | ${(cold.outcomes.reduce((s, o) => s + o.finalDistance_m, 0) / cold.outcomes.length).toFixed(4)} m | ` +
      `${cold.times.wallMedianMs.toFixed(1)} / ${cold.times.cpuMedianMs.toFixed(1)} ms | ` +
      `${cold.times.wallP90Ms.toFixed(1)} / ${cold.times.cpuP90Ms.toFixed(1)} ms | ${cold.times.simulatedStepsMedian} |`,
  );
  md.push('');
  const warmRatio = warm.times.cpuMedianMs / warm.envStep.cpuMedianMs;
  const coldRatio = cold.times.cpuMedianMs / cold.envStep.cpuMedianMs;
  md.push(
    `Env step cost in this run: median ${warm.envStep.cpuMedianMs.toFixed(3)} ms CPU ` +
      `(${warm.envStep.wallMedianMs.toFixed(3)} ms wall) for the episodes' own steps, interleaved with the ` +
      `decisions; ${envStep.cpuMs.toFixed(3)} ms CPU (${envStep.wallMs.toFixed(3)} ms wall) with random actions ` +
      `before and after. Decision time in env steps of CPU time (machine-independent): ${inSteps(warmRatio)} ` +
      `(median, tree reuse) and ${inSteps(coldRatio)} (median, cold). At the reference machine's ` +
      `${REFERENCE_ENV_STEP_MS} ms per env step that is ${(warmRatio * REFERENCE_ENV_STEP_MS).toFixed(1)} ms and ` +
      `${(coldRatio * REFERENCE_ENV_STEP_MS).toFixed(1)} ms (target: median <= ${TARGET_DECISION_MS} ms).`,
  );
  const startSolved = warm.outcomes.filter((o) => o.initialDistance_m < DISTANCE_THRESHOLD_M);
  const startUnsolved = warm.outcomes.filter((o) => o.initialDistance_m >= DISTANCE_THRESHOLD_M);
  const keptSolved = startSolved.filter((o) => o.success === 1).length;
  const solvedFromUnsolved = startUnsolved.filter((o) => o.success === 1).length;
  md.push('');
  md.push(
    `${startSolved.length} of the ${warm.outcomes.length} episodes start solved (block within ` +
      `${DISTANCE_THRESHOLD_M} m of the goal; gym places block and goal independently): the policy keeps ` +
      `${keptSolved} of them solved and solves ${solvedFromUnsolved} of the other ${startUnsolved.length} ` +
      `(${interval(wilsonInterval(solvedFromUnsolved, startUnsolved.length))}).`,
  );
  md.push('');
  md.push(
    `Planning work (tree reuse run): ${warm.stats.requested} children requested, ${warm.stats.memoHits} from the ` +
      `reused tree, ${warm.stats.simulatedSteps} env steps simulated, ${warm.stats.restores} world restores, ` +
      `${warm.stats.reusedRoots} of ${warm.stats.decisions} decisions started in the previous tree.`,
  );
  const markdown = `${md.join('\n')}\n`;

  const result = {
    benchmark: 'mpc-push',
    date: new Date().toISOString(),
    node: process.version,
    rapier: RAPIER_VERSION,
    env: 'Push-v0',
    policy: 'mpc-push(expansions=10)',
    seeds: { first: 0, count: seeds.length },
    success,
    successes,
    meanFinalDistance_m,
    startSolved: { episodes: startSolved.length, keptSolved },
    fromUnsolvedStart: {
      episodes: startUnsolved.length,
      successes: solvedFromUnsolved,
      success: wilsonInterval(solvedFromUnsolved, startUnsolved.length),
    },
    decision: warm.times,
    coldDecision: {
      ...cold.times,
      envStepInterleaved: cold.envStep,
      seeds: coldSeeds.length,
      identicalMoves: sameMoves,
    },
    envStep,
    envStepInterleaved: warm.envStep,
    decisionInEnvSteps: { treeReuse: warmRatio, cold: coldRatio },
    decisionAtReferenceMs: {
      treeReuse: warmRatio * REFERENCE_ENV_STEP_MS,
      cold: coldRatio * REFERENCE_ENV_STEP_MS,
    },
    referenceEnvStepMs: REFERENCE_ENV_STEP_MS,
    targetDecisionMs: TARGET_DECISION_MS,
    planningStats: warm.stats,
    outcomes: warm.outcomes,
  };
  mkdirSync(values['out-dir'], { recursive: true });
  writeFileSync(join(values['out-dir'], 'mpc-push.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(values['out-dir'], 'mpc-push.md'), markdown);
  process.stdout.write(markdown);
}

main();
