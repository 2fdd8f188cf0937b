// Every malformed workflow of the parser's fixture set, run through `skill workflow run`: exit 2, a located
// readable error for each expected diagnostic, nothing on stdout, never a stack trace.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../test/project.js';
import { main } from './main.js';

const fixtures = path.resolve(import.meta.dirname, '../../../packages/parser/test/fixtures/invalid');
const files = readdirSync(fixtures).filter((f) => f.endsWith('.toml'));

/** `# expect: CODE line:col ...` lines of a fixture. */
function expectations(file: string): { code: string; line: number; column: number }[] {
  return [...readFileSync(path.join(fixtures, file), 'utf8').matchAll(/^# expect: (\S+) (\d+):(\d+)/gm)].map((m) => ({
    code: m[1] as string,
    line: Number(m[2]),
    column: Number(m[3]),
  }));
}

describe('skill workflow run on malformed workflows', () => {
  it('has at least 30 of them', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it.each(files)('%s: exit 2 with located diagnostics', async (file) => {
    const { io, out } = memoryIo(fixtures);
    const code = await main(['workflow', 'run', file], io);
    expect(code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const expected = expectations(file);
    expect(expected.length).toBeGreaterThan(0);
    for (const { code: diagnostic, line, column } of expected) {
      expect(out.stderr).toContain(`${file}:${line}:${column}: error ${diagnostic}`);
    }
  });
});
