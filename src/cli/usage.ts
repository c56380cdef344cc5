/**
 * Command-line argument parsing for the `residual-gym` CLI: `node:util` `parseArgs` in strict mode, with
 * its errors turned into {@link UsageError}s that name the bad flag and point at `--help`.
 *
 * @module
 */
import { parseArgs } from 'node:util';

/** A command-line mistake: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Option definitions accepted by {@link parseCommand} (the subset of `parseArgs`' config the CLI uses). */
export type OptionSpec = Record<
  string,
  { readonly type: 'string' | 'boolean'; readonly short?: string; readonly default?: string | boolean }
>;

/** Parsed flags and positionals of one subcommand. */
export interface ParsedCommand {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * Parses `argv` strictly (unknown flags and missing values throw {@link UsageError}).
 *
 * @param command - subcommand name, used in messages
 */
export function parseCommand(command: string, argv: readonly string[], options: OptionSpec): ParsedCommand {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedCommand['values'], positionals };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new UsageError(`${command}: ${message}\nRun 'residual-gym ${command} --help' for the options.`);
  }
}

/**
 * Reads a non-negative integer flag.
 *
 * @throws UsageError naming the flag and the value
 */
export function integerFlag(
  command: string,
  name: string,
  value: string | boolean | undefined,
  min: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${command}: --${name} must be an integer >= ${min}, got '${String(value)}'`);
  }
  return n;
}

/**
 * Reads a flag restricted to a set of values.
 *
 * @throws UsageError listing the allowed values
 */
export function choiceFlag<T extends string>(
  command: string,
  name: string,
  value: string | boolean | undefined,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new UsageError(
      `${command}: --${name} must be one of ${choices.join(', ')}, got '${String(value)}'`,
    );
  }
  return value as T;
}
