/**
 * `residual-gym bench`: env steps/s of every task with random actions, the ratio to its raw physics substeps,
 * and the `ResidualWrapper` overhead, measured interleaved in one run (medians). The full suite (vector
 * scaling, memory, decision times, base-policy success) is `npm run bench`.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EnvSpeed, measureEnvSpeed } from '../../bench/env-speed.js';
import { RAPIER_VERSION } from '../../physics/rapier.js';
import { taskEnvSpecs } from '../../registry/builtin.js';
import { ProgressBar } from '../progress.js';
import { formatTextTable, type TextTable } from '../table.js';
import { integerFlag, parseCommand, UsageError } from '../usage.js';

/** Help text of `residual-gym bench`. */
export const BENCH_HELP = `Usage: residual-gym bench [options]

Measures env steps/s (random actions, one core), env time / raw physics time, and the
ResidualWrapper overhead (zero-cost base policy) for every task; writes <out>/bench.json.

Options:
  --steps N        env steps per timed repetition (default 1000)
  --repetitions R  repetitions per measurement; medians are reported (default 5)
  --tasks A,B      only these task ids
  --out DIR        output directory (default results)
  -h, --help       this text
`;

/** The table of env speeds. */
export function envSpeedTable(rows: readonly EnvSpeed[]): TextTable {
  return {
    header: ['env', 'env steps/s', 'raw physics steps/s', 'env / raw', 'residual / bare'],
    rows: rows.map((r) => [
      r.id,
      r.envStepsPerSecond.toFixed(0),
      r.rawStepsPerSecond === null ? '-' : r.rawStepsPerSecond.toFixed(0),
      r.envOverRaw === null ? '-' : `${r.envOverRaw.toFixed(3)}x`,
      `${r.residualOverBare.toFixed(3)}x`,
    ]),
  };
}

/** Runs `residual-gym bench`. */
export function runBench(argv: readonly string[]): number {
  const { values } = parseCommand('bench', argv, {
    steps: { type: 'string' },
    repetitions: { type: 'string' },
    tasks: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(BENCH_HELP);
    return 0;
  }
  const steps = integerFlag('bench', 'steps', values.steps, 1) ?? 1000;
  const repetitions = integerFlag('bench', 'repetitions', values.repetitions, 1) ?? 5;
  const out = typeof values.out === 'string' ? values.out : 'results';
  const all = taskEnvSpecs.map((s) => s.id);
  const tasks = typeof values.tasks === 'string' ? values.tasks.split(',').map((t) => t.trim()) : all;
  const unknown = tasks.filter((t) => !all.includes(t));
  if (unknown.length > 0)
    throw new UsageError(`bench: unknown task(s) ${unknown.join(', ')}; tasks: ${all.join(', ')}`);
  const bar = new ProgressBar('bench', tasks.length);
  const rows = tasks.map((id) => {
    const row = measureEnvSpeed(id, { steps, repetitions });
    bar.tick(1, id);
    return row;
  });
  bar.finish();
  mkdirSync(out, { recursive: true });
  const result = {
    format: 'residual-gym/bench@1',
    rapierVersion: RAPIER_VERSION,
    node: process.version,
    rows,
  };
  writeFileSync(join(out, 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${formatTextTable(envSpeedTable(rows))}\n\nwrote ${join(out, 'bench.json')}\n`);
  return 0;
}
