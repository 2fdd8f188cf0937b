// Cancel across processes: two engines sharing one SQLite file, as a CLI run and a server (or two servers) do.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '@skill/workflow-store';
import { afterAll, describe, expect, it } from 'vitest';
import { CANCEL_POLL_MS } from './cancel-poller.js';
import { createEngine } from './engine.js';

const dir = await mkdtemp(path.join(tmpdir(), 'skill-cross-cancel-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const slow = `
version = "1"
name = "slow"
[[steps]]
id = "quick"
command = "true"
[[steps]]
id = "wait"
depends_on = ["quick"]
command = "sleep 30"
`;

/** Two engines on the same database file, each with its own store connection. */
async function twoEngines(file: string) {
  const stores = [await openSqliteStore(file), await openSqliteStore(file)] as const;
  const [runner, other] = stores.map((store) => createEngine({ cwd: dir, store }));
  return { runner: runner as ReturnType<typeof createEngine>, other: other as ReturnType<typeof createEngine>, stores };
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('requestCancel across engines sharing a store', () => {
  it('cancels an execution another engine runs, within a poll or two, with the reason given', async () => {
    const { runner, other, stores } = await twoEngines(path.join(dir, 'shared.db'));
    const started = await runner.start(slow);
    await until(async () => (await other.getExecution(started.executionId))?.steps.wait?.status === 'running', 'wait');
    const asked = performance.now();
    expect(other.cancel(started.executionId)).toBe(false); // not run by `other` itself
    expect(await other.requestCancel(started.executionId, 'stopped from the dashboard')).toBe('requested');
    const record = await started.done;
    expect(performance.now() - asked).toBeLessThan(CANCEL_POLL_MS * 2 + 3000); // a poll, then SIGTERM to `sleep`
    expect(record.status).toBe('cancelled');
    expect(record.error).toMatchObject({ code: 'CANCELLED', message: 'stopped from the dashboard' });
    expect(record.steps.quick?.status).toBe('completed');
    expect(record.steps.wait?.status).toBe('cancelled');
    expect(await other.requestCancel(started.executionId)).toBe('not_running');
    expect(await runner.requestCancel('no-such-execution')).toBe('not_running');
    for (const store of stores) await store.close();
  });

  it('cancels locally at once when the engine asked runs the execution itself', async () => {
    const { runner, stores } = await twoEngines(path.join(dir, 'local.db'));
    const started = await runner.start(slow);
    await until(async () => (await runner.getExecution(started.executionId))?.steps.wait?.status === 'running', 'wait');
    expect(await runner.requestCancel(started.executionId, 'enough')).toBe('cancelling');
    expect((await started.done).status).toBe('cancelled');
    for (const store of stores) await store.close();
  });

  it('cancels at once, in the store, an unfinished execution that no process runs any more', async () => {
    const file = path.join(dir, 'orphan.db');
    const first = await twoEngines(file);
    const started = await first.runner.start(slow);
    await until(
      async () => (await first.other.getExecution(started.executionId))?.steps.wait?.status === 'running',
      'wait',
    );
    await first.runner.shutdown({ graceMs: 20 }); // leaves it `running` in the store, as a crash would
    expect((await first.other.getExecution(started.executionId))?.status).toBe('interrupted');
    expect(await first.other.requestCancel(started.executionId, 'cancelled while nobody ran it')).toBe('cancelled');
    for (const store of first.stores) await store.close();

    const store = await openSqliteStore(file);
    const engine = createEngine({ cwd: dir, store });
    expect(await engine.resumeUnfinished()).toEqual([]);
    const record = await engine.getExecution(started.executionId);
    expect(record?.status).toBe('cancelled');
    expect(record?.steps.wait?.status).toBe('cancelled');
    await store.close();
  });
});
