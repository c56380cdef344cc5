/**
 * Plain-text and Markdown tables for command output and benchmark result files.
 *
 * @module
 */

/** A table: a header row and data rows of already formatted cells. */
export interface TextTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** Right-aligns cells that look numeric, left-aligns the rest; columns padded to their widest cell. */
export function formatTextTable(table: TextTable): string {
  const widths = table.header.map((h, c) =>
    Math.max(h.length, ...table.rows.map((r) => (r[c] ?? '').length)),
  );
  const numeric = (s: string) => /^[-+]?[\d.]/.test(s);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (numeric(cell) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(table.header), rule, ...table.rows.map(line)].join('\n');
}

/** The same table in GitHub Markdown. */
export function formatMarkdownTable(table: TextTable): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${table.header.map(esc).join(' | ')} |`,
    `|${table.header.map(() => '---').join('|')}|`,
    ...table.rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}
