// Two engines, each with its own scheduler and its own connection pool to one PostgreSQL store, fire a schedule
// ticking every second (real time): each tick once, none missed.

import { createTempProject, waitFor } from '@skill/test-kit';
import type { ExecutionRecord, StepExecutor } from '@skill/workflow-model';
import { openStore } from '@skill/workflow-store';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresUrl } from '../../test/postgres-url.js';
import { createEngine } from '../engine.js';
import { startScheduler } from './scheduler.js';

const url = postgresUrl();

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const noop: StepExecutor = { type: 'noop', run: async () => ({ output: 'ok' }) };

describe.skipIf(!url)('schedules on two servers sharing PostgreSQL', () => {
  it('a schedule ticking every second fires 10 times in 10 s, each tick once', { timeout: 90_000 }, async () => {
    const name = `tick_${process.pid}_${Date.now()}`; // the database is shared with earlier runs
    const temp = await createTempProject({
      [name]: `version = "1"\nname = "${name}"\n[[triggers]]\ncron = "* * * * * *"\noverlap = "allow"\n[[steps]]\nid = "a"\nstep_type = "noop"\nargs = {}\n`,
    });
    cleanups.push(() => temp.cleanup());
    const servers = await Promise.all(
      [1, 2].map(async () => {
        const store = await openStore(url);
        const engine = createEngine({ cwd: temp.dir, store, executors: [noop] });
        const scheduler = await startScheduler(engine);
        cleanups.push(async () => {
          await scheduler.stop();
          await engine.shutdown({ graceMs: 0 });
          await store.close?.();
        });
        return { engine, scheduler };
      }),
    );
    const [first] = servers;
    if (!first) throw new Error('no server');
    const key = { workflow_name: name, trigger_index: 0 };
    const listTicks = async () => (await first.engine.store.listScheduleTicks?.(key, 1000)) ?? [];
    await waitFor(async () => (await listTicks()).filter((t) => t.outcome === 'started').length >= 12, 60_000);
    for (const { scheduler } of servers) await scheduler.stop();

    const ticks = (await listTicks()).map((t) => t.tick).sort();
    expect(new Set(ticks).size).toBe(ticks.length);
    const times = ticks.map((t) => Date.parse(t));
    const start = times[0] as number;
    // No gap: consecutive seconds from the first tick; 10 ticks in the 10 s that follow it.
    expect(times.map((t) => t - start)).toEqual(times.map((_, i) => i * 1000));
    expect(times.filter((t) => t < start + 10_000)).toHaveLength(10);

    // Each tick started exactly one execution, whichever engine claimed it, recorded with its trigger.
    await waitFor(
      async () =>
        (await first.engine.listExecutions({ workflow_name: name, status: 'completed' })).items.length >= ticks.length,
      30_000,
    );
    const executions: ExecutionRecord[] = (await first.engine.listExecutions({ workflow_name: name, limit: 1000 }))
      .items;
    expect(executions.map((e) => (e.trigger?.type === 'schedule' ? e.trigger.tick : '')).sort()).toEqual(ticks);
    expect(executions.every((e) => e.trigger?.type === 'schedule' && e.trigger.index === 0)).toBe(true);
  });
});
