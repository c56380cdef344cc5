/**
 * Base-policy evaluation: every base policy on its task(s), 100 episodes on seeds 0..99 by default, with
 * success (95 % Wilson interval), mean final distance and median decision time. Writes
 * `benchmarks/results/base-policies.json` and `.md`; progress on stderr.
 *
 *   npm run bench:policies                     # all rows, 100 episodes
 *   npm run bench:policies -- --episodes 20    # quicker
 *   npm run bench:policies -- --only Push      # rows whose task or policy contains 'Push'
 *
 * Rows whose policy or task is not registered are listed as skipped (so the file says what was not run).
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ProgressBar } from '../src/cli/progress.js';
import { formatMarkdownTable, formatTextTable } from '../src/cli/table.js';
import {
  type ActionInput,
  basePolicyNames,
  envIds,
  evaluatePolicy,
  type GoalObs,
  make,
  makeBasePolicy,
} from '../src/index.js';
import { RAPIER_VERSION } from '../src/physics/rapier.js';

/** One evaluated (policy, task) pair. */
interface PolicyRow {
  /** Registered base-policy name. */
  readonly policy: string;
  readonly policyOptions?: Readonly<Record<string, unknown>>;
  /** Shown in the table. */
  readonly label: string;
  readonly task: string;
  /** Why this row is here. */
  readonly role: string;
}

/** What issue 3, 4 and 5 ask to be evaluated. */
const ROWS: readonly PolicyRow[] = [
  { policy: 'mpc-push', label: 'MpcPushPolicy', task: 'Push-v0', role: 'paper base of Push' },
  {
    policy: 'scripted-push',
    label: 'ScriptedPush W=0.15',
    task: 'Push-v0',
    role: 'proof that pushing works',
  },
  {
    policy: 'scripted-push',
    policyOptions: { blockWidth_m: 0.05 },
    label: 'ScriptedPush W=0.05 (calibrated)',
    task: 'Push-v0',
    role: 'calibrated reference',
  },
  {
    policy: 'scripted-push',
    label: 'ScriptedPush W=0.15',
    task: 'SlipperyPush-v0',
    role: 'paper base of SlipperyPush',
  },
  {
    policy: 'scripted-push',
    policyOptions: { blockWidth_m: 0.05 },
    label: 'ScriptedPush W=0.05 (calibrated)',
    task: 'SlipperyPush-v0',
    role: 'calibrated reference',
  },
  {
    policy: 'oscillating-pick-and-place',
    label: 'OscillatingPickAndPlace',
    task: 'PickAndPlace-v0',
    role: 'paper base of PickAndPlace',
  },
  {
    policy: 'pick-and-place',
    label: 'PickAndPlace (older)',
    task: 'PickAndPlace-v0',
    role: 'proof that grasping works',
  },
  { policy: 'hook', label: 'HookPolicy', task: 'Hook-v0', role: 'solves Hook' },
  { policy: 'hook', label: 'HookPolicy', task: 'NoisyHook-v0', role: 'paper base of NoisyHook' },
  { policy: 'hook', label: 'HookPolicy', task: 'ComplexHook-v0', role: 'paper base of ComplexHook' },
  {
    policy: 'database-pusher',
    label: 'DatabasePolicy',
    task: 'MBRLPusher-v0',
    role: 'paper base of MBRLPusher',
  },
  { policy: 'random', label: 'random', task: 'Push-v0', role: 'floor' },
  { policy: 'random', label: 'random', task: 'PickAndPlace-v0', role: 'floor' },
];

const { values } = parseArgs({
  options: {
    episodes: { type: 'string', default: '100' },
    only: { type: 'string' },
    out: { type: 'string', default: 'benchmarks/results/base-policies' },
  },
});
const episodes = Number(values.episodes);
if (!Number.isSafeInteger(episodes) || episodes < 1)
  throw new Error(`--episodes must be a positive integer, got ${values.episodes}`);
const seeds = Array.from({ length: episodes }, (_, i) => i);
const ids = envIds();
const policies = basePolicyNames();

const results = [];
const skipped: { label: string; task: string; reason: string }[] = [];
for (const row of ROWS) {
  if (values.only !== undefined && !`${row.task} ${row.policy} ${row.label}`.includes(values.only)) continue;
  if (!ids.includes(row.task) || !policies.includes(row.policy)) {
    const reason = !ids.includes(row.task)
      ? `task ${row.task} not registered`
      : `policy ${row.policy} not registered`;
    skipped.push({ label: row.label, task: row.task, reason });
    process.stderr.write(`skip ${row.label} on ${row.task}: ${reason}\n`);
    continue;
  }
  const env = make<GoalObs, ActionInput>(row.task);
  const pi = makeBasePolicy<GoalObs, ActionInput>(row.policy, row.policyOptions ?? {});
  const bar = new ProgressBar(`${row.task} ${row.label}`.padEnd(52), episodes);
  let k = 0;
  const s = evaluatePolicy(env, pi, {
    seeds,
    onEpisode: (done, _n, o) => {
      k += o.success;
      bar.tick(1, `success ${k}/${done}`);
    },
  });
  bar.finish(`success ${k}/${episodes}`);
  pi.close?.();
  env.close();
  results.push({
    ...row,
    policyName: pi.name,
    episodes,
    successes: k,
    successRate: s.success.rate,
    success95: [s.success.low, s.success.high],
    meanFinalDistance_m: s.meanFinalDistance,
    meanReturn: s.meanReturn,
    decisionMsMedian: s.decisionMsMedian,
    loopStepsPerSecond: s.stepsPerSecond,
    failedSeeds: s.outcomes.filter((o) => o.success === 0).map((o) => o.seed),
  });
}

const table = {
  header: ['task', 'policy', 'role', 'success', '95% interval', 'final dist (m)', 'decision ms (median)'],
  rows: results.map((r) => [
    r.task,
    r.label,
    r.role,
    `${(100 * r.successRate).toFixed(0)}% (${r.successes}/${r.episodes})`,
    `[${(100 * r.success95[0]!).toFixed(1)}, ${(100 * r.success95[1]!).toFixed(1)}]%`,
    r.meanFinalDistance_m.toFixed(3),
    r.decisionMsMedian.toFixed(3),
  ]),
};
const out = values.out;
mkdirSync(out.replace(/\/[^/]*$/, ''), { recursive: true });
const meta = {
  seeds: [0, episodes - 1],
  rapierVersion: RAPIER_VERSION,
  node: process.version,
  cpu: 'one core per run',
};
writeFileSync(
  `${out}.json`,
  `${JSON.stringify({ format: 'residual-gym/base-policies@1', ...meta, results, skipped }, null, 2)}\n`,
);
writeFileSync(
  `${out}.md`,
  `# Base-policy evaluation\n\nSeeds 0..${episodes - 1}, one episode each, Rapier ${RAPIER_VERSION}, Node ${process.version}. ` +
    'Success is `info.is_success` at the last step; intervals are 95 % Wilson score intervals; decision time is the ' +
    'median wall time of one `act` call on a shared machine.\n\n' +
    `${formatMarkdownTable(table)}\n` +
    (skipped.length
      ? `\nNot run: ${skipped.map((s) => `${s.label} on ${s.task} (${s.reason})`).join('; ')}.\n`
      : ''),
);
process.stdout.write(`${formatTextTable(table)}\n\nwrote ${out}.json and ${out}.md\n`);
