/**
 * The CLI: subcommands run in-process through `main(argv)`, usage mistakes exit 2 with a message naming
 * the flag, and `eval` writes its JSON and SVG.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvalResult } from '../../src/cli/commands/eval.js';
import { formatTextTable } from '../../src/cli/table.js';
import { runCli as capture } from './run-cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('residual-gym CLI', () => {
  it('prints help for the program and every command, exit 0', () => {
    expect(capture(['--help']).out).toContain('Commands:');
    for (const c of ['list', 'check', 'eval', 'bench']) {
      const r = capture([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`residual-gym ${c}`);
    }
  });

  it('rejects unknown commands, unknown flags and bad values with exit 2 and a message', () => {
    const a = capture(['frobnicate']);
    expect(a.code).toBe(2);
    expect(a.err).toContain("unknown command 'frobnicate'");
    const b = capture(['eval', '--bogus']);
    expect(b.code).toBe(2);
    expect(b.err).toContain('--bogus');
    const c = capture(['eval', '--episodes', 'many']);
    expect(c.code).toBe(2);
    expect(c.err).toContain("--episodes must be an integer >= 1, got 'many'");
    const d = capture(['eval', '--policy', 'best']);
    expect(d.code).toBe(2);
    expect(d.err).toContain('--policy must be one of base, zero-residual, random');
    const e = capture(['eval', '--tasks', 'Pushh-v0']);
    expect(e.code).toBe(2);
    expect(e.err).toContain('unknown task(s) Pushh-v0');
  });

  it('list shows every id; check runs checkEnv and suggests names for typos', () => {
    const l = capture(['list', '--json']);
    const ids = (JSON.parse(l.out) as { id: string }[]).map((r) => r.id);
    expect(ids).toContain('ResidualSlipperyPush-v0');
    const ok = capture(['check', 'SlipperyPush-v0', '--steps', '10']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^ok {4}SlipperyPush-v0: \d+ checks passed/);
    const typo = capture(['check', 'SlipperyPsh-v0']);
    expect(typo.code).toBe(1);
    expect(typo.err).toContain("Did you mean 'SlipperyPush-v0'?");
  });

  it('eval writes results JSON and an SVG chart; zero-residual equals base', () => {
    const out = mkdtempSync(join(tmpdir(), 'rg-eval-'));
    dirs.push(out);
    const args = ['--episodes', '3', '--tasks', 'SlipperyPush-v0,PickAndPlace-v0', '--out', out];
    const base = capture(['eval', ...args]);
    expect(base.code).toBe(0);
    expect(base.out).toContain('SlipperyPush-v0');
    const baseJson = JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8')) as EvalResult;
    expect(baseJson.rows.map((r) => r.envId)).toEqual(['SlipperyPush-v0', 'PickAndPlace-v0']);
    expect(baseJson.rows.every((r) => r.episodes === 3)).toBe(true);
    expect(readFileSync(join(out, 'eval.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
    capture(['eval', ...args, '--policy', 'zero-residual']);
    const zero = JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8')) as EvalResult;
    expect(zero.rows.map((r) => r.envId)).toEqual(['ResidualSlipperyPush-v0', 'ResidualPickAndPlace-v0']);
    expect(zero.rows.map((r) => [r.successes, r.meanReturn, r.meanFinalDistance_m])).toEqual(
      baseJson.rows.map((r) => [r.successes, r.meanReturn, r.meanFinalDistance_m]),
    );
  });

  it('formats tables with aligned columns', () => {
    expect(
      formatTextTable({
        header: ['a', 'n'],
        rows: [
          ['xy', '1.5'],
          ['z', '10'],
        ],
      }),
    ).toBe('a   n\n--  ---\nxy  1.5\nz    10');
  });
});
