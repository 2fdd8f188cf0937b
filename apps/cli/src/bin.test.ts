// Spawns the built dist/bin.js for real: exit codes 0/1/2/130 and SIGINT killing the step process.
import { isProcessAlive, waitFor } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { startCli } from '../test/built-cli.js';
import { startSleeper, useCliProject } from '../test/project.js';

const project = useCliProject();

function start(args: string[]) {
  return startCli(args, { cwd: project(), killAfterMs: 15_000 });
}

describe('the built skill binary (dist/bin.js)', () => {
  it('exits 0 for a completed run', async () => {
    const r = await start(['workflow', 'run', 'hello', '--input', 'name=Ada']).result;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ hello completed in /);
  });

  it('exits 1 for a failed run', async () => {
    const r = await start(['workflow', 'run', 'fail', '--json']).result;
    expect(r.code).toBe(1);
    const last = JSON.parse(r.stdout.trimEnd().split('\n').at(-1) ?? '{}') as { type: string; status: string };
    expect(last).toMatchObject({ type: 'workflow_completed', status: 'failed' });
  });

  it('exits 2 for an invalid workflow and for an unknown command', async () => {
    const invalid = await start(['workflow', 'run', 'broken']).result;
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('error UNKNOWN_DEPENDENCY');
    expect(invalid.stderr).not.toMatch(/\n\s+at /);
    const unknown = await start(['frobnicate']).result;
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown command "frobnicate"/);
  });

  it('prints its version', async () => {
    const r = await start(['--version']).result;
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^skill \d+\.\d+\.\d+/);
  });

  it('exits 130 on SIGINT and leaves no step process behind', async () => {
    const { pid, started: run } = await startSleeper(project(), () => start(['workflow', 'run', 'slow']));
    expect(await isProcessAlive(pid)).toBe(true);
    run.child.kill('SIGINT');
    const r = await run.result;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('cancelling…');
    expect(r.stdout).toMatch(/⊘ slow cancelled after /);
    await waitFor(async () => !(await isProcessAlive(pid)), 5000);
  });
});
