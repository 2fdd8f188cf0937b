// Two real server processes (dist/main.js) sharing one PostgreSQL database fire a schedule ticking every second:
// 10 ticks in 10 s, each started once by one of them, none missed.
import { createTempProject, waitFor } from '@skill/test-kit';
import { openStore } from '@skill/workflow-core';
import type { ExecutionStore } from '@skill/workflow-model';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../test/server-process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by packages/store/test/postgres-global-setup.ts; '' when no server could be started. */
    postgresUrl: string;
  }
}

const url = inject('postgresUrl') ?? '';
if (!url && process.env.SKILL_REQUIRE_INTEGRATION === '1') throw new Error('PostgreSQL tests required but no server');

const servers: ServerProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const server of servers) {
    if (server.child.exitCode === null) server.child.kill('SIGTERM');
    await server.exited;
  }
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe.skipIf(!url)('two skill servers on one PostgreSQL database', () => {
  it('fire a per-second schedule once per tick, with no gap', { timeout: 120_000 }, async () => {
    const name = `tick_${process.pid}_${Date.now()}`; // the database is shared with earlier runs
    const project = await createTempProject({
      [name]: `version = "1"\nname = "${name}"\n[[triggers]]\ncron = "* * * * * *"\noverlap = "allow"\n[[steps]]\nid = "a"\ncommand = "true"\n`,
    });
    cleanups.push(project.cleanup);
    for (let i = 0; i < 2; i++) servers.push(await startServerProcess(project.dir, { SKILL_DATABASE_URL: url }));
    const store: ExecutionStore = await openStore(url);
    cleanups.push(async () => store.close?.());
    const key = { workflow_name: name, trigger_index: 0 };
    const started = async () =>
      ((await store.listScheduleTicks?.(key, 1000)) ?? []).filter((t) => t.outcome === 'started');
    await waitFor(async () => (await started()).length >= 12, 90_000);
    for (const server of servers) server.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));

    const ticks = ((await store.listScheduleTicks?.(key, 1000)) ?? []).map((t) => t.tick).sort();
    const times = ticks.map((t) => Date.parse(t));
    const first = times[0] as number;
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(times.map((t) => t - first)).toEqual(times.map((_, i) => i * 1000));
    expect(times.filter((t) => t < first + 10_000)).toHaveLength(10);
    const executions = (await store.listExecutions({ workflow_name: name, limit: 1000 })).items;
    const byTick = executions.map((e) => (e.trigger?.type === 'schedule' ? e.trigger.tick : '')).sort();
    expect(byTick).toEqual(ticks);
  });
});
