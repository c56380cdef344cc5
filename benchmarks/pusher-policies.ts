/**
 * MBRLPusher base policies and env speed:
 * - MBRLPusher env steps/s with uniform random actions (one process, one core);
 * - DatabasePolicy (the default base policy) on seeds 0..99;
 * - online CemMpcPolicy with the exact simulator model at its default settings, on seeds 0, 1, 2, ... until
 *   the time budget is spent (the number of episodes is in the output), plus DatabasePolicy on the same seeds
 *   for a paired comparison;
 * - the decision time of CemMpcPolicy at PETS' full settings (horizon 25, population 500, 5 iterations),
 *   timed on a few decisions;
 * - the misspecified MPC that recorded the database (its expert round), and the DAgger rounds' learner
 *   episodes, from the final distances stored in the data file.
 *
 * Success is RPL's: `info.is_success` of the last of 150 steps, with a 95 % Wilson interval. Progress goes to
 * stderr; the table goes to stdout, `benchmarks/results/pusher-policies.json` and `.md`.
 *
 *   npx tsx benchmarks/pusher-policies.ts [--cem-budget-s 900] [--pets-decisions 2] [--env-steps 3000]
 *   npx tsx benchmarks/pusher-policies.ts --reuse-cem benchmarks/results/pusher-policies.json
 *
 * The table is read from disk when the DatabasePolicy is evaluated (last), so a run reflects the data file as
 * it is then. `--reuse-cem` takes the online-CEM rows and PETS timings of an earlier results file instead of
 * recomputing them (they take most of the time and do not depend on the table); `--more-cem-s 600` then runs
 * the online CEM on the following seeds for up to 600 s more and appends those episodes.
 *
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DatabasePolicy,
  decodePusherDatabase,
  type PusherDatabaseFile,
  type RecordedPusherRound,
} from '../src/base-policies/database-policy.js';
import { CEM_MPC_PETS_SETTINGS } from '../src/base-policies/mpc/cem-mpc-policy.js';
import { createPusherCemMpcPolicy } from '../src/base-policies/mpc/pusher-mpc.js';
import type { BasePolicy } from '../src/base-policies/policy.js';
import type { GoalObs } from '../src/core/goal-env.js';
import type { ActionInput } from '../src/core/types.js';
import { PUSHER_MAX_EPISODE_STEPS, PUSHER_SUCCESS_THRESHOLD_M } from '../src/envs/pusher/constants.js';
import { MbrlPusherEnv } from '../src/envs/pusher/mbrl-pusher.js';
import { InvalidOptions } from '../src/errors.js';
import { type EpisodeOutcome, evaluatePolicy } from '../src/evaluation/evaluate.js';
import { median, type ProportionInterval, wilsonInterval } from '../src/evaluation/wilson.js';
import { RAPIER_VERSION } from '../src/physics/rapier.js';
import { Rng } from '../src/random/rng.js';
import { PUSHER_ARM_DOF } from '../src/robots/pusher-arm.js';
import { TimeLimit } from '../src/wrappers/time-limit.js';

/** The committed data file of the DatabasePolicy. */
const DATABASE_PATH = fileURLToPath(
  new URL('../src/base-policies/data/pusher-database.json', import.meta.url),
);
/** Row name of the online CEM-MPC (also the key `--reuse-cem` looks for). */
const ONLINE_NAME = 'CemMpcPolicy (defaults)';
/** Evaluation seeds of the database policy (disjoint from the recorded seeds 1000+ and 2000+). */
const EVAL_SEEDS = Array.from({ length: 100 }, (_, i) => i);
/** Repetitions of the env-speed measurement (the best one is reported: load from other processes only slows). */
const ENV_SPEED_REPS = 3;

/** One row of the result table. */
interface PolicyResult {
  readonly policy: string;
  readonly model: string;
  readonly episodes: number;
  readonly seeds: readonly number[];
  readonly successes: number;
  readonly success: ProportionInterval;
  readonly meanFinalDistance_m: number;
  /** Median over episodes of each episode's median decision time (ms). */
  readonly decisionMsMedian: number;
  /** Each episode's median decision time (ms), in seed order. */
  readonly episodeDecisionMs: readonly number[];
  readonly outcomes: readonly EpisodeOutcome[];
}

function makeEnv(): TimeLimit<GoalObs, ActionInput> {
  return new TimeLimit(new MbrlPusherEnv(), PUSHER_MAX_EPISODE_STEPS);
}

function positiveNumber(text: string, flag: string): number {
  const v = Number(text);
  if (!(Number.isFinite(v) && v > 0)) {
    throw new InvalidOptions(`${flag} must be a positive number, got ${text}`, 'invalid_flag', { flag });
  }
  return v;
}

/** Env steps per second with uniform random torques, best of `reps` runs of `steps` steps. */
function envSpeed(steps: number, reps: number): number {
  const env = new MbrlPusherEnv();
  const rng = Rng.fromSeed(0);
  const action = new Float32Array(PUSHER_ARM_DOF);
  let best = 0;
  for (let r = 0; r < reps; r++) {
    env.reset({ seed: r });
    const t0 = performance.now();
    for (let t = 0; t < steps; t++) {
      for (let i = 0; i < PUSHER_ARM_DOF; i++) action[i] = rng.uniform(-2, 2);
      env.step(action);
      if (t % PUSHER_MAX_EPISODE_STEPS === PUSHER_MAX_EPISODE_STEPS - 1) env.reset();
    }
    const rate = steps / ((performance.now() - t0) / 1000);
    console.error(`  env speed run ${r + 1}/${reps}: ${rate.toFixed(0)} steps/s`);
    best = Math.max(best, rate);
  }
  env.close();
  return best;
}

/**
 * Evaluates one episode per seed, stopping once `budgetS` seconds have passed (at least one episode). With
 * `previous`, its episodes come first and the new ones are appended (a resumed run).
 */
function evaluate(
  name: string,
  model: string,
  policy: BasePolicy<GoalObs, ActionInput>,
  seeds: readonly number[],
  budgetS = Number.POSITIVE_INFINITY,
  previous?: PolicyResult,
): PolicyResult {
  const env = makeEnv();
  const outcomes: EpisodeOutcome[] = [...(previous?.outcomes ?? [])];
  // Result files written before `episodeDecisionMs` existed only hold the median: it stands for each episode.
  const decisionMs: number[] = previous
    ? [...(previous.episodeDecisionMs ?? Array<number>(previous.episodes).fill(previous.decisionMsMedian))]
    : [];
  const verbose = Number.isFinite(budgetS) || seeds.length <= 20;
  const start = performance.now();
  for (const seed of seeds) {
    const summary = evaluatePolicy(env, policy, { seeds: [seed] });
    const o = summary.outcomes[0]!;
    outcomes.push(o);
    decisionMs.push(summary.decisionMsMedian);
    const elapsed = (performance.now() - start) / 1000;
    if (verbose || outcomes.length % 10 === 0) {
      console.error(
        `  ${name} seed ${seed}: success ${o.success}, final distance ${o.finalDistance.toFixed(4)} m, ` +
          `${outcomes.length} episodes, ${elapsed.toFixed(0)} s`,
      );
    }
    if (elapsed > budgetS) break;
  }
  env.close();
  policy.close?.();
  const successes = outcomes.reduce((s, o) => s + o.success, 0);
  return {
    policy: name,
    model,
    episodes: outcomes.length,
    seeds: outcomes.map((o) => o.seed),
    successes,
    success: wilsonInterval(successes, outcomes.length),
    meanFinalDistance_m: outcomes.reduce((s, o) => s + o.finalDistance, 0) / outcomes.length,
    decisionMsMedian: median(decisionMs),
    episodeDecisionMs: decisionMs,
    outcomes,
  };
}

/** Wall time of `decisions` consecutive decisions of CEM-MPC at PETS' settings on seed 0 (ms each). */
function petsDecisionTimes(decisions: number): number[] {
  const env = makeEnv();
  const policy = createPusherCemMpcPolicy(CEM_MPC_PETS_SETTINGS);
  let { obs } = env.reset({ seed: 0 });
  policy.reset({ seed: 0, env });
  const times: number[] = [];
  for (let i = 0; i < decisions; i++) {
    const t0 = performance.now();
    const a = policy.act(obs);
    times.push(performance.now() - t0);
    console.error(`  PETS-settings decision ${i + 1}/${decisions}: ${(times[i]! / 1000).toFixed(1)} s`);
    obs = env.step(a).obs;
  }
  policy.close();
  env.close();
  return times;
}

/** Seeds, final distances and success (95 % Wilson) of the episodes of recorded rounds. */
function finalDistanceSummary(rounds: readonly RecordedPusherRound[]) {
  const seeds = rounds.flatMap((r) => r.seeds);
  const finalDistances_m = rounds.flatMap((r) => r.finalDistances_m);
  const successes = finalDistances_m.filter((d) => d < PUSHER_SUCCESS_THRESHOLD_M).length;
  return {
    seeds,
    finalDistances_m,
    successes,
    success: wilsonInterval(successes, seeds.length),
    meanFinalDistance_m: finalDistances_m.reduce((a, b) => a + b, 0) / seeds.length,
  };
}

function pct(x: number): string {
  return `${(100 * x).toFixed(0)} %`;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      'cem-budget-s': { type: 'string', default: '900' },
      'pets-decisions': { type: 'string', default: '2' },
      'env-steps': { type: 'string', default: '3000' },
      'reuse-cem': { type: 'string' },
      'more-cem-s': { type: 'string', default: '0' },
      out: {
        type: 'string',
        default: fileURLToPath(new URL('./results/pusher-policies.json', import.meta.url)),
      },
    },
    strict: true,
  });
  const cemBudget = positiveNumber(values['cem-budget-s'], '--cem-budget-s');
  const petsDecisions = Math.round(positiveNumber(values['pets-decisions'], '--pets-decisions'));
  const envSteps = Math.round(positiveNumber(values['env-steps'], '--env-steps'));

  console.error(`env speed: ${ENV_SPEED_REPS} × ${envSteps} random-action steps ...`);
  const stepsPerSecond = envSpeed(envSteps, ENV_SPEED_REPS);

  let online: PolicyResult;
  let petsMs: number[];
  let onlineBudget = cemBudget;
  const reuse = values['reuse-cem'];
  if (reuse !== undefined) {
    const previous = JSON.parse(readFileSync(reuse, 'utf8')) as {
      cemBudgetS: number;
      petsSettingsDecisionMs: number[];
      results: PolicyResult[];
    };
    const row = previous.results.find((r) => r.policy === ONLINE_NAME);
    if (row === undefined) {
      throw new InvalidOptions(`--reuse-cem: no '${ONLINE_NAME}' row in ${reuse}`, 'invalid_flag');
    }
    console.error(`reusing the online CEM rows and PETS timings of ${reuse}`);
    online = row;
    petsMs = previous.petsSettingsDecisionMs;
    onlineBudget = previous.cemBudgetS;
    const more = Number(values['more-cem-s']);
    if (more > 0) {
      const next = EVAL_SEEDS.filter((s) => !row.seeds.includes(s));
      console.error(`continuing CemMpcPolicy on seeds ${next[0]}.. for up to ${more} s ...`);
      const cem = createPusherCemMpcPolicy();
      online = evaluate(ONLINE_NAME, cem.model.name, cem, next, more, row);
      onlineBudget += more;
    }
  } else {
    console.error(`CemMpcPolicy (exact model, default settings) for up to ${cemBudget} s ...`);
    const cem = createPusherCemMpcPolicy();
    online = evaluate(ONLINE_NAME, cem.model.name, cem, EVAL_SEEDS, cemBudget);
    console.error(`CemMpcPolicy at PETS settings: timing ${petsDecisions} decisions ...`);
    petsMs = petsDecisionTimes(petsDecisions);
  }

  const file = JSON.parse(readFileSync(DATABASE_PATH, 'utf8')) as PusherDatabaseFile;
  const table = decodePusherDatabase(file);
  console.error(`DatabasePolicy (${table.rows} rows) on seeds 0..99 ...`);
  const database = evaluate('DatabasePolicy', 'recorded table', new DatabasePolicy(table), EVAL_SEEDS);
  const paired = evaluate(
    `DatabasePolicy (same ${online.episodes} seeds)`,
    'recorded table',
    new DatabasePolicy(table),
    online.seeds,
  );

  const rec = file.recording;
  const expertRounds = rec.rounds.filter((r) => r.mode === 'expert');
  const daggerRounds = rec.rounds.filter((r) => r.mode === 'dagger');
  const recorder = {
    policy: 'CemMpcPolicy (recording settings, misspecified model)',
    policyOptions: rec.policyOptions,
    ...finalDistanceSummary(expertRounds),
  };
  // In DAgger rounds the learner (the DatabasePolicy of the rounds before) drove: its own training episodes.
  const dagger =
    daggerRounds.length > 0 ? { rounds: daggerRounds, ...finalDistanceSummary(daggerRounds) } : null;
  const recSeeds = recorder.seeds;

  const rows = [database, online, paired];
  const lines: string[] = [];
  lines.push('# MBRLPusher base policies', '');
  lines.push(
    `Node ${process.version}, Rapier ${RAPIER_VERSION}, ${new Date().toISOString()}. Success = \`info.is_success\` at the last of 150 steps (3-D puck–goal distance < 0.05 m), 95 % Wilson interval.`,
    '',
  );
  lines.push(
    '| policy | model | episodes (seeds) | success (95 % Wilson) | mean final puck–goal distance | decision time (median) |',
    '|---|---|---|---|---|---|',
  );
  for (const r of rows) {
    lines.push(
      `| ${r.policy} | ${r.model} | ${r.episodes} (${r.seeds[0]}..${r.seeds[r.seeds.length - 1]}) | ${r.successes}/${r.episodes} = ${pct(r.success.rate)} [${pct(r.success.low)}, ${pct(r.success.high)}] | ${r.meanFinalDistance_m.toFixed(4)} m | ${r.decisionMsMedian.toFixed(3)} ms |`,
    );
  }
  lines.push(
    `| ${recorder.policy} | simulator(misspecified) | ${recSeeds.length} (${recSeeds[0]}..${recSeeds[recSeeds.length - 1]}, expert round of the data file) | ${recorder.successes}/${recSeeds.length} = ${pct(recorder.success.rate)} [${pct(recorder.success.low)}, ${pct(recorder.success.high)}] | ${recorder.meanFinalDistance_m.toFixed(4)} m | (recorded offline) |`,
  );
  lines.push('');
  lines.push(
    `- The DatabasePolicy's table: ${table.rows} rows = ${recSeeds.length} expert episodes, ${
      dagger === null
        ? 'no DAgger round (measured to lower its success; see RECORD_PUSHER_DEFAULTS in scripts/record-pusher.ts).'
        : `then ${daggerRounds.length} DAgger rounds (seeds ${dagger.seeds.join(', ')}, β ${[...new Set(daggerRounds.map((r) => r.beta))].join('/')}) in which the DatabasePolicy of the rows before drove and the expert labelled every state; those learner episodes ended ${dagger.finalDistances_m.map((d) => d.toFixed(3)).join(', ')} m from the goal (${dagger.successes} successes).`
    }`,
    `- Online CemMpcPolicy with the exact model ran on ${online.episodes} episodes (seeds ${online.seeds.join(', ')}) within a ${onlineBudget} s budget.`,
    `- CemMpcPolicy decision time at PETS' full settings (horizon 25, population 500, elites 50, 5 iterations; 62,500 simulated steps): ${petsMs.map((t) => `${(t / 1000).toFixed(1)} s`).join(', ')} (${petsDecisions} decisions on seed 0).`,
    `- MBRLPusher env: ${stepsPerSecond.toFixed(0)} env steps/s with uniform random actions (one process, best of ${ENV_SPEED_REPS} × ${envSteps} steps).`,
    '- Timings were taken on a shared 2-core machine with other jobs running; on an idle core they are lower (faster).',
  );
  const markdown = `${lines.join('\n')}\n`;
  process.stdout.write(`\n${markdown}`);

  const result = {
    benchmark: 'pusher-policies',
    date: new Date().toISOString(),
    node: process.version,
    rapier: RAPIER_VERSION,
    envStepsPerSecond: stepsPerSecond,
    cemBudgetS: onlineBudget,
    petsSettings: CEM_MPC_PETS_SETTINGS,
    petsSettingsDecisionMs: petsMs,
    recordingPolicy: recorder,
    daggerRounds: dagger,
    results: rows,
  };
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
  const mdPath = values.out.replace(/\.json$/, '.md');
  writeFileSync(mdPath, markdown);
  console.error(`results: ${values.out}, ${mdPath}`);
}

main();
