/**
 * Records the MBRLPusher database of the DatabasePolicy: runs CEM-MPC with a misspecified simulator model on
 * fixed seeds and writes every (observation, action) decision to `src/base-policies/data/pusher-database.json`,
 * together with the settings that produced it. Deterministic: the same settings give the same bytes.
 *
 *   npm run record:pusher                    # (re)write the data file; ~1 s per decision per core
 *   npm run record:pusher -- --jobs 2        # episodes in 2 child processes (same bytes)
 *   npm run record:pusher -- --check         # regenerate in memory and compare with the committed file
 *   npm run record:pusher -- --check --seeds 1000,1005   # regenerate only these episodes and compare their rows
 *   npm run record:pusher -- --out x.json    # write elsewhere
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  decodePusherDatabase,
  encodeFloat32Base64,
  PUSHER_DATABASE_FORMAT,
  type PusherDatabaseFile,
} from '../src/base-policies/database-policy.js';
import { CEM_MPC_DEFAULTS } from '../src/base-policies/mpc/cem-mpc-policy.js';
import { createPusherCemMpcPolicy, type PusherCemMpcOptions } from '../src/base-policies/mpc/pusher-mpc.js';
import { PUSHER_MAX_EPISODE_STEPS, PUSHER_OBS_DIM } from '../src/envs/pusher/constants.js';
import { MbrlPusherEnv } from '../src/envs/pusher/mbrl-pusher.js';
import { GymError, InvalidOptions } from '../src/errors.js';
import { RAPIER_VERSION } from '../src/physics/rapier.js';
import { PUSHER_ARM_DOF } from '../src/robots/pusher-arm.js';

/** What the script records by default; the committed data file was made with exactly these settings. */
export const RECORD_PUSHER_DEFAULTS = Object.freeze({
  /**
   * Reset seeds of the recorded episodes, chosen to cover the puck's start distribution evenly: among seeds
   * 1000..1999, the seed whose start offset (N(0, 0.025²) per axis) lies nearest to each of 10 design points
   * (the centre, 3 points at 0.9σ and 6 at 1.9σ).
   * A 1-nearest-neighbour table mostly replays the episode whose start is closest, so even coverage matters
   * more than the count: the consecutive seeds 1000..1009 left some starts 3–4 cm from any recorded one.
   * All are disjoint from the evaluation seeds 0..99. 10 episodes × 150 rows × 27 float32 ≈ 210 KB of base64.
   */
  seeds: Object.freeze([1014, 1074, 1169, 1246, 1383, 1478, 1719, 1745, 1946, 1997]),
  /**
   * CEM settings (the policy defaults: horizon 25, population 30, 2 iterations, about 1,500 simulated steps per
   * decision) and the model error that makes the recorded MPC imperfect. Measured on seeds 1000..1009 (planar
   * success needs < 1.4 cm): puck mass ×0.5, puck damping ×2, joint damping ×1.5 ended 4 of 4 episodes 3.5–5 cm
   * from the goal; ×0.8, ×1.25, ×1.25 succeeded once in 10 (mean final 3-D distance 0.060 m) and its table
   * gave the DatabasePolicy 1–4 % success on seeds 0..99. With this milder error the recording MPC succeeds in
   * 6 of the 10 episodes below (mean final distance 0.063 m), and the DatabasePolicy reaches 3 % on seeds 0..99
   * (0–2 % on seeds 100..199 for every prefix of 3 to 10 episodes, so fewer episodes do not help): still under
   * the 5 % target, because a 1-nearest-neighbour replay of 10 episodes misses the 1.4 cm success disc.
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

/** One recorded episode: `stepsPerEpisode` rows. */
export interface RecordedEpisode {
  readonly seed: number;
  readonly observations: number[];
  readonly actions: number[];
  readonly finalDistance_m: number;
}

/** Runs one episode of the recording policy on `seed`. */
export function recordEpisode(
  seed: number,
  policyOptions: PusherCemMpcOptions = RECORD_PUSHER_DEFAULTS.policyOptions,
  steps: number = RECORD_PUSHER_DEFAULTS.stepsPerEpisode,
): RecordedEpisode {
  const env = new MbrlPusherEnv();
  const policy = createPusherCemMpcPolicy(policyOptions);
  try {
    let { obs } = env.reset({ seed });
    policy.reset({ seed, env });
    const observations: number[] = [];
    const actions: number[] = [];
    for (let t = 0; t < steps; t++) {
      const action = policy.act(obs);
      observations.push(...obs.observation);
      actions.push(...action);
      obs = env.step(action).obs;
    }
    const g = obs.achieved_goal;
    const d = obs.desired_goal;
    const finalDistance_m = Math.hypot(g[0]! - d[0]!, g[1]! - d[1]!, g[2]! - d[2]!);
    return { seed, observations, actions, finalDistance_m };
  } finally {
    policy.close();
    env.close();
  }
}

/** Assembles the data file from episodes (in seed order). */
export function buildDatabaseFile(episodes: readonly RecordedEpisode[]): PusherDatabaseFile {
  const d = RECORD_PUSHER_DEFAULTS;
  return {
    format: PUSHER_DATABASE_FORMAT,
    envId: 'MBRLPusher-v0',
    recording: {
      script: 'scripts/record-pusher.ts',
      policy:
        'createPusherCemMpcPolicy (CemMpcPolicy + pusherSimulatorModel(misspecification) + pusherPlanningCost)',
      policyOptions: d.policyOptions as Readonly<Record<string, unknown>>,
      seeds: episodes.map((e) => e.seed),
      stepsPerEpisode: d.stepsPerEpisode,
      finalDistances_m: episodes.map((e) => e.finalDistance_m),
      rapierVersion: RAPIER_VERSION,
    },
    rows: episodes.length * d.stepsPerEpisode,
    observationDim: PUSHER_OBS_DIM,
    actionDim: PUSHER_ARM_DOF,
    observations: encodeFloat32Base64(episodes.flatMap((e) => e.observations)),
    actions: encodeFloat32Base64(episodes.flatMap((e) => e.actions)),
  };
}

/** Records one episode per seed in up to `jobs` child processes (each episode is independent). */
async function recordAll(seeds: readonly number[], jobs: number): Promise<RecordedEpisode[]> {
  const results = new Map<number, RecordedEpisode>();
  const queue = [...seeds];
  const started = Date.now();
  const worker = async (): Promise<void> => {
    for (let seed = queue.shift(); seed !== undefined; seed = queue.shift()) {
      const episode = jobs === 1 ? recordEpisode(seed) : await recordInChild(seed);
      results.set(seed, episode);
      const s = ((Date.now() - started) / 1000).toFixed(0);
      console.log(
        `seed ${seed}: final puck-goal distance ${episode.finalDistance_m.toFixed(4)} m (${results.size}/${seeds.length}, ${s} s)`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, seeds.length) }, worker));
  return seeds.map((s) => results.get(s)!);
}

function recordInChild(seed: number): Promise<RecordedEpisode> {
  return new Promise((resolve, reject) => {
    const script = fileURLToPath(import.meta.url);
    const child = spawn(process.execPath, [...process.execArgv, script, '--episode', String(seed)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(
          new GymError(`recording seed ${seed} failed with exit code ${code}`, 'recording_failed', { seed }),
        );
      } else resolve(JSON.parse(out) as RecordedEpisode);
    });
  });
}

/** Parses `--seeds 1000,1003` (a subset of the recorded seeds, for a quick partial check). */
function parseSeedList(text: string, allowed: readonly number[]): number[] {
  const seeds = text.split(',').map((t) => Number(t.trim()));
  for (const s of seeds) {
    if (!allowed.includes(s)) {
      throw new InvalidOptions(
        `--seeds: ${s} is not one of the recorded seeds ${allowed.join(',')}`,
        'invalid_seeds',
        {
          value: s,
        },
      );
    }
  }
  return seeds;
}

/**
 * Compares regenerated episodes with the rows the committed file holds for the same seeds (bitwise, as
 * float32), so that a subset can be checked without regenerating the whole table. Returns the mismatches.
 */
function compareEpisodes(committed: PusherDatabaseFile, episodes: readonly RecordedEpisode[]): string[] {
  const table = decodePusherDatabase(committed);
  const steps = committed.recording.stepsPerEpisode;
  const problems: string[] = [];
  for (const e of episodes) {
    const k = committed.recording.seeds.indexOf(e.seed);
    const obsRows = table.observations.subarray(k * steps * PUSHER_OBS_DIM, (k + 1) * steps * PUSHER_OBS_DIM);
    const actRows = table.actions.subarray(k * steps * PUSHER_ARM_DOF, (k + 1) * steps * PUSHER_ARM_DOF);
    const sameObs = encodeFloat32Base64(e.observations) === encodeFloat32Base64(obsRows);
    const sameAct = encodeFloat32Base64(e.actions) === encodeFloat32Base64(actRows);
    const sameDistance = committed.recording.finalDistances_m[k] === e.finalDistance_m;
    if (!(sameObs && sameAct && sameDistance)) {
      problems.push(
        `seed ${e.seed}: observations ${sameObs}, actions ${sameAct}, final distance ${sameDistance}`,
      );
    }
  }
  return problems;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: PUSHER_DATABASE_PATH },
      jobs: { type: 'string', default: '1' },
      check: { type: 'boolean', default: false },
      seeds: { type: 'string' },
      episode: { type: 'string' },
    },
    strict: true,
  });
  if (values.episode !== undefined) {
    // Child mode: one episode as JSON on stdout.
    process.stdout.write(JSON.stringify(recordEpisode(Number(values.episode))));
    return;
  }
  const jobs = Number(values.jobs);
  if (!Number.isSafeInteger(jobs) || jobs < 1)
    throw new InvalidOptions(`--jobs must be a positive integer, got ${values.jobs}`, 'invalid_jobs', {
      value: values.jobs,
    });
  const d = RECORD_PUSHER_DEFAULTS;
  if (values.seeds !== undefined && !values.check) {
    throw new InvalidOptions(
      '--seeds only works with --check (the file always holds every seed)',
      'invalid_seeds',
    );
  }
  const seeds = values.seeds === undefined ? d.seeds : parseSeedList(values.seeds, d.seeds);
  console.log(
    `recording ${seeds.length} episodes of ${d.stepsPerEpisode} steps with ${JSON.stringify(d.policyOptions)}`,
  );
  const episodes = await recordAll(seeds, jobs);
  if (values.check && values.seeds !== undefined) {
    const committed = JSON.parse(readFileSync(PUSHER_DATABASE_PATH, 'utf8')) as PusherDatabaseFile;
    const problems = compareEpisodes(committed, episodes);
    if (problems.length > 0) {
      console.error(`MISMATCH: ${problems.join('; ')}`);
      process.exitCode = 1;
    } else {
      console.log(`OK: seeds ${seeds.join(',')} regenerate the committed rows bit-identically`);
    }
    return;
  }
  const file = buildDatabaseFile(episodes);
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
