// kill -9 of `skill workflow run` (the built CLI): the step's setsid child dies with the engine, the execution shows
// `interrupted`, and `skill executions resume` / `skill workflow retry` continue it, reusing its completed steps.
import { spawnSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { waitFor } from '@skill/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../test/built-cli.js';
import { useCliProject } from '../test/project.js';

/** The argument of the `sleep` that the `escape` workflow's step leaves behind: unique to this test process. */
const MARKER = `1003.${process.pid % 1000}7`;

const project = useCliProject('escape');
afterAll(() => {
  spawnSync('pkill', ['-KILL', '-x', '-f', `sleep ${MARKER}`]);
});

function sleeping(): boolean {
  return spawnSync('pgrep', ['-x', '-f', `sleep ${MARKER}`]).status === 0;
}

function skill(args: string[]) {
  return runCli(args, project());
}

/** Runs `escape` with the built CLI, kills that CLI with SIGKILL once the escaped sleep runs; the execution id. */
async function killedRun(): Promise<string> {
  await rm(path.join(project(), 'second.started'), { force: true });
  const run = startCli(['workflow', 'run', 'escape', '-i', `marker=${MARKER}`, '--json'], { cwd: project() });
  await waitFor(() => sleeping() && run.output.stdout.includes('"step_id":"second"'), 20_000);
  const id = (JSON.parse(run.output.stdout.split('\n')[0] as string) as { execution_id: string }).execution_id;
  run.child.kill('SIGKILL');
  await run.result;
  return id;
}

describe('a run whose CLI process was killed with SIGKILL', () => {
  it('leaves no escaped step process, shows interrupted (logs --follow ends), and resumes under its id reusing completed steps', async () => {
    const id = await killedRun();
    await waitFor(() => !sleeping(), 10_000); // the spawner saw its engine go and killed the marked processes
    const shown = JSON.parse(skill(['executions', 'show', id, '--json']).stdout) as { status: string };
    expect(shown.status).toBe('interrupted');
    const followed = skill(['executions', 'logs', id, '--follow', '--json']); // ends: nothing more will come
    expect(followed.code).toBe(1);
    expect(followed.stdout.trim().split('\n').at(-1)).toMatch(/"type":"step_started"/);

    const resumed = skill(['executions', 'resume', id, '--quiet']);
    expect(resumed.code).toBe(0);
    const after = JSON.parse(skill(['executions', 'show', id, '--json']).stdout) as {
      status: string;
      steps: Record<string, { output: unknown }>;
    };
    expect(after.status).toBe('completed');
    expect(after.steps.second?.output).toBe('two');
    expect((await readFile(path.join(project(), 'first.count'), 'utf8')).trim().split('\n')).toHaveLength(1);
    expect(skill(['executions', 'resume', id]).code).toBe(2); // completed: nothing to resume
  }, 90_000);

  it('is continued by `skill workflow retry` from its unfinished step; a cancel marks it cancelled at once', async () => {
    const id = await killedRun();
    const retried = skill(['workflow', 'retry', id, '--quiet']);
    expect(retried.code).toBe(0);
    expect((await readFile(path.join(project(), 'first.count'), 'utf8')).trim().split('\n')).toHaveLength(2);

    const other = await killedRun();
    const cancelled = skill(['executions', 'cancel', other]);
    expect(cancelled.stdout).toMatch(/cancelled \(the process that ran it was gone\)/);
    expect(cancelled.code).toBe(0);
    const shown = JSON.parse(skill(['executions', 'show', other, '--json']).stdout) as { status: string };
    expect(shown.status).toBe('cancelled');
  }, 120_000);
});
