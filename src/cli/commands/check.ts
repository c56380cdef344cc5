/**
 * `residual-gym check <id>`: builds the env with `make` and runs {@link checkEnv} on it.
 *
 * @module
 */
import { checkEnv } from '../../check/check-env.js';
import { envIds, make } from '../../registry/registry.js';
import { integerFlag, parseCommand, UsageError } from '../usage.js';

/** Help text of `residual-gym check`. */
export const CHECK_HELP = `Usage: residual-gym check <id>... [options]

Runs checkEnv (spaces, seeding, step determinism, rollout hashes, state round trip, goal-env invariants)
on each env id; 'all' checks every registered id. Exit code 1 if a check fails.

Options:
  --steps N    length of the hashed random rollouts (default 50)
  -h, --help   this text
`;

/** Runs `residual-gym check`. */
export function runCheck(argv: readonly string[]): number {
  const { values, positionals } = parseCommand('check', argv, { steps: { type: 'string' } });
  if (values.help) {
    process.stdout.write(CHECK_HELP);
    return 0;
  }
  if (positionals.length === 0)
    throw new UsageError("check: name an env id (or 'all'); see 'residual-gym list'");
  const steps = integerFlag('check', 'steps', values.steps, 1) ?? 50;
  const ids = positionals.includes('all') ? envIds() : positionals;
  let failed = 0;
  for (const id of ids) {
    const env = make(id); // unknown ids throw with a did-you-mean suggestion
    try {
      const report = checkEnv(env, { rolloutSteps: steps, logWarnings: false });
      const warnings = report.warnings.length === 0 ? '' : `, ${report.warnings.length} warning(s)`;
      process.stdout.write(`ok    ${id}: ${report.passed.length} checks passed${warnings}\n`);
      for (const w of report.warnings) process.stdout.write(`      warning: ${w}\n`);
    } catch (err) {
      failed++;
      process.stdout.write(`FAIL  ${id}: ${err instanceof Error ? err.message : String(err)}\n`);
    } finally {
      env.close();
    }
  }
  return failed === 0 ? 0 : 1;
}
