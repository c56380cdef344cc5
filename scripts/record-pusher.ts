/**
 * Records the MBRLPusher database of the DatabasePolicy and writes it to
 * `src/base-policies/data/pusher-database.json`, together with the settings that produced it. The expert is
 * CEM-MPC with a misspecified simulator model. The rows are recorded in rounds (see {@link PusherRecordingRound}):
 * round 0 holds expert demonstrations; `--dagger-rounds` appends DAgger rounds (Ross, Gordon, Bagnell 2011), in
 * which a DatabasePolicy over all rows of the earlier rounds drives the env (the expert's action is executed
 * instead with probability `--beta`) and the expert labels every state visited. Every row is (observation,
 * expert action). Deterministic: the same settings give the same bytes. The committed file holds the default
 * rounds ({@link RECORD_PUSHER_DEFAULTS}: no DAgger round, because measured DAgger rounds made it worse).
 *
 *   npm run record:pusher                    # (re)write the data file; ~0.3–0.4 s per expert decision, ~10 min
 *   npm run record:pusher -- --jobs 2        # the episodes of each round in 2 child processes (same bytes)
 *   npm run record:pusher -- --check         # regenerate everything in memory and compare with the committed file
 *   npm run record:pusher -- --check --seeds 1014,1997   # regenerate only these episodes and compare their rows
 *   npm run record:pusher -- --out x.json    # write elsewhere
 *   npm run record:pusher -- --dagger-rounds 8 --beta 0.5 --evaluate --out /tmp/dagger.json
 *                                            # + 8 DAgger rounds (seeds 2000..2007, ~1 min each), printing the
 *                                            # DatabasePolicy's success on seeds 0..99 after every round
 *
 * `--check --seeds` regenerates an episode of a DAgger round with the committed rows of the earlier rounds as
 * its learner, so any episode can be checked in about a minute without regenerating the rounds before it.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DatabasePolicy,
  decodeFloat32Base64,
  decodePusherDatabase,
  encodeFloat32Base64,
  type ObservationActionTable,
  PUSHER_DATABASE_FORMAT,
  type PusherDatabaseFile,
  type PusherRecordingRound,
  type RecordedPusherRound,
} from '../src/base-policies/database-policy.js';
import { CEM_MPC_DEFAULTS } from '../src/base-policies/mpc/cem-mpc-policy.js';
import { createPusherCemMpcPolicy, type PusherCemMpcOptions } from '../src/base-policies/mpc/pusher-mpc.js';
import { PUSHER_MAX_EPISODE_STEPS, PUSHER_OBS_DIM } from '../src/envs/pusher/constants.js';
import { MbrlPusherEnv } from '../src/envs/pusher/mbrl-pusher.js';
import { GymError, InvalidOptions } from '../src/errors.js';
import { evaluatePolicy } from '../src/evaluation/evaluate.js';
import { RAPIER_VERSION } from '../src/physics/rapier.js';
import { Rng } from '../src/random/rng.js';
import { PUSHER_ARM_DOF } from '../src/robots/pusher-arm.js';
import { TimeLimit } from '../src/wrappers/time-limit.js';

/** The seeds `--evaluate` evaluates the DatabasePolicy on after each round (the benchmark's). */
export const EVALUATION_SEEDS: readonly number[] = Array.from({ length: 100 }, (_, i) => i);
/** Reset seed of the first DAgger round of `--dagger-rounds`; round r ≥ 1 uses this + r − 1 (not an eval seed). */
export const DAGGER_FIRST_SEED = 2000;

/** `count` DAgger rounds of one episode each, on consecutive seeds from `firstSeed`. */
export function daggerRounds(
  count: number,
  beta: number,
  firstSeed = DAGGER_FIRST_SEED,
): PusherRecordingRound[] {
  return Array.from({ length: count }, (_, i) => ({ mode: 'dagger', seeds: [firstSeed + i], beta }) as const);
}

/** What the script records by default; the committed data file was made with exactly these settings. */
export const RECORD_PUSHER_DEFAULTS = Object.freeze({
  /**
   * One expert round, on reset seeds chosen to cover the puck's start distribution evenly: among seeds
   * 1000..1999, the seed whose start offset (N(0, 0.025²) per axis) lies nearest to each of 10 design points
   * (the centre, 3 points at 0.9σ and 6 at 1.9σ). This table gives the DatabasePolicy 3 % success on seeds 0..99
   * (mean final distance 0.139 m) and 0 % on 100..199 (0.163 m); every prefix of 3 to 10 episodes gave 0–2 % on
   * 100..199. The 1-nearest-neighbour lookup replays the demonstration whose start is nearest, row after row
   * (nearest-row distance < 0.25 on the raw observation), until the arm meets the puck at step 20–35; from then
   * on the nearest row is 0.6–2.5 away, a distance dominated by the wrist joint velocities (std up to 3.3 rad/s
   * in the table, against 0.06–0.1 m for the puck position), and the lookups follow no demonstration.
   * More demonstrations do not help: appending expert episodes on seeds 3000, 3001, … (the expert ended 8 of the
   * first 10 within 0.065 m) gave 0 % / 1 % on seeds 0..99 / 100..199 with 5 more (0.167 / 0.180 m) and 1 % / 1 %
   * with 10 more (0.175 / 0.170 m).
   *
   * No DAgger round, because every one measured made the DatabasePolicy worse (success on seeds 0..99 /
   * 100..199, mean final distance; one episode per round on seeds 2000, 2001, …):
   * - β = 0, after 1 / 2 / 4 / 8 rounds: 0 % / 0 % / 0 % / 1 % on 0..99 (0.163 / 0.189 / 0.220 / 0.217 m) and
   *   1 % / 0 % / 0 % / 0 % on 100..199 (0.181 / 0.200 / 0.222 / 0.243 m);
   * - β = 0.5, after 1 / 2 / 4 rounds: 2 % / 1 % / 1 % on 0..99 (0.155 / 0.178 / 0.205 m) and 1 % / 1 % / 2 % on
   *   100..199 (0.172 / 0.182 / 0.205 m);
   * - expert takeover (HG-DAgger style, not kept: the learner drives until its nearest row is farther than 0.5,
   *   then the expert drives and only its steps are recorded), after 4 rounds: 1 % (0.157 m) and 3 % (0.164 m).
   * A DAgger label is the expert's action in a state the learner reached, not the action executed there, so
   * its successor state is not in the table either: the next evaluation matches these rows in other contexts
   * (the learner's drifting states lie 1–2 apart) rather than following them.
   */
  rounds: Object.freeze([
    Object.freeze({
      mode: 'expert',
      seeds: Object.freeze([1014, 1074, 1169, 1246, 1383, 1478, 1719, 1745, 1946, 1997]),
    } as const),
  ]) as readonly PusherRecordingRound[],
  /**
   * CEM settings of the expert (the policy defaults: horizon 25, population 30, 2 iterations, about 1,500
   * simulated steps per decision) and the model error that makes it imperfect. Measured on seeds 1000..1009
   * (planar success needs < 1.4 cm): puck mass ×0.5, puck damping ×2, joint damping ×1.5 ended 4 of 4 episodes
   * 3.5–5 cm from the goal; ×0.8, ×1.25, ×1.25 succeeded once in 10 (mean final 3-D distance 0.060 m). With this
   * milder error the expert succeeds in 6 of the 10 round-0 episodes (mean final distance 0.063 m). 10 elites
   * instead of 4 (less action noise: mean |a| 0.51 instead of 0.73) succeeded in 2 of the first 6 episodes, and
   * their table gave the DatabasePolicy 2 % / 1 % on seeds 0..99 / 100..199 (0.212 / 0.221 m), against 2 % / 2 %
   * (0.149 / 0.144 m) for the first 6 episodes with 4 elites.
   */
  policyOptions: Object.freeze({
    ...CEM_MPC_DEFAULTS,
    misspecification: Object.freeze({ puckMassScale: 0.9, puckDampingScale: 1.1, jointDampingScale: 1.1 }),
  }) as PusherCemMpcOptions,
  stepsPerEpisode: PUSHER_MAX_EPISODE_STEPS,
});

/** Where the data file lives. */
export const PUSHER_DATABASE_PATH = fileURLToPath(
  new URL('../src/base-policies/data/pusher-database.json', import.meta.url),
);

/** One recorded episode: `stepsPerEpisode` rows of (observation, expert action). */
export interface RecordedEpisode {
  readonly seed: number;
  readonly observations: number[];
  /** The expert's action at each observation (not necessarily the executed one). */
  readonly actions: number[];
  /** Final 3-D puck–goal distance after the executed actions, m. */
  readonly finalDistance_m: number;
}

/** Options of {@link recordEpisode}. */
export interface EpisodeRecordingOptions {
  /**
   * The rows the DAgger learner (a {@link DatabasePolicy}) searches; null (default): the expert drives, as in
   * an `'expert'` round.
   */
  readonly learnerTable?: ObservationActionTable | null;
  /** With a learner: probability that a step executes the expert's action instead (DAgger's β; default 0). */
  readonly beta?: number;
  /** The expert's options (default: the recording settings). */
  readonly policyOptions?: PusherCemMpcOptions;
  /** Steps to record (default: a whole episode). */
  readonly steps?: number;
}

/**
 * Runs one episode on `seed` and records (observation, expert action) at every step. The expert is queried at
 * every step even when the learner's action is executed, so its warm start continues from its own last plan.
 */
export function recordEpisode(seed: number, options: EpisodeRecordingOptions = {}): RecordedEpisode {
  const {
    learnerTable = null,
    beta = 0,
    policyOptions = RECORD_PUSHER_DEFAULTS.policyOptions,
    steps = RECORD_PUSHER_DEFAULTS.stepsPerEpisode,
  } = options;
  const env = new MbrlPusherEnv();
  const expert = createPusherCemMpcPolicy(policyOptions);
  const learner = learnerTable === null ? null : new DatabasePolicy(learnerTable);
  // A stream of its own, so that β never moves the expert's or the env's draws.
  const mixture = Rng.fromSeed(seed).fork('dagger-mixture');
  try {
    let { obs } = env.reset({ seed });
    expert.reset({ seed, env });
    const observations: number[] = [];
    const actions: number[] = [];
    for (let t = 0; t < steps; t++) {
      const label = expert.act(obs);
      const executed = learner === null || mixture.uniform() < beta ? label : learner.act(obs);
      observations.push(...obs.observation);
      actions.push(...label);
      obs = env.step(executed).obs;
    }
    const g = obs.achieved_goal;
    const d = obs.desired_goal;
    const finalDistance_m = Math.hypot(g[0]! - d[0]!, g[1]! - d[1]!, g[2]! - d[2]!);
    return { seed, observations, actions, finalDistance_m };
  } finally {
    expert.close();
    env.close();
  }
}

/** The rows of `episodes` as the DatabasePolicy searches them (float32, exactly as the data file stores them). */
export function tableOfEpisodes(episodes: readonly RecordedEpisode[]): ObservationActionTable {
  return {
    observations: Float32Array.from(episodes.flatMap((e) => e.observations)),
    actions: Float32Array.from(episodes.flatMap((e) => e.actions)),
    rows: episodes.reduce((n, e) => n + e.observations.length / PUSHER_OBS_DIM, 0),
    observationDim: PUSHER_OBS_DIM,
    actionDim: PUSHER_ARM_DOF,
  };
}

/** The first `rows` rows of `table` (a view, no copy). */
export function tablePrefix(table: ObservationActionTable, rows: number): ObservationActionTable {
  return {
    ...table,
    observations: table.observations.subarray(0, rows * table.observationDim),
    actions: table.actions.subarray(0, rows * table.actionDim),
    rows,
  };
}

/** Assembles the data file from the recorded episodes of `rounds` (in row order). */
export function buildDatabaseFile(
  rounds: readonly PusherRecordingRound[],
  episodes: readonly RecordedEpisode[],
): PusherDatabaseFile {
  const d = RECORD_PUSHER_DEFAULTS;
  let next = 0;
  const recorded: RecordedPusherRound[] = rounds.map((round) => {
    const finalDistances_m = round.seeds.map(() => episodes[next++]!.finalDistance_m);
    return { ...round, finalDistances_m };
  });
  return {
    format: PUSHER_DATABASE_FORMAT,
    envId: 'MBRLPusher-v0',
    recording: {
      script: 'scripts/record-pusher.ts',
      expert:
        'createPusherCemMpcPolicy (CemMpcPolicy + pusherSimulatorModel(misspecification) + pusherPlanningCost)',
      learner:
        "'dagger' rounds: DatabasePolicy (1-nearest neighbour) over all rows of the earlier rounds; each step " +
        "executes the expert's action instead with probability beta (Rng.fromSeed(seed).fork('dagger-mixture'))",
      policyOptions: d.policyOptions as Readonly<Record<string, unknown>>,
      stepsPerEpisode: d.stepsPerEpisode,
      rounds: recorded,
      rapierVersion: RAPIER_VERSION,
    },
    rows: episodes.length * d.stepsPerEpisode,
    observationDim: PUSHER_OBS_DIM,
    actionDim: PUSHER_ARM_DOF,
    observations: encodeFloat32Base64(episodes.flatMap((e) => e.observations)),
    actions: encodeFloat32Base64(episodes.flatMap((e) => e.actions)),
  };
}

/** What a child process records: one episode, with the learner's rows (if any) as base64 float32. */
interface EpisodeJob {
  readonly seed: number;
  readonly beta: number;
  readonly learner: { readonly rows: number; readonly observations: string; readonly actions: string } | null;
}

function jobOf(
  seed: number,
  round: PusherRecordingRound,
  learner: ObservationActionTable | null,
): EpisodeJob {
  return {
    seed,
    beta: round.mode === 'dagger' ? round.beta : 0,
    learner:
      round.mode === 'dagger' && learner !== null
        ? {
            rows: learner.rows,
            observations: encodeFloat32Base64(learner.observations),
            actions: encodeFloat32Base64(learner.actions),
          }
        : null,
  };
}

function runJob(job: EpisodeJob): RecordedEpisode {
  const l = job.learner;
  const learnerTable: ObservationActionTable | null =
    l === null
      ? null
      : {
          observations: decodeFloat32Base64(l.observations, l.rows * PUSHER_OBS_DIM),
          actions: decodeFloat32Base64(l.actions, l.rows * PUSHER_ARM_DOF),
          rows: l.rows,
          observationDim: PUSHER_OBS_DIM,
          actionDim: PUSHER_ARM_DOF,
        };
  return recordEpisode(job.seed, { learnerTable, beta: job.beta });
}

/** Runs jobs in up to `jobs` child processes (in-process for 1), returning episodes in job order. */
async function runJobs(work: readonly EpisodeJob[], jobs: number, label: string): Promise<RecordedEpisode[]> {
  const results: RecordedEpisode[] = new Array(work.length);
  let next = 0;
  const started = Date.now();
  const worker = async (): Promise<void> => {
    for (let i = next++; i < work.length; i = next++) {
      const job = work[i]!;
      results[i] = jobs === 1 ? runJob(job) : await runInChild(job);
      const s = ((Date.now() - started) / 1000).toFixed(0);
      console.log(
        `${label} seed ${job.seed}: final puck-goal distance ${results[i]!.finalDistance_m.toFixed(4)} m (${s} s)`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, work.length) }, worker));
  return results;
}

function runInChild(job: EpisodeJob): Promise<RecordedEpisode> {
  return new Promise((resolve, reject) => {
    const script = fileURLToPath(import.meta.url);
    const child = spawn(process.execPath, [...process.execArgv, script, '--episode'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(
          new GymError(`recording seed ${job.seed} failed with exit code ${code}`, 'recording_failed', {
            seed: job.seed,
          }),
        );
      } else resolve(JSON.parse(out) as RecordedEpisode);
    });
    child.stdin.end(JSON.stringify(job));
  });
}

/**
 * Records every round in order: the learner of a DAgger round searches all rows recorded before the round, so
 * the episodes of one round are independent (and run in up to `jobs` processes) but rounds are sequential.
 * `onRound` sees the episodes recorded so far after each round.
 *
 * @throws InvalidOptions if a DAgger round comes first (its learner would have no rows)
 */
export async function recordRounds(
  rounds: readonly PusherRecordingRound[],
  jobs = 1,
  onRound?: (round: number, episodes: readonly RecordedEpisode[]) => void,
): Promise<RecordedEpisode[]> {
  const episodes: RecordedEpisode[] = [];
  for (const [r, round] of rounds.entries()) {
    if (round.mode === 'dagger' && episodes.length === 0) {
      throw new InvalidOptions(
        `round ${r}: a DAgger round needs the rows of an earlier round`,
        'invalid_rounds',
      );
    }
    const learner = round.mode === 'dagger' ? tableOfEpisodes(episodes) : null;
    const work = round.seeds.map((seed) => jobOf(seed, round, learner));
    episodes.push(...(await runJobs(work, jobs, `round ${r} (${round.mode})`)));
    onRound?.(r, episodes);
  }
  return episodes;
}

/**
 * Success (95 % Wilson interval) and mean final distance of the DatabasePolicy over `table` on the evaluation
 * seeds, as a line of text: what `--evaluate` prints after each round to choose the number of rounds.
 */
export function evaluateTable(table: ObservationActionTable, seeds: readonly number[]): string {
  const env = new TimeLimit(new MbrlPusherEnv(), RECORD_PUSHER_DEFAULTS.stepsPerEpisode);
  try {
    const s = evaluatePolicy(env, new DatabasePolicy(table), { seeds });
    const k = s.outcomes.reduce((n, o) => n + o.success, 0);
    const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
    return (
      `DatabasePolicy (${table.rows} rows) on seeds ${seeds[0]}..${seeds[seeds.length - 1]}: ` +
      `${k}/${seeds.length} = ${pct(s.success.rate)} [${pct(s.success.low)}, ${pct(s.success.high)}], ` +
      `mean final distance ${s.meanFinalDistance.toFixed(4)} m`
    );
  } finally {
    env.close();
  }
}

/** Where an episode's rows sit in a file: its round, and its index among all episodes (row order). */
function locateEpisode(
  rounds: readonly PusherRecordingRound[],
  seed: number,
): { round: number; episode: number } | null {
  let episode = 0;
  for (const [round, r] of rounds.entries()) {
    const k = r.seeds.indexOf(seed);
    if (k >= 0) return { round, episode: episode + k };
    episode += r.seeds.length;
  }
  return null;
}

/** Parses `--seeds 1014,2000` (recorded seeds of any round, for a quick partial check). */
function parseSeedList(text: string, rounds: readonly PusherRecordingRound[]): number[] {
  const seeds = text.split(',').map((t) => Number(t.trim()));
  for (const s of seeds) {
    if (locateEpisode(rounds, s) === null) {
      throw new InvalidOptions(
        `--seeds: ${s} is not one of the recorded seeds ${rounds.flatMap((r) => r.seeds).join(',')}`,
        'invalid_seeds',
        { value: s },
      );
    }
  }
  return seeds;
}

/**
 * Regenerates the episodes of `seeds` and compares them with the rows the committed file holds for the same
 * seeds (bitwise, as float32). The learner of a DAgger episode searches the committed rows of the rounds before
 * its own, so a subset can be checked without regenerating the whole table. Returns the mismatches.
 */
async function checkEpisodes(
  committed: PusherDatabaseFile,
  seeds: readonly number[],
  jobs: number,
): Promise<string[]> {
  const table = decodePusherDatabase(committed);
  const { rounds, stepsPerEpisode: steps } = committed.recording;
  const places = seeds.map((seed) => locateEpisode(rounds, seed)!);
  const work = places.map(({ round }, i) => {
    const before = rounds.slice(0, round).reduce((n, r) => n + r.seeds.length, 0);
    return jobOf(seeds[i]!, rounds[round]!, tablePrefix(table, before * steps));
  });
  const episodes = await runJobs(work, jobs, 'check');
  const problems: string[] = [];
  episodes.forEach((e, i) => {
    const { round, episode } = places[i]!;
    const rows = table.observations.subarray(
      episode * steps * PUSHER_OBS_DIM,
      (episode + 1) * steps * PUSHER_OBS_DIM,
    );
    const labels = table.actions.subarray(
      episode * steps * PUSHER_ARM_DOF,
      (episode + 1) * steps * PUSHER_ARM_DOF,
    );
    const sameObs = encodeFloat32Base64(e.observations) === encodeFloat32Base64(rows);
    const sameAct = encodeFloat32Base64(e.actions) === encodeFloat32Base64(labels);
    const r = rounds[round]!;
    const sameDistance = r.finalDistances_m[r.seeds.indexOf(e.seed)] === e.finalDistance_m;
    if (!(sameObs && sameAct && sameDistance)) {
      problems.push(
        `seed ${e.seed}: observations ${sameObs}, actions ${sameAct}, final distance ${sameDistance}`,
      );
    }
  });
  return problems;
}

/** Parses a flag that must be a finite number within [min, max]. */
function numberFlag(text: string, flag: string, min: number, max: number, integer: boolean): number {
  const v = Number(text);
  if (!(Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isSafeInteger(v)))) {
    throw new InvalidOptions(
      `${flag} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got ${text}`,
      'invalid_flag',
      { flag, value: text },
    );
  }
  return v;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: PUSHER_DATABASE_PATH },
      jobs: { type: 'string', default: '1' },
      check: { type: 'boolean', default: false },
      seeds: { type: 'string' },
      'dagger-rounds': { type: 'string', default: '0' },
      beta: { type: 'string', default: '0' },
      evaluate: { type: 'boolean', default: false },
      episode: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.episode) {
    // Child mode: an EpisodeJob as JSON on stdin, the episode as JSON on stdout.
    process.stdout.write(JSON.stringify(runJob(JSON.parse(readFileSync(0, 'utf8')) as EpisodeJob)));
    return;
  }
  const jobs = numberFlag(values.jobs, '--jobs', 1, 64, true);
  const extraRounds = numberFlag(values['dagger-rounds'], '--dagger-rounds', 0, 1000, true);
  const beta = numberFlag(values.beta, '--beta', 0, 1, false);
  const d = RECORD_PUSHER_DEFAULTS;
  if (values.check && extraRounds > 0) {
    throw new InvalidOptions('--check compares the default rounds; drop --dagger-rounds', 'invalid_flag');
  }
  if (values.seeds !== undefined) {
    if (!values.check) {
      throw new InvalidOptions(
        '--seeds only works with --check (the file always holds every seed)',
        'invalid_seeds',
      );
    }
    const committed = JSON.parse(readFileSync(PUSHER_DATABASE_PATH, 'utf8')) as PusherDatabaseFile;
    const seeds = parseSeedList(values.seeds, committed.recording.rounds);
    console.log(
      `regenerating the episodes of seeds ${seeds.join(',')} with ${JSON.stringify(d.policyOptions)}`,
    );
    const problems = await checkEpisodes(committed, seeds, jobs);
    if (problems.length > 0) {
      console.error(`MISMATCH: ${problems.join('; ')}`);
      process.exitCode = 1;
    } else {
      console.log(`OK: seeds ${seeds.join(',')} regenerate the committed rows bit-identically`);
    }
    return;
  }
  const defaultDagger = d.rounds.filter((r) => r.mode === 'dagger').length;
  const rounds = [...d.rounds, ...daggerRounds(extraRounds, beta, DAGGER_FIRST_SEED + defaultDagger)];
  const episodeCount = rounds.reduce((n, r) => n + r.seeds.length, 0);
  console.log(
    `recording ${rounds.length} rounds (${episodeCount} episodes of ${d.stepsPerEpisode} steps) with ${JSON.stringify(d.policyOptions)}`,
  );
  const onRound = values.evaluate
    ? (r: number, episodes: readonly RecordedEpisode[]) =>
        console.log(`after round ${r}: ${evaluateTable(tableOfEpisodes(episodes), EVALUATION_SEEDS)}`)
    : undefined;
  const file = buildDatabaseFile(rounds, await recordRounds(rounds, jobs, onRound));
  const text = `${JSON.stringify(file, null, 2)}\n`;
  if (values.check) {
    const committed = readFileSync(PUSHER_DATABASE_PATH, 'utf8');
    if (committed !== text) {
      console.error('MISMATCH: the regenerated database differs from the committed file');
      process.exitCode = 1;
    } else {
      console.log('OK: the regenerated database is identical to the committed file');
    }
    return;
  }
  writeFileSync(values.out, text);
  console.log(`wrote ${file.rows} rows (${(text.length / 1024).toFixed(0)} KB) to ${values.out}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
