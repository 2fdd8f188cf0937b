import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isWorkflowError, type WorkflowError } from '@skill/workflow-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessSpec } from './process-spec.js';
import { runProcess } from './run-process.js';
import { type SpawnerKind, spawnerState, warmUpSpawner } from './spawner-client.js';

let baseDir: string;

beforeAll(async () => {
  baseDir = await mkdtemp(join(tmpdir(), 'spawner-client-test-'));
});
afterAll(async () => {
  await rm(baseDir, { recursive: true, force: true });
});

function spec(script: string, extra: Partial<ProcessSpec> = {}): ProcessSpec {
  return {
    file: '/bin/sh',
    args: ['-c', script],
    cwd: baseDir,
    env: { ...process.env },
    signal: new AbortController().signal,
    outputLimitBytes: 1024 * 1024,
    killGraceMs: 300,
    drainAfterExitMs: 1000,
    ...extra,
  };
}

async function failure(promise: Promise<unknown>): Promise<WorkflowError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isWorkflowError(error)) throw new Error(`expected a WorkflowError, got ${String(error)}`);
  return error;
}

/** Alive = exists and is not a zombie (PID 1 here may not reap orphans). */
async function isAlive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Waits (bounded) until `check` holds. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 250; i += 1) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The spawner tests, for the program `kind` (the caller sets SKILL_SPAWNER to choose it). */
export function describeSpawner(kind: SpawnerKind): void {
  describe(`spawner (${kind})`, () => {
    it('starts idle without holding the process open, and runs jobs as its children', async () => {
      warmUpSpawner();
      const idle = spawnerState();
      expect(idle).toEqual({ running: true, kind, pid: idle.pid, pendingJobs: 0, referenced: false, starts: 1 });
      expect(typeof idle.pid).toBe('number');
      const running = runProcess(spec('echo $PPID'));
      expect(spawnerState()).toMatchObject({ pendingJobs: 1, referenced: true });
      const outcome = await running;
      expect(outcome).toEqual({
        exitCode: 0,
        exitSignal: null,
        stdout: `${idle.pid}\n`,
        stderr: '',
        stdoutTruncated: false,
        stderrTruncated: false,
        cancelled: false,
      });
      expect(idle.pid).not.toBe(process.pid);
      const after = { running: true, kind, pid: idle.pid, pendingJobs: 0, referenced: false, starts: 1 };
      expect(spawnerState()).toEqual(after);
    });

    it('runs 200 jobs at concurrency 20 with the right outputs', async () => {
      const results: string[] = [];
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < 200) {
          const n = next++;
          const outcome = await runProcess(spec(`echo out-${n}; echo err-${n} >&2; exit ${n % 3}`));
          results[n] = `${outcome.exitCode}|${outcome.stdout}|${outcome.stderr}`;
        }
      };
      await Promise.all(Array.from({ length: 20 }, worker));
      expect(results).toEqual(Array.from({ length: 200 }, (_, n) => `${n % 3}|out-${n}\n|err-${n}\n`));
      expect(spawnerState()).toMatchObject({ running: true, pendingJobs: 0, referenced: false, starts: 1 });
    });

    it('sees variables changed or deleted in process.env after the spawner started', async () => {
      process.env.SPAWNER_TEST_CHANGED = 'before';
      process.env.SPAWNER_TEST_DELETED = 'before';
      warmUpSpawner();
      process.env.SPAWNER_TEST_CHANGED = 'after';
      delete process.env.SPAWNER_TEST_DELETED;
      const script = 'echo "$SPAWNER_TEST_CHANGED/$(printenv SPAWNER_TEST_DELETED || echo unset)/$STEP_VAR"';
      const outcome = await runProcess(spec(script, { env: { ...process.env, STEP_VAR: 'step' } }));
      delete process.env.SPAWNER_TEST_CHANGED;
      expect(outcome.stdout).toBe('after/unset/step\n');
      const bare = await runProcess(spec('env | sort', { env: { PATH: process.env.PATH, ONLY: 'this' } }));
      const marker = /^SKILL_STEP=\d+-[0-9a-f]+\/\d+$/m; // every step's processes carry their step's marker
      expect(bare.stdout).toMatch(marker);
      expect(bare.stdout.replace(marker, '').trim()).toBe(`ONLY=this\nPATH=${process.env.PATH}\nPWD=${baseDir}`);
    });

    it('maps spawn failures in the spawner to the same errors', async () => {
      const missing = await failure(runProcess(spec('', { file: 'no-such-program-xyz', args: [] })));
      expect(missing.code).toBe('COMMAND_NOT_FOUND');
      expect(missing.message).toBe('command not found: no-such-program-xyz');
      const noDir = await failure(runProcess(spec('true', { cwd: join(baseDir, 'nope') })));
      expect(noDir.code).toBe('INVALID_VALUE');
      expect(noDir.message).toBe(`working_dir does not exist: ${join(baseDir, 'nope')}`);
      const script = join(baseDir, 'not-executable.sh');
      await writeFile(script, '#!/bin/sh\necho hi\n');
      await chmod(script, 0o644);
      const denied = await failure(runProcess(spec('', { file: script, args: [] })));
      expect(denied.code).toBe('COMMAND_FAILED');
      expect(denied.message).toBe(`permission denied: ${script} (is it executable?)`);
      const nul = await failure(runProcess(spec('', { file: '/bin/echo', args: ['a\u0000b'] })));
      expect(nul.code).toBe('COMMAND_FAILED');
      const bytes = "The argument 'args[0]' must be a string without null bytes. Received 'a\\x00b'";
      expect(nul.message).toBe(`could not start /bin/echo: ${bytes}`);
      expect(nul.details.causeCode).toBe('ERR_INVALID_ARG_VALUE');
    });

    it('fails the running job clearly when the spawner dies, kills its group, and starts a new spawner', async () => {
      const before = spawnerState();
      const pidFile = join(baseDir, 'orphan-pid');
      const running = runProcess(spec(`sleep 30 & echo $! > ${pidFile}; wait`));
      let sleepPid = 0;
      await until(async () => {
        sleepPid = Number(await readFile(pidFile, 'utf8').catch(() => '0'));
        return sleepPid > 0;
      }, 'the sleep pid');
      process.kill(before.pid as number, 'SIGKILL');
      const error = await failure(running);
      expect(error.code).toBe('COMMAND_FAILED');
      expect(error.message).toBe(
        'the process spawner stopped (killed by SIGKILL) while running /bin/sh; its outcome is unknown',
      );
      expect(error.details.retryable).toBe(true);
      await until(async () => !(await isAlive(sleepPid)), 'the orphaned sleep to die');
      const stopped = { running: false, kind: undefined, pid: undefined, pendingJobs: 0, referenced: false, starts: 1 };
      expect(spawnerState()).toEqual(stopped);
      const again = await runProcess(spec('echo $PPID'));
      const after = spawnerState();
      expect(after).toMatchObject({ running: true, kind, starts: 2 });
      expect(after.pid).not.toBe(before.pid);
      expect(again.stdout).toBe(`${after.pid}\n`);
    });

    it('spawns in-process with SKILL_SPAWNER=0', async () => {
      const chosen = process.env.SKILL_SPAWNER;
      process.env.SKILL_SPAWNER = '0';
      try {
        const outcome = await runProcess(spec('echo $PPID; echo err >&2', { stdin: 'ignored' }));
        expect(outcome.stdout).toBe(`${process.pid}\n`);
        expect(outcome.stderr).toBe('err\n');
        expect(outcome.exitCode).toBe(0);
      } finally {
        if (chosen === undefined) delete process.env.SKILL_SPAWNER;
        else process.env.SKILL_SPAWNER = chosen;
      }
      expect((await runProcess(spec('echo $PPID'))).stdout).toBe(`${spawnerState().pid}\n`);
    });

    it('cancels a job through the spawner: SIGTERM to the group', async () => {
      const controller = new AbortController();
      const running = runProcess(spec('echo started; sleep 30', { signal: controller.signal }));
      await until(() => spawnerState().pendingJobs === 1, 'the job');
      await sleep(100);
      controller.abort();
      const outcome = await running;
      expect(outcome).toEqual({
        exitCode: null,
        exitSignal: 'SIGTERM',
        stdout: 'started\n',
        stderr: '',
        stdoutTruncated: false,
        stderrTruncated: false,
        cancelled: true,
      });
      expect(spawnerState()).toMatchObject({ pendingJobs: 0, referenced: false });
    });
  });
}
