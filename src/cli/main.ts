#!/usr/bin/env node
/**
 * The `residual-gym` command line: `list`, `check <id>`, `eval`, `bench`, `view <id>`. `npm start` runs `eval` on its
 * defaults. Exit codes: 0 success, 1 a check or command failed, 2 a usage error.
 *
 * @module
 */
import '../registry/builtin.js';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GymError } from '../errors.js';
import { runBench } from './commands/bench.js';
import { runCheck } from './commands/check.js';
import { runEval } from './commands/eval.js';
import { runList } from './commands/list.js';
import { runView } from './commands/view.js';
import { UsageError } from './usage.js';

/** Top-level help. */
export const MAIN_HELP = `Usage: residual-gym <command> [options]

Commands:
  list              the registered env ids, their limits and base policies
  check <id>...     run checkEnv on env ids ('all' for every id)
  eval              evaluate every task's base policy; writes results/eval.json and eval.svg
  bench             env steps/s, env/raw-physics ratio and ResidualWrapper overhead per task
  view <id>         record an episode into a self-contained HTML replay (--live: stream to the browser)

Run 'residual-gym <command> --help' for a command's options.
`;

const COMMANDS: Readonly<Record<string, (argv: readonly string[]) => number>> = {
  list: runList,
  check: runCheck,
  eval: runEval,
  bench: runBench,
  view: runView,
};

/**
 * Runs the CLI with `argv` (without the node and script paths) and returns the exit code. Usage errors and
 * the package's typed errors print one clear line; anything else is a bug and keeps its stack.
 */
export function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(MAIN_HELP);
      return command === undefined ? 2 : 0;
    }
    const run = COMMANDS[command];
    if (run === undefined) {
      throw new UsageError(`unknown command '${command}'; commands: ${Object.keys(COMMANDS).join(', ')}`);
    }
    return run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`residual-gym: ${err.message}\n`);
      return 2;
    }
    if (err instanceof GymError) {
      process.stderr.write(`residual-gym: ${err.name} (${err.code}): ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = main(process.argv.slice(2));
