// kill -9 of `skill workflow run` (the built CLI): the step's setsid child dies with the engine, the execution shows
// `interrupted`, and `skill executions resume` / `skill workflow retry` continue it, reusing its completed steps.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, waitFor } from '../test/project.js';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const SLEEP = `1003.${process.pid % 1000}7`;

/** `first` counts its runs; `second` escapes with setsid and hangs on its first run, finishes on later ones. */
const WORKFLOW = `version = "1"
name = "escape"

[[steps]]
id = "first"
step_type = "command"
command = "echo run >> first.count; echo one"

[[steps]]
id = "second"
step_type = "command"
depends_on = ["first"]
command = "if [ -f second.started ]; then echo two; else touch second.started; (setsid sleep ${SLEEP} </dev/null >/dev/null 2>&1 &); sleep 60; fi"
`;

let dir = '';
let cleanup: () => Promise<void> = async () => {};

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run pnpm build first`);
  ({ dir, cleanup } = await createProject());
  await writeFile(path.join(dir, '.workflows', 'escape.toml'), WORKFLOW);
});
afterAll(async () => {
  spawnSync('pkill', ['-KILL', '-x', '-f', `sleep ${SLEEP}`]);
  await cleanup();
});

function sleeping(): boolean {
  return spawnSync('pgrep', ['-x', '-f', `sleep ${SLEEP}`]).status === 0;
}

function skill(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function killedRun(): Promise<string> {
  await rm(path.join(dir, 'second.started'), { force: true });
  const args = [BIN, 'workflow', 'run', 'escape', '--json'];
  const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  await waitFor(() => sleeping() && stdout.includes('"step_id":"second"'), 20_000);
  const id = (JSON.parse(stdout.split('\n')[0] as string) as { execution_id: string }).execution_id;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
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
    expect((await readFile(path.join(dir, 'first.count'), 'utf8')).trim().split('\n')).toHaveLength(1);
    expect(skill(['executions', 'resume', id]).code).toBe(2); // completed: nothing to resume
  }, 90_000);

  it('is continued by `skill workflow retry` from its unfinished step; a cancel marks it cancelled at once', async () => {
    const id = await killedRun();
    const retried = skill(['workflow', 'retry', id, '--quiet']);
    expect(retried.code).toBe(0);
    expect((await readFile(path.join(dir, 'first.count'), 'utf8')).trim().split('\n')).toHaveLength(2);

    const other = await killedRun();
    const cancelled = skill(['executions', 'cancel', other]);
    expect(cancelled.stdout).toMatch(/cancelled \(the process that ran it was gone\)/);
    expect(cancelled.code).toBe(0);
    const shown = JSON.parse(skill(['executions', 'show', other, '--json']).stdout) as { status: string };
    expect(shown.status).toBe('cancelled');
  }, 120_000);
});
