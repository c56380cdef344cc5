/** Runs the CLI in-process through `main(argv)` with stdout and stderr captured (shared by CLI tests). */
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

/** The exit code and everything written to stdout and stderr. */
export function runCli(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  try {
    return { code: main(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
