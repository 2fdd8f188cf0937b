// Step output, step errors and workflow text cannot drive the terminal: run, executions show/logs, list (real CLI).
import { describe, expect, it } from 'vitest';
import { runCli } from '../test/built-cli.js';
import { memoryIo, useCliProject } from '../test/project.js';
import { main } from './main.js';

// `noisy` sets the window title, clears the screen, writes the clipboard (OSC 52), then fails with the same on stderr.
const project = useCliProject('noisy');

/** Any escape, bell or C1 control a terminal would act on. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters
const TERMINAL_CONTROL = /[\u0007\u001b\u009b]/;

function skill(args: string[]) {
  return runCli(args, project());
}

// Each case spawns the built CLI several times: on a loaded machine that takes longer than the unit default.
describe('terminal output of untrusted text', { timeout: 90_000 }, () => {
  let executionId = '';

  it('skill workflow run shows the escape codes of step output and errors instead of sending them', () => {
    const run = skill(['workflow', 'run', 'noisy']);
    expect(run.code).toBe(1);
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
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout + result.stderr, args.join(' ')).not.toMatch(TERMINAL_CONTROL);
    }
    expect(skill(['executions', 'show', executionId]).stdout).toContain('␛]0;pwned␇␛[2J␛]52;c;aGk=␇visible');
    expect(skill(['workflow', 'list']).stdout).toContain('looks ␛[8mhidden␛[0m');
  });

  it('keeps the CLI own colours on a colour terminal', async () => {
    const { io, out } = memoryIo(project(), { tty: true });
    expect(await main(['executions', 'show', executionId], io)).toBe(0);
    expect(out.stdout).toContain('\x1b[1m');
    expect(out.stdout).toContain('␛]0;pwned␇');
    expect(out.stdout).not.toContain('\x1b]');
    expect(out.stdout).not.toContain('\x1b[2J');
  });
});
