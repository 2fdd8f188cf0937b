// What only the spawner runners do: a helper started lazily, idle without holding the engine open, restarted when
// it dies, closed on request; for the C spawner (where built) and the Node one.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessAlive, useTempDir, waitFor } from '@skill/test-kit';
import { isWorkflowError } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { shellSpec } from '../../test/shell-spec.js';
import type { ProcessSpec } from './process-spec.js';
import { nativeSpawnerBuilt, type SpawnerKind, SpawnerRunner } from './spawner-runner.js';

const baseDir = useTempDir('spawner-runner-test-');

const spec = (script: string, extra: Partial<ProcessSpec> = {}): ProcessSpec => shellSpec(baseDir(), script, extra);

const kinds: SpawnerKind[] = nativeSpawnerBuilt() ? ['native', 'node'] : ['node'];

describe.each(kinds)('SpawnerRunner (%s)', (kind) => {
  const runner = new SpawnerRunner(kind);

  it('starts idle without holding the process open, and runs jobs as its children', async () => {
    expect(runner.state()).toMatchObject({ running: false, starts: 0 });
    runner.warmUp();
    const idle = runner.state();
    expect(idle).toEqual({ running: true, kind, pid: idle.pid, pendingJobs: 0, referenced: false, starts: 1 });
    const running = runner.run(spec('echo $PPID'));
    await waitFor(() => runner.state().pendingJobs === 1);
    expect(runner.state()).toMatchObject({ referenced: true });
    expect((await running).stdout).toBe(`${idle.pid}\n`);
    expect(runner.state()).toEqual({ ...idle, pendingJobs: 0, referenced: false });
  });

  it('sees variables changed or deleted in process.env after the spawner started', async () => {
    process.env.SPAWNER_TEST_CHANGED = 'before';
    process.env.SPAWNER_TEST_DELETED = 'before';
    runner.warmUp();
    process.env.SPAWNER_TEST_CHANGED = 'after';
    delete process.env.SPAWNER_TEST_DELETED;
    const script = 'echo "$SPAWNER_TEST_CHANGED/$(printenv SPAWNER_TEST_DELETED || echo unset)/$STEP_VAR"';
    const outcome = await runner.run(spec(script, { env: { ...process.env, STEP_VAR: 'step' } }));
    delete process.env.SPAWNER_TEST_CHANGED;
    expect(outcome.stdout).toBe('after/unset/step\n');
  });

  it('gives each job of a burst that ends together its own outcome (replies are handled a slice per turn)', async () => {
    const jobs = Array.from({ length: 48 }, (_, i) => runner.run(spec(`echo job-${i}; exit ${i % 3}`)));
    const outcomes = await Promise.all(jobs);
    expect(outcomes.map((o) => [o.stdout, o.exitCode])).toEqual(jobs.map((_, i) => [`job-${i}\n`, i % 3]));
    expect(runner.state().pendingJobs).toBe(0);
  });

  it('fails the running job clearly when the spawner dies, kills its group, and starts a new spawner', async () => {
    const before = runner.state();
    const pidFile = join(baseDir(), `orphan-pid-${kind}`);
    const running = runner.run(spec(`sleep 30 & echo $! > ${pidFile}; wait`));
    let sleepPid = 0;
    await waitFor(async () => {
      sleepPid = Number(await readFile(pidFile, 'utf8').catch(() => '0'));
      return sleepPid > 0;
    });
    process.kill(before.pid as number, 'SIGKILL');
    const error = await running.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isWorkflowError(error)) throw new Error(`expected a WorkflowError, got ${String(error)}`);
    expect([error.code, error.details.retryable]).toEqual(['COMMAND_FAILED', true]);
    expect(error.message).toBe(
      'the process spawner stopped (killed by SIGKILL) while running /bin/sh; its outcome is unknown',
    );
    await waitFor(async () => !(await isProcessAlive(sleepPid)));
    expect(runner.state()).toMatchObject({ running: false, starts: before.starts });
    const again = await runner.run(spec('echo $PPID'));
    const after = runner.state();
    expect(after).toMatchObject({ running: true, kind, starts: before.starts + 1 });
    expect(again.stdout).toBe(`${after.pid}\n`);
  });

  it('close() ends the spawner, which kills what it runs; the next run starts a new one', async () => {
    runner.warmUp();
    const { pid } = runner.state();
    const running = runner.run(spec('sleep 30 & echo $!; wait'));
    await waitFor(() => runner.state().pendingJobs === 1);
    runner.close();
    await expect(running).rejects.toMatchObject({ code: 'COMMAND_FAILED' });
    await waitFor(async () => !(await isProcessAlive(pid as number)));
    expect((await runner.run(spec('echo again'))).stdout).toBe('again\n');
    expect(runner.state().pid).not.toBe(pid);
  });
});
