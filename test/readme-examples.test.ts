/**
 * Every ```ts block of the README runs as written, importing the package by its name (self-reference through
 * the `source` export condition), in a separate Node process.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
// Inside the package directory (not node_modules) so that `import 'residual-gym'` resolves to this package.
const dir = `${root}.readme-examples/`;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README examples', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });

  it.each(blocks.map((code, i) => [i, code] as const))('block %i runs without error', (i, code) => {
    mkdirSync(dir, { recursive: true });
    const file = `${dir}example-${i}.ts`;
    writeFileSync(file, code);
    const r = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', file], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
