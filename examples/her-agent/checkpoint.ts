/**
 * Checkpoints as JSON + binary weights: a directory with `checkpoint.json` (format, configuration, counters,
 * normaliser statistics, generator states, a table of tensors with byte offsets and a SHA-256 of each binary
 * file) and little-endian float32 files `weights-<hash>.bin` (networks and Adam moments) and, for a training
 * run, `replay-<hash>.bin` (the replay buffer), named by the first 16 hex digits of their SHA-256. New binary
 * files are written first, then the manifest is replaced atomically (write + rename), then unreferenced binary
 * files are removed, so a save interrupted at any point leaves a readable checkpoint (the old or the new).
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { type AgentStateJson, type AgentTensorName, agentTensorNames, DdpgAgent } from './ddpg.js';
import type { EpisodeBatch } from './replay-buffer.js';
import type { Trainer, TrainerOptions, TrainerProgress } from './trainer.js';

/** Format tag in every manifest. */
export const CHECKPOINT_FORMAT = 'residual-gym-her-agent';
/** Manifest version; bump when the layout changes. */
export const CHECKPOINT_VERSION = 1;
/** Bytes per stored value (float32). */
const BYTES_PER_VALUE = 4;
/** Hex digits of a binary file's SHA-256 in its name. */
const FILE_HASH_DIGITS = 16;

/** One tensor inside a binary file. */
export interface TensorEntry {
  readonly name: string;
  readonly file: string;
  readonly dtype: 'float32';
  /** Byte offset in the file. */
  readonly offset: number;
  /** Number of float32 values. */
  readonly length: number;
}

/** The manifest `checkpoint.json`. */
export interface CheckpointManifest {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: number;
  /** Agent seed (the generators' states are in `agent.rng`). */
  readonly seed: number;
  readonly agent: AgentStateJson;
  readonly tensors: readonly TensorEntry[];
  /** SHA-256 (hex) of each binary file. */
  readonly sha256: Readonly<Record<string, string>>;
  /** Present in training checkpoints. */
  readonly trainer?: {
    readonly options: TrainerOptions;
    readonly progress: TrainerProgress;
    readonly replay: { readonly count: number; readonly next: number; readonly totalEpisodes: number };
  };
}

function assertLittleEndian(): void {
  if (endianness() !== 'LE')
    throw new Error('checkpoints are little-endian float32; this host is big-endian');
}

/** Concatenates tensors into one buffer and returns their table entries. */
function packTensors(
  file: string,
  tensors: readonly (readonly [string, Float32Array])[],
): { bytes: Buffer; entries: TensorEntry[] } {
  const entries: TensorEntry[] = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    entries.push({ name, file, dtype: 'float32', offset, length: t.length });
    offset += t.length * BYTES_PER_VALUE;
  }
  const bytes = Buffer.alloc(offset);
  for (const [i, [, t]] of tensors.entries()) {
    bytes.set(new Uint8Array(t.buffer, t.byteOffset, t.byteLength), entries[i]!.offset);
  }
  return { bytes, entries };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function writeAtomically(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Reads one tensor of the manifest from its (already verified) file bytes. */
function readTensor(files: ReadonlyMap<string, Buffer>, entry: TensorEntry): Float32Array {
  const bytes = files.get(entry.file);
  if (bytes === undefined) throw new Error(`checkpoint file '${entry.file}' is missing`);
  const end = entry.offset + entry.length * BYTES_PER_VALUE;
  if (end > bytes.length) throw new Error(`tensor '${entry.name}' runs past the end of '${entry.file}'`);
  const out = new Float32Array(entry.length);
  new Uint8Array(out.buffer).set(bytes.subarray(entry.offset, end));
  return out;
}

/**
 * Saves `agent` (and, with `trainer`, its progress and replay buffer) to `dir`.
 *
 * @example
 * ```ts
 * saveCheckpoint('runs/push-0', trainer.agent, 0, trainer);
 * const { agent } = loadCheckpoint('runs/push-0');
 * ```
 */
export function saveCheckpoint(dir: string, agent: DdpgAgent, seed: number, trainer?: Trainer): void {
  assertLittleEndian();
  mkdirSync(dir, { recursive: true });
  const state = agent.getState();
  const packed: { stem: string; bytes: Buffer; entries: TensorEntry[] }[] = [];
  const weights = packTensors(
    'weights',
    agentTensorNames(agent.config).map((name) => [name, state.tensors[name]!] as const),
  );
  packed.push({ stem: 'weights', ...weights });
  let trainerPart: CheckpointManifest['trainer'];
  if (trainer !== undefined) {
    const replay = trainer.buffer.exportEpisodes();
    const replayPacked = packTensors('replay', [
      ['replay.obs', replay.obs],
      ['replay.achievedGoal', replay.achievedGoal],
      ['replay.goal', replay.goal],
      ['replay.action', replay.action],
    ]);
    packed.push({ stem: 'replay', ...replayPacked });
    trainerPart = {
      options: trainer.options,
      progress: trainer.getProgress(),
      replay: { count: replay.count, next: replay.next, totalEpisodes: replay.totalEpisodes },
    };
  }
  const sha: Record<string, string> = {};
  const tensors: TensorEntry[] = [];
  for (const { stem, bytes, entries } of packed) {
    const digest = sha256(bytes);
    const file = `${stem}-${digest.slice(0, FILE_HASH_DIGITS)}.bin`;
    sha[file] = digest;
    tensors.push(...entries.map((e) => ({ ...e, file })));
    if (!existsSync(join(dir, file))) writeAtomically(join(dir, file), bytes);
  }
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    seed,
    agent: state.json,
    tensors,
    sha256: sha,
    ...(trainerPart === undefined ? {} : { trainer: trainerPart }),
  };
  writeAtomically(join(dir, 'checkpoint.json'), `${JSON.stringify(manifest, jsonNumbers, 1)}\n`);
  for (const name of readdirSync(dir)) {
    if ((name.endsWith('.bin') && !(name in sha)) || name.endsWith('.bin.tmp'))
      rmSync(join(dir, name), { force: true });
  }
}

/** JSON cannot hold NaN or ±Infinity (curves have NaN losses): encode them as strings. */
function jsonNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}

function reviveNumbers(_key: string, value: unknown): unknown {
  return value === 'NaN'
    ? Number.NaN
    : value === 'Infinity'
      ? Infinity
      : value === '-Infinity'
        ? -Infinity
        : value;
}

/** True if `dir` holds a checkpoint manifest. */
export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, 'checkpoint.json'));
}

/**
 * Reads a checkpoint: the manifest, a restored agent, and (for training checkpoints) the replay episodes.
 *
 * @throws Error for an unknown format or version, a missing file, or a SHA-256 mismatch
 */
export function loadCheckpoint(dir: string): {
  manifest: CheckpointManifest;
  agent: DdpgAgent;
  replay: EpisodeBatch | null;
} {
  assertLittleEndian();
  const manifest = JSON.parse(
    readFileSync(join(dir, 'checkpoint.json'), 'utf8'),
    reviveNumbers,
  ) as CheckpointManifest;
  if (manifest.format !== CHECKPOINT_FORMAT || manifest.version !== CHECKPOINT_VERSION) {
    throw new Error(
      `unsupported checkpoint ${String(manifest.format)} v${String(manifest.version)} in ${dir}`,
    );
  }
  const files = new Map<string, Buffer>();
  for (const [name, digest] of Object.entries(manifest.sha256)) {
    const bytes = readFileSync(join(dir, name));
    if (sha256(bytes) !== digest)
      throw new Error(`checkpoint file ${join(dir, name)} fails its SHA-256 check`);
    files.set(name, bytes);
  }
  const byName = new Map(manifest.tensors.map((e) => [e.name, e]));
  const tensor = (name: string): Float32Array => {
    const entry = byName.get(name);
    if (entry === undefined) throw new Error(`checkpoint has no tensor '${name}'`);
    return readTensor(files, entry);
  };
  const agent = new DdpgAgent(manifest.agent.dims, manifest.agent.config, manifest.seed);
  const tensors = Object.fromEntries(
    agentTensorNames(manifest.agent.config).map((n) => [n, tensor(n)]),
  ) as Partial<Record<AgentTensorName, Float32Array>>;
  agent.setState(manifest.agent, tensors);
  const replay =
    manifest.trainer === undefined
      ? null
      : {
          count: manifest.trainer.replay.count,
          obs: tensor('replay.obs'),
          achievedGoal: tensor('replay.achievedGoal'),
          goal: tensor('replay.goal'),
          action: tensor('replay.action'),
        };
  return { manifest, agent, replay };
}

/**
 * Restores a {@link Trainer} built with the checkpoint's options from `dir`: agent, replay buffer and
 * progress; training then continues exactly as if it had not stopped.
 *
 * @throws Error if the checkpoint is not a training checkpoint or its options differ from the trainer's
 */
export function restoreTrainer(dir: string, trainer: Trainer): void {
  const { manifest, agent, replay } = loadCheckpoint(dir);
  if (manifest.trainer === undefined || replay === null)
    throw new Error(`${dir} is not a training checkpoint`);
  if (JSON.stringify(manifest.trainer.options) !== JSON.stringify(trainer.options)) {
    throw new Error(`checkpoint ${dir} was written with different trainer options`);
  }
  const state = agent.getState();
  trainer.agent.setState(state.json, state.tensors);
  trainer.buffer.importEpisodes(replay, manifest.trainer.replay.next, manifest.trainer.replay.totalEpisodes);
  trainer.setProgress(manifest.trainer.progress);
}
