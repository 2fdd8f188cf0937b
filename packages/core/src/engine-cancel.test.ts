// engine.cancel and engine.requireExecution: here, across engines sharing one SQLite file (as a CLI run and a server
// are), already finished, and with the owning process gone (before the cancel and while it waits).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { waitFor, workflowFixture } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { useEngines } from '../test/engine-fixture.js';
import type { Engine } from './engine-types.js';

const engines = useEngines('skill-cancel-');
const slow = workflowFixture('slow');

const waitRunning = (engine: Engine, id: string) =>
  waitFor(async () => (await engine.getExecution(id))?.steps.wait?.status === 'running');

/** A recorded execution whose workflow_started names `owner` as the process running it (nothing runs it here). */
async function ownedBy(engine: Engine, owner: { host: string; pid: number }): Promise<string> {
  const started = await engine.start(slow, {}, { handOff: () => {} });
  await engine.store.appendEvent(started.executionId, { type: 'workflow_started', inputs: {}, owner });
  return started.executionId;
}

describe('engine.cancel', () => {
  it('stops an execution of this engine and, with wait, resolves with its final record', async () => {
    const { runner } = await engines.twoEngines();
    const started = await runner.start(slow);
    await waitRunning(runner, started.executionId);
    const result = await runner.cancel(started.executionId, { reason: 'enough', wait: true });
    expect(result).toMatchObject({ outcome: 'cancelling', ended: true, record: { status: 'cancelled' } });
    expect(result.record.steps.wait?.status).toBe('cancelled');
    expect(result.record.error).toMatchObject({ code: 'CANCELLED', message: 'enough' });
  });

  it('reaches an execution another engine runs (its cancel poller) and waits for its end', async () => {
    const { runner, other } = await engines.twoEngines();
    const started = await runner.start(slow);
    await waitRunning(other, started.executionId);
    const result = await other.cancel(started.executionId, { reason: 'stopped from the dashboard', wait: true });
    expect(result).toMatchObject({ outcome: 'requested', ended: true, record: { status: 'cancelled' } });
    expect(result.record.error).toMatchObject({ code: 'CANCELLED', message: 'stopped from the dashboard' });
    expect(result.record.steps.wait?.status).toBe('cancelled');
    expect((await started.done).status).toBe('cancelled');
  });

  it('only records the request without wait', async () => {
    const { runner, other } = await engines.twoEngines();
    const started = await runner.start(slow);
    await waitRunning(other, started.executionId);
    const result = await other.cancel(started.executionId);
    expect(result).toMatchObject({ outcome: 'requested', ended: false, record: { status: 'running' } });
    expect(await started.done).toMatchObject({ status: 'cancelled', error: { message: 'execution cancelled' } });
  });

  it('says not_running for an execution that has ended, and throws EXECUTION_NOT_FOUND for an unknown one', async () => {
    const { runner, other } = await engines.twoEngines();
    const record = await runner.run(workflowFixture('quick'));
    const result = await other.cancel(record.id, { wait: true });
    expect(result).toMatchObject({ outcome: 'not_running', ended: true, record: { status: 'completed' } });
    await expect(other.cancel('no-such-execution')).rejects.toMatchObject({ code: 'EXECUTION_NOT_FOUND' });
  });

  it('cancels in the store at once an execution whose process is gone; it is not resumed later', async () => {
    const { runner, other } = await engines.twoEngines();
    const started = await runner.start(slow);
    await waitRunning(other, started.executionId);
    await runner.shutdown({ graceMs: 0 }); // leaves it `running` in the store, as a crash would
    expect((await other.requireExecution(started.executionId)).status).toBe('interrupted');
    const result = await other.cancel(started.executionId, { reason: 'nobody ran it', wait: true });
    expect(result).toMatchObject({ outcome: 'cancelled', ended: true, record: { status: 'cancelled' } });
    expect(result.record.steps.wait?.status).toBe('cancelled');
    expect(await other.resumeUnfinished()).toEqual([]);
  });

  it('cancels in the store when the owning process dies while cancel waits', async () => {
    const { other } = await engines.twoEngines();
    const owner = spawn('sleep', ['30'], { stdio: 'ignore' });
    const id = await ownedBy(other, { host: hostname(), pid: owner.pid as number });
    const cancelled = other.cancel(id, { reason: 'stop', wait: true });
    await waitFor(async () => ((await other.store.cancelRequests?.([id])) ?? new Map()).size > 0);
    owner.kill('SIGKILL');
    await once(owner, 'exit');
    expect(await cancelled).toMatchObject({ outcome: 'cancelled', ended: true, record: { status: 'cancelled' } });
  });

  it('reports when the execution did not end in time (its process lives on another host)', async () => {
    const { other } = await engines.twoEngines();
    const id = await ownedBy(other, { host: `not-${hostname()}`, pid: 1 });
    const result = await other.cancel(id, { wait: true, timeoutMs: 300 });
    expect(result).toMatchObject({ outcome: 'requested', ended: false, record: { status: 'running' } });
  });
});

describe('engine.requireExecution', () => {
  it('returns the record as getExecution does and throws EXECUTION_NOT_FOUND for an unknown id', async () => {
    const { engine } = await engines.project();
    const record = await engine.run(workflowFixture('quick'));
    expect(await engine.requireExecution(record.id)).toEqual(await engine.getExecution(record.id));
    await expect(engine.requireExecution('nope')).rejects.toMatchObject({
      code: 'EXECUTION_NOT_FOUND',
      message: 'execution nope not found',
    });
  });
});
