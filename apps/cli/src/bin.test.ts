// Spawns the built dist/bin.js for real: exit codes 0/1/2/130 and SIGINT killing the step process.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, processAlive, waitFor } from '../test/project.js';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

let dir = '';
let cleanup: () => Promise<void> = async () => {};

beforeAll(async () => {
  ({ dir, cleanup } = await createProject());
});
afterAll(() => cleanup());

function start(args: string[]): {
  child: ChildProcess;
  result: Promise<{ code: number | null; stdout: string; stderr: string }>;
} {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run pnpm build first (the spawn tests run the built CLI)`);
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const result = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`skill ${args.join(' ')} did not finish in 15s`));
    }, 15_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, result };
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
    const pidFile = path.join(dir, 'sleeper.pid');
    const run = start(['workflow', 'run', 'slow']);
    await waitFor(async () => existsSync(pidFile) && (await readFile(pidFile, 'utf8')).trim() !== '');
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    expect(processAlive(pid)).toBe(true);
    run.child.kill('SIGINT');
    const r = await run.result;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('cancelling…');
    expect(r.stdout).toMatch(/⊘ slow cancelled after /);
    await waitFor(() => !processAlive(pid), 5000);
  });
});
