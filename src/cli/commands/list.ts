/**
 * `residual-gym list`: the registered env ids with their episode limits, base policies and descriptions.
 *
 * @module
 */
import { basePolicyOf } from '../../registry/builtin.js';
import { envIds, spec } from '../../registry/registry.js';
import { formatTextTable } from '../table.js';
import { parseCommand } from '../usage.js';

/** Help text of `residual-gym list`. */
export const LIST_HELP = `Usage: residual-gym list [--json]

Lists every registered env id with its step limit, base policy and description.

Options:
  --json       print the rows as JSON
  -h, --help   this text
`;

/** Runs `residual-gym list`. */
export function runList(argv: readonly string[]): number {
  const { values } = parseCommand('list', argv, { json: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(LIST_HELP);
    return 0;
  }
  const rows = envIds().map((id) => {
    const s = spec(id);
    const residual = s.additionalWrappers.find((w) => w.name === 'ResidualWrapper');
    const policy = residual ? String(residual.kwargs?.policy) : (basePolicyOf(id)?.policy ?? '');
    return { id, maxEpisodeSteps: s.maxEpisodeSteps, basePolicy: policy, description: s.description };
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const table = {
    header: ['id', 'steps', 'base policy', 'description'],
    rows: rows.map((r) => [r.id, String(r.maxEpisodeSteps ?? '-'), r.basePolicy || '-', r.description]),
  };
  process.stdout.write(`${formatTextTable(table)}\n`);
  return 0;
}
