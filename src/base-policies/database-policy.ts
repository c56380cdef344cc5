/**
 * The recorded-MPC base policy of MBRLPusher (RPL `push_database_controller.py`): the action of the single
 * nearest recorded observation.
 *
 * @module
 */
import type { GoalObs } from '../core/goal-env.js';
import { compileOptionsValidator, type JsonSchema } from '../core/options.js';
import type { ActionInput } from '../core/types.js';
import { GymError } from '../errors.js';
import shippedDatabase from './data/pusher-database.json' with { type: 'json' };
import type { BasePolicy, PolicyResetContext } from './policy.js';

/**
 * Format tag of the database file. Version 2 records the rows in rounds (expert demonstrations, then DAgger
 * aggregation rounds); version 1 held expert episodes only.
 */
export const PUSHER_DATABASE_FORMAT = 'residual-gym/pusher-database@2';

/**
 * One recording round of the database: every step of every episode stores (observation, expert action), and
 * the mode says whose action the env executes.
 * - `'expert'`: the expert (the recording CEM-MPC) drives; these are plain demonstrations.
 * - `'dagger'` (Ross, Gordon, Bagnell 2011): the learner, a {@link DatabasePolicy} over all rows of the earlier
 *   rounds, drives, except that each step executes the expert's action with probability `beta` (a draw of
 *   `Rng.fromSeed(seed).fork('dagger-mixture')`); the expert labels every state the learner visits.
 */
export type PusherRecordingRound =
  | { readonly mode: 'expert'; readonly seeds: readonly number[] }
  | { readonly mode: 'dagger'; readonly seeds: readonly number[]; readonly beta: number };

/** A recorded round as the data file stores it: its settings plus each episode's outcome. */
export type RecordedPusherRound = PusherRecordingRound & {
  /** Final 3-D puck–goal distance of each episode (of the executed actions), m, in seed order. */
  readonly finalDistances_m: readonly number[];
};

/**
 * The JSON file `src/base-policies/data/pusher-database.json`: recorded (observation, action) rows plus
 * everything needed to regenerate them bit-identically (`npm run record:pusher`, `scripts/record-pusher.ts`).
 * The rows are stored as base64 of little-endian float32 arrays (row-major) to keep the file small. Rows are in
 * round order, then seed order within a round, `stepsPerEpisode` rows per episode.
 */
export interface PusherDatabaseFile {
  /** {@link PUSHER_DATABASE_FORMAT}. */
  readonly format: string;
  /** The env id the rows come from. */
  readonly envId: string;
  /** What recorded the rows and how (script, policy settings, rounds, versions). */
  readonly recording: {
    readonly script: string;
    /** The expert whose actions are stored. */
    readonly expert: string;
    /** The learner that drives the env in DAgger rounds. */
    readonly learner: string;
    /** Options of `createPusherCemMpcPolicy` (CEM settings and misspecification) of the expert. */
    readonly policyOptions: Readonly<Record<string, unknown>>;
    /** Steps recorded per episode. */
    readonly stepsPerEpisode: number;
    /** The rounds, in row order. */
    readonly rounds: readonly RecordedPusherRound[];
    /** Rapier build version the rows were recorded with. */
    readonly rapierVersion: string;
  };
  /** Number of rows. */
  readonly rows: number;
  /** Length of an observation. */
  readonly observationDim: number;
  /** Length of an action. */
  readonly actionDim: number;
  /** base64 of `rows × observationDim` little-endian float32. */
  readonly observations: string;
  /** base64 of `rows × actionDim` little-endian float32. */
  readonly actions: string;
}

/** A decoded database: flat row-major tables. */
export interface ObservationActionTable {
  /** `rows × observationDim` observations. */
  readonly observations: Float32Array;
  /** `rows × actionDim` actions. */
  readonly actions: Float32Array;
  /** Number of rows. */
  readonly rows: number;
  /** Length of an observation. */
  readonly observationDim: number;
  /** Length of an action. */
  readonly actionDim: number;
}

/** Encodes float32 values as base64 (little-endian), the database's storage format. */
export function encodeFloat32Base64(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return Buffer.from(bytes).toString('base64');
}

/**
 * Decodes {@link encodeFloat32Base64}'s output.
 *
 * @throws GymError if the length is not `expected` values
 */
export function decodeFloat32Base64(text: string, expected: number): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== expected * 4) {
    throw new GymError(
      `database table holds ${bytes.length / 4} values, expected ${expected}`,
      'invalid_database',
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(expected);
  for (let i = 0; i < expected; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/**
 * Checks and decodes a database file.
 *
 * @throws GymError (`invalid_database`) for a wrong format tag, sizes (also against the recorded rounds) or
 *   non-finite values
 */
export function decodePusherDatabase(file: PusherDatabaseFile): ObservationActionTable {
  if (file?.format !== PUSHER_DATABASE_FORMAT) {
    throw new GymError(`not a pusher database (format ${String(file?.format)})`, 'invalid_database');
  }
  const { rows, observationDim, actionDim } = file;
  if (![rows, observationDim, actionDim].every((n) => Number.isSafeInteger(n) && n > 0)) {
    throw new GymError('pusher database sizes must be positive integers', 'invalid_database');
  }
  const { rounds, stepsPerEpisode } = file.recording ?? {};
  if (!Array.isArray(rounds)) {
    throw new GymError('pusher database has no recording rounds', 'invalid_database');
  }
  const episodes = rounds.reduce((n, r) => n + r.seeds.length, 0);
  if (episodes * stepsPerEpisode !== rows) {
    throw new GymError(
      `pusher database rounds hold ${episodes} episodes × ${stepsPerEpisode} steps, not ${rows} rows`,
      'invalid_database',
    );
  }
  const observations = decodeFloat32Base64(file.observations, rows * observationDim);
  const actions = decodeFloat32Base64(file.actions, rows * actionDim);
  if (!observations.every(Number.isFinite) || !actions.every(Number.isFinite)) {
    throw new GymError('pusher database holds non-finite values', 'invalid_database');
  }
  return { observations, actions, rows, observationDim, actionDim };
}

/** The database shipped with the package (decoded once, on first use). */
let shippedTable: ObservationActionTable | null = null;

/** The shipped MBRLPusher database file (with its recording settings). */
export const pusherDatabaseFile: PusherDatabaseFile = shippedDatabase as PusherDatabaseFile;

/** The shipped MBRLPusher database, decoded. */
export function shippedPusherDatabase(): ObservationActionTable {
  if (shippedTable === null) shippedTable = decodePusherDatabase(pusherDatabaseFile);
  return shippedTable;
}

/**
 * The default base policy of MBRLPusher, as RPL ran it: returns the action of the single nearest recorded
 * observation (Euclidean distance on the raw, unscaled 20-d observation; ties go to the earlier row). RPL used
 * a KD-tree over 500 rows of MuJoCo MPC decisions; this package records its own rows with CEM-MPC on a
 * misspecified simulator (see {@link PusherDatabaseFile}; 10 episodes, 1,500 rows) and searches them by brute
 * force, which takes tens of microseconds. Measured (benchmarks/results/pusher-policies.md): 3 % success on
 * seeds 0..99 and a mean final puck–goal distance of 0.14 m (from about 0.29 m at the start): it moves the puck
 * toward the goal but rarely into RPL's 1.4 cm success disc, which leaves room for a residual. Adding DAgger
 * rounds to the 10 expert episodes (`npm run record:pusher -- --dagger-rounds N`) was measured to lower
 * success and raise the final distance (see `RECORD_PUSHER_DEFAULTS` in scripts/record-pusher.ts).
 *
 * Stateless and deterministic; `act` returns a new Float32Array.
 */
export class DatabasePolicy implements BasePolicy<GoalObs, ActionInput> {
  readonly name: string;
  /** The table searched. */
  readonly table: ObservationActionTable;

  /** @param table - the rows to search (default: the shipped MBRLPusher database) */
  constructor(table: ObservationActionTable = shippedPusherDatabase()) {
    this.table = table;
    this.name = `database(rows=${table.rows})`;
  }

  /** Nothing to prepare: the policy is stateless. */
  reset(_ctx: PolicyResetContext<GoalObs, ActionInput>): void {}

  /**
   * The action of the nearest recorded observation (a new Float32Array).
   *
   * @throws GymError if the observation has the wrong length
   */
  act(obs: GoalObs): Float32Array {
    const row = this.nearestRow(obs.observation);
    const { actionDim, actions } = this.table;
    return actions.slice(row * actionDim, (row + 1) * actionDim);
  }

  /** Index of the nearest recorded observation (first one on ties). */
  nearestRow(observation: ArrayLike<number>): number {
    const { observations, rows, observationDim: D } = this.table;
    if (observation.length !== D) {
      throw new GymError(
        `DatabasePolicy expects ${D}-d observations, got ${observation.length}`,
        'invalid_observation',
      );
    }
    let best = 0;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let r = 0; r < rows; r++) {
      const base = r * D;
      let d = 0;
      for (let k = 0; k < D && d < bestDistance; k++) {
        const diff = observation[k]! - observations[base + k]!;
        d += diff * diff;
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = r;
      }
    }
    return best;
  }
}

/** Options of the registered `'database-pusher'` policy: none (the table is the shipped one). */
export const PUSHER_DATABASE_POLICY_OPTIONS_SCHEMA: JsonSchema = Object.freeze({
  type: 'object',
  additionalProperties: false,
  properties: {},
});

const validateDatabaseOptions = compileOptionsValidator<Record<string, never>>(
  PUSHER_DATABASE_POLICY_OPTIONS_SCHEMA,
);

/**
 * The MBRLPusher DatabasePolicy on the shipped table, as the base-policy registry builds it.
 *
 * @throws InvalidOptions for any option (it takes none)
 */
export function createPusherDatabasePolicy(options: Readonly<Record<string, unknown>> = {}): DatabasePolicy {
  validateDatabaseOptions(options, 'database-pusher options');
  return new DatabasePolicy();
}
