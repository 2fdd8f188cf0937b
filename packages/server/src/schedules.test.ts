// startServer fires the schedules of its workflows (recorded with their trigger, shown by GET /api/schedules);
// SKILL_SCHEDULES=0 turns them off.
import { createTempProject, fetchJson, waitFor } from '@skill/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv } from './server-config.js';
import { startServer } from './start-server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const TICK =
  'version = "1"\nname = "tick"\n[[triggers]]\ncron = "* * * * * *"\n[[steps]]\nid = "a"\ncommand = "true"\n';

describe('schedules in the server', () => {
  it('fires a per-second schedule and lists its latest ticks', { timeout: 60_000 }, async () => {
    const project = await createTempProject({ tick: TICK }, 'skill-server-');
    cleanups.push(project.cleanup);
    const server = await startServer(configFromEnv({}, { cwd: project.dir, port: 0 }));
    cleanups.push(() => server.close());
    const record = await waitFor(async () => {
      const page = await server.engine.listExecutions({ workflow_name: 'tick' });
      return page.items.find((e) => e.status === 'completed');
    }, 30_000);
    expect(record.trigger).toMatchObject({ type: 'schedule', index: 0, tick: expect.stringMatching(/\.000Z$/) });
    const listed = await fetchJson<{ items: { last_ticks: { outcome: string; execution_id?: string }[] }[] }>(
      `${server.url}/api/schedules`,
    );
    const ticks = listed.body.items[0]?.last_ticks ?? [];
    expect(ticks.some((t) => t.outcome === 'started' && t.execution_id !== undefined)).toBe(true);
  });

  it('SKILL_SCHEDULES=0 turns the scheduler off', () => {
    expect(configFromEnv({ SKILL_SCHEDULES: '0' }, { cwd: '/tmp' }).schedules).toBe(false);
    expect(configFromEnv({}, { cwd: '/tmp' }).schedules).toBeUndefined();
  });
});
