/**
 * `residual-gym eval`: evaluates every registered task's base policy (or a zero residual on the residual id,
 * or a random policy) over N seeded episodes, prints a table, and writes `results/eval.json` and
 * `results/eval.svg`.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BasePolicy } from '../../base-policies/policy.js';
import { makeBasePolicy, ZeroPolicy } from '../../base-policies/registry.js';
import type { Env } from '../../core/env.js';
import type { GoalObs } from '../../core/goal-env.js';
import type { ActionInput } from '../../core/types.js';
import { type EvaluationSummary, evaluatePolicy } from '../../evaluation/evaluate.js';
import { RAPIER_VERSION } from '../../physics/rapier.js';
import { basePolicyOf, taskEnvSpecs } from '../../registry/builtin.js';
import { envIds, make } from '../../registry/registry.js';
import { ProgressBar } from '../progress.js';
import { svgBarChart } from '../svg-bar-chart.js';
import { formatTextTable, type TextTable } from '../table.js';
import { choiceFlag, integerFlag, parseCommand, UsageError } from '../usage.js';

/** What `eval` runs on each task. */
export const EVAL_POLICIES = ['base', 'zero-residual', 'random'] as const;
/** One of {@link EVAL_POLICIES}. */
export type EvalPolicy = (typeof EVAL_POLICIES)[number];

/** Defaults chosen so that `npm start` finishes in under 3 minutes on 2 cores. */
export const EVAL_DEFAULTS = Object.freeze({
  episodes: 20,
  seedStart: 0,
  policy: 'base' as EvalPolicy,
  out: 'results',
});

/** Help text of `residual-gym eval`. */
export const EVAL_HELP = `Usage: residual-gym eval [options]

Evaluates the base policy of every registered task over seeded episodes and writes
<out>/eval.json and <out>/eval.svg.

Options:
  --episodes N     episodes per task, seeds seed-start .. seed-start+N-1 (default ${EVAL_DEFAULTS.episodes})
  --seed-start S   first seed (default ${EVAL_DEFAULTS.seedStart})
  --policy P       base | zero-residual | random (default base)
                     base           the task's base policy on the plain task
                     zero-residual  a zero action on Residual<Task>-v0 (equals base, by construction)
                     random         uniform random actions on the plain task
  --tasks A,B      only these task ids (default: every task)
  --out DIR        output directory (default ${EVAL_DEFAULTS.out})
  -h, --help       this text
`;

/** One evaluated row of `results/eval.json`. */
export interface EvalRow {
  readonly task: string;
  readonly envId: string;
  readonly policy: string;
  readonly episodes: number;
  readonly successes: number;
  readonly successRate: number;
  readonly success95: readonly [number, number];
  readonly meanReturn: number;
  readonly meanFinalDistance_m: number;
  readonly decisionMsMedian: number;
  readonly envStepsPerSecond: number;
  readonly seconds: number;
}

/** The whole `results/eval.json`. */
export interface EvalResult {
  readonly format: 'residual-gym/eval@1';
  readonly policy: EvalPolicy;
  readonly seeds: readonly [number, number];
  readonly rapierVersion: string;
  readonly node: string;
  readonly rows: readonly EvalRow[];
}

/** The env and policy `eval` runs for one task, or null when the task has nothing to run for `policy`. */
function setup(
  task: string,
  policy: EvalPolicy,
): { envId: string; env: Env<GoalObs, ActionInput>; pi: BasePolicy<GoalObs, ActionInput> } | null {
  if (policy === 'zero-residual') {
    const envId = `Residual${task}`;
    if (!envIds().includes(envId)) return null;
    return {
      envId,
      env: make<GoalObs, ActionInput>(envId),
      pi: new ZeroPolicy() as unknown as BasePolicy<GoalObs, ActionInput>,
    };
  }
  if (policy === 'random') {
    return { envId: task, env: make<GoalObs, ActionInput>(task), pi: makeBasePolicy('random') };
  }
  const base = basePolicyOf(task);
  if (base === undefined) return null;
  return {
    envId: task,
    env: make<GoalObs, ActionInput>(task),
    pi: makeBasePolicy(base.policy, base.policyOptions ?? {}),
  };
}

function toRow(
  task: string,
  envId: string,
  policyName: string,
  s: EvaluationSummary,
  seconds: number,
): EvalRow {
  return {
    task,
    envId,
    policy: policyName,
    episodes: s.episodes,
    successes: s.outcomes.reduce((k, o) => k + o.success, 0),
    successRate: s.success.rate,
    success95: [s.success.low, s.success.high],
    meanReturn: s.meanReturn,
    meanFinalDistance_m: s.meanFinalDistance,
    decisionMsMedian: s.decisionMsMedian,
    envStepsPerSecond: s.stepsPerSecond,
    seconds,
  };
}

/** The printed table of an evaluation. */
export function evalTable(rows: readonly EvalRow[]): TextTable {
  return {
    header: [
      'env',
      'policy',
      'success',
      '95% interval',
      'mean return',
      'final dist (m)',
      'decision ms',
      'env steps/s',
    ],
    rows: rows.map((r) => [
      r.envId,
      r.policy,
      `${(100 * r.successRate).toFixed(0)}% (${r.successes}/${r.episodes})`,
      `[${(100 * r.success95[0]).toFixed(0)}, ${(100 * r.success95[1]).toFixed(0)}]%`,
      r.meanReturn.toFixed(2),
      r.meanFinalDistance_m.toFixed(3),
      r.decisionMsMedian.toFixed(3),
      r.envStepsPerSecond.toFixed(0),
    ]),
  };
}

/** Runs `residual-gym eval` with `argv` (the arguments after `eval`). */
export function runEval(argv: readonly string[]): number {
  const { values } = parseCommand('eval', argv, {
    episodes: { type: 'string' },
    'seed-start': { type: 'string' },
    policy: { type: 'string' },
    tasks: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(EVAL_HELP);
    return 0;
  }
  const episodes = integerFlag('eval', 'episodes', values.episodes, 1) ?? EVAL_DEFAULTS.episodes;
  const seedStart = integerFlag('eval', 'seed-start', values['seed-start'], 0) ?? EVAL_DEFAULTS.seedStart;
  const policy = choiceFlag('eval', 'policy', values.policy, EVAL_POLICIES) ?? EVAL_DEFAULTS.policy;
  const out = typeof values.out === 'string' ? values.out : EVAL_DEFAULTS.out;
  const allTasks = taskEnvSpecs.map((s) => s.id);
  let tasks = allTasks;
  if (typeof values.tasks === 'string') {
    tasks = values.tasks.split(',').map((t) => t.trim());
    const unknown = tasks.filter((t) => !allTasks.includes(t));
    if (unknown.length > 0) {
      throw new UsageError(`eval: unknown task(s) ${unknown.join(', ')}; tasks: ${allTasks.join(', ')}`);
    }
  }
  const seeds = Array.from({ length: episodes }, (_, i) => seedStart + i);
  const rows: EvalRow[] = [];
  for (const task of tasks) {
    const run = setup(task, policy);
    if (run === null) {
      process.stderr.write(
        `${task}: skipped (no ${policy === 'zero-residual' ? 'residual id' : 'base policy'})\n`,
      );
      continue;
    }
    const bar = new ProgressBar(`${run.envId} ${run.pi.name}`.padEnd(48), episodes);
    let successes = 0;
    const t0 = performance.now();
    const summary = evaluatePolicy(run.env, run.pi, {
      seeds,
      onEpisode: (done, _total, o) => {
        successes += o.success;
        bar.tick(1, `success ${successes}/${done}`);
      },
    });
    bar.finish(`success ${successes}/${episodes}`);
    rows.push(toRow(task, run.envId, run.pi.name, summary, (performance.now() - t0) / 1000));
    run.pi.close?.();
    run.env.close();
  }
  const result: EvalResult = {
    format: 'residual-gym/eval@1',
    policy,
    seeds: [seedStart, seedStart + episodes - 1],
    rapierVersion: RAPIER_VERSION,
    node: process.version,
    rows,
  };
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'eval.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(
    join(out, 'eval.svg'),
    svgBarChart(
      `residual-gym eval (${policy}, ${episodes} episodes, seeds ${seedStart}..${seedStart + episodes - 1})`,
      rows.map((r) => ({
        label: `${r.envId}`,
        value: r.successRate,
        low: r.success95[0],
        high: r.success95[1],
      })),
    ),
  );
  process.stdout.write(
    `${formatTextTable(evalTable(rows))}\n\nwrote ${join(out, 'eval.json')} and ${join(out, 'eval.svg')}\n`,
  );
  return 0;
}
