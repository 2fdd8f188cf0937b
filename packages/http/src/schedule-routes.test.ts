// GET /api/schedules and POST /api/schedules/:workflow/:index/pause|resume; an execution's trigger in the API.
import { describe, expect, it } from 'vitest';
import { useHttpFixture } from '../test/http-fixture.js';

const nightly = `version = "1"
name = "nightly"
[inputs]
env = { type = "string", required = true }
[[triggers]]
cron = "0 3 * * *"
timezone = "Europe/Paris"
inputs = { env = "prod" }
[[triggers]]
cron = "*/10 * * * * *"
overlap = "queue"
catch_up = "latest"
inputs = { env = "staging" }
[[steps]]
id = "a"
command = "true"
`;

describe('schedule routes', () => {
  const fx = useHttpFixture({
    nightly,
    plain: 'version = "1"\nname = "plain"\n[[steps]]\nid = "a"\ncommand = "true"\n',
  });

  it('lists schedules with next fire times, policies and latest ticks', async () => {
    const { status, body } = await fx().api('/api/schedules');
    expect(status).toBe(200);
    const items = (body as { items: Record<string, unknown>[] }).items;
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      workflow_name: 'nightly',
      trigger_index: 0,
      cron: '0 3 * * *',
      timezone: 'Europe/Paris',
      overlap: 'skip',
      catch_up: 'none',
      inputs: { env: 'prod' },
      paused: false,
      last_ticks: [],
    });
    // 03:00 in Paris is 01:00 or 02:00 UTC, depending on summer time.
    expect([1, 2]).toContain(new Date(String(items[0]?.next_fire)).getUTCHours());
    expect(items[1]).toMatchObject({ trigger_index: 1, timezone: 'UTC', overlap: 'queue', catch_up: 'latest' });
  });

  it('pauses and resumes one schedule', async () => {
    const paused = await fx().api('/api/schedules/nightly/1/pause', { method: 'POST' });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ workflow_name: 'nightly', trigger_index: 1, paused: true });
    expect((paused.body as Record<string, unknown>).next_fire).toBeUndefined();
    const listed = (await fx().api('/api/schedules')).body as { items: { paused: boolean }[] };
    expect(listed.items.map((s) => s.paused)).toEqual([false, true]);
    const resumed = await fx().api('/api/schedules/nightly/1/resume', { method: 'POST' });
    expect(resumed.body).toMatchObject({ paused: false, next_fire: expect.any(String) });
  });

  it('answers 404 for a trigger the workflow lacks and 400 for a malformed name or index', async () => {
    const missing = await fx().api('/api/schedules/nightly/2/pause', { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'WORKFLOW_NOT_FOUND' } });
    expect((await fx().api('/api/schedules/plain/0/pause', { method: 'POST' })).status).toBe(404);
    for (const bad of [
      '/api/schedules/nightly/x/pause',
      '/api/schedules/nightly/-1/pause',
      '/api/schedules/nightly/99/resume',
      '/api/schedules/..%2Fetc/0/pause',
    ]) {
      const reply = await fx().api(bad, { method: 'POST' });
      expect(reply.status, bad).toBe(400);
    }
  });

  it("shows an execution's trigger", async () => {
    const started = await fx().engine.start(
      'nightly',
      { env: 'prod' },
      {
        trigger: { type: 'schedule', index: 0, tick: '2026-01-01T02:00:00.000Z' },
      },
    );
    await started.done;
    const { body } = await fx().api(`/api/executions/${started.executionId}`);
    expect(body).toMatchObject({ trigger: { type: 'schedule', index: 0, tick: '2026-01-01T02:00:00.000Z' } });
  });
});
