// Step output, step errors and workflow text cannot drive the terminal: run, executions show/logs, list (real CLI).
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, memoryIo } from '../test/project.js';
import { main } from './main.js';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** Sets the window title, clears the screen, writes the clipboard (OSC 52), then fails with the same on stderr. */
const NOISY = `version = "1"
name = "noisy"
description = "looks \\u001b[8mhidden\\u001b[0m"

[[steps]]
id = "shout"
step_type = "command"
command = 'printf "\\033]0;pwned\\007\\033[2J\\033]52;c;aGk=\\007visible\\n"'

[[steps]]
id = "fail"
step_type = "command"
depends_on = ["shout"]
command = 'printf "\\033[2Jerr\\033]0;t\\007\\n" >&2; exit 3'
`;

/** Any escape, bell or C1 control a terminal would act on. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters
const TERMINAL_CONTROL = /[\u0007\u001b\u009b]/;

let dir = '';
let cleanup: () => Promise<void> = async () => {};

beforeAll(async () => {
  ({ dir, cleanup } = await createProject());
  await writeFile(path.join(dir, '.workflows', 'noisy.toml'), NOISY);
});
afterAll(() => cleanup());

function skill(args: string[]): SpawnSyncReturns<string> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run pnpm build first (these tests run the built CLI)`);
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('terminal output of untrusted text', () => {
  let executionId = '';

  it('skill workflow run shows the escape codes of step output and errors instead of sending them', () => {
    const run = skill(['workflow', 'run', 'noisy']);
    expect(run.status).toBe(1);
    const all = run.stdout + run.stderr;
    executionId = run.stdout.match(/execution ([0-9a-f-]{36})/)?.[1] ?? '';
    expect(executionId).not.toBe('');
    expect(all).not.toMatch(TERMINAL_CONTROL);
    expect(all).toContain('command exited with code 3: ␛[2Jerr␛]0;t␇');
  });

  it('skill executions show, logs and list, and skill workflow list, show them too', () => {
    for (const args of [
      ['executions', 'show', executionId],
      ['executions', 'logs', executionId],
      ['executions', 'logs', executionId, '--json'],
      ['executions', 'show', executionId, '--json'],
      ['workflow', 'list'],
    ]) {
      const result = skill(args);
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stdout + result.stderr, args.join(' ')).not.toMatch(TERMINAL_CONTROL);
    }
    expect(skill(['executions', 'show', executionId]).stdout).toContain('␛]0;pwned␇␛[2J␛]52;c;aGk=␇visible');
    expect(skill(['workflow', 'list']).stdout).toContain('looks ␛[8mhidden␛[0m');
  });

  it('keeps the CLI own colours on a colour terminal', async () => {
    const { io, out } = memoryIo(dir, { tty: true });
    expect(await main(['executions', 'show', executionId], io)).toBe(0);
    expect(out.stdout).toContain('\x1b[1m');
    expect(out.stdout).toContain('␛]0;pwned␇');
    expect(out.stdout).not.toContain('\x1b]');
    expect(out.stdout).not.toContain('\x1b[2J');
  });
});
