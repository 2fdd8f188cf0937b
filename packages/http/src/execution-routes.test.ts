// /api/executions: show, list with filters and cursor paging, cancel, retry, events and step logs.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive, waitFor, workflowFixtures } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { httpWorkflows, useHttpFixture } from '../test/http-fixture.js';

describe('execution routes', () => {
  const fx = useHttpFixture({
    ...workflowFixtures('quick', 'slow', 'chatty'),
    ...httpWorkflows('other', 'flaky'),
  });

  it('GET /api/executions/:id returns the record; 404 for an unknown id', async () => {
    const run = await fx().api('/api/workflows/quick/execute', { body: {} });
    const reply = await fx().api(`/api/executions/${run.body.id}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: run.body.id, workflow_name: 'quick', status: 'completed', last_seq: 8 });
    expect(reply.body.steps.two).toMatchObject({ status: 'completed', output: 2 });
    const missing = await fx().api('/api/executions/no-such-id');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      code: 'EXECUTION_NOT_FOUND',
      message: 'execution no-such-id not found',
      details: {},
    });
  });

  it('answers 404, never 500, for ids and filters holding a NUL (PostgreSQL text cannot hold one)', async () => {
    const run = await fx().api('/api/workflows/quick/execute', { body: {} });
    for (const path of [
      `/api/executions/${run.body.id}%00`,
      '/api/executions/%00',
      `/api/executions/${run.body.id}%00/events`,
    ]) {
      const reply = await fx().api(path);
      expect(reply.status).toBe(404);
      expect(reply.body.error.code).toBe('EXECUTION_NOT_FOUND');
    }
    const cancel = await fx().api(`/api/executions/${run.body.id}%00x/cancel`, { body: {} });
    expect(cancel.status).toBe(404);
    const filtered = await fx().api('/api/executions?workflow_name=quick%00');
    expect(filtered.status).toBe(200);
    expect(filtered.body.items).toEqual([]);
  });

  it('GET /api/executions filters by workflow and status and pages with the cursor', async () => {
    const quickIds: string[] = [];
    for (let i = 0; i < 5; i++) quickIds.push((await fx().api('/api/workflows/quick/execute', { body: {} })).body.id);
    await fx().api('/api/workflows/other/execute', { body: {} });
    const all = await fx().api('/api/executions?workflow_name=quick&status=completed&limit=100');
    expect(all.status).toBe(200);
    expect(all.body.next_cursor).toBeNull();
    expect(all.body.items.every((e: { workflow_name: string }) => e.workflow_name === 'quick')).toBe(true);
    // Newest first: the five just made lead the list.
    const newest = all.body.items.slice(0, 5).map((e: { id: string }) => e.id);
    expect(newest).toEqual([...quickIds].reverse());
    expect(all.body.items[0].definition).toBeUndefined();

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const query: string = `/api/executions?workflow_name=quick&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const reply = await fx().api(query);
      expect(reply.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...reply.body.items.map((e: { id: string }) => e.id));
      cursor = reply.body.next_cursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(all.body.items.map((e: { id: string }) => e.id));

    const others = await fx().api('/api/executions?workflow_name=other');
    expect(others.body.items).toHaveLength(1);
    const failed = await fx().api('/api/executions?status=failed&workflow_name=quick');
    expect(failed.body.items).toEqual([]);
  });

  it('GET /api/executions rejects a bad status or limit with 400', async () => {
    const status = await fx().api('/api/executions?status=done');
    expect(status.status).toBe(400);
    expect(status.body.error).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'status' } });
    for (const limit of ['0', '-1', 'ten', '1001']) {
      const reply = await fx().api(`/api/executions?limit=${limit}`);
      expect(reply.status, limit).toBe(400);
      expect(reply.body.error.details.field).toBe('limit');
    }
  });

  it('POST /api/executions/:id/cancel stops a running sleep 30 and kills its process', async () => {
    const started = await fx().api('/api/workflows/slow/execute', { body: { async_execution: true } });
    expect(started.status).toBe(202);
    const id = started.body.execution_id as string;
    const pidFile = path.join(fx().dir, 'sleeper.pid');
    const pid = await waitFor(async () => {
      const text = await readFile(pidFile, 'utf8').catch(() => '');
      return text.trim() ? Number(text) : undefined;
    });
    expect(await isProcessAlive(pid)).toBe(true);
    const begun = Date.now();
    const cancelled = await fx().api(`/api/executions/${id}/cancel`, { method: 'POST' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.steps.wait.status).toBe('cancelled');
    expect(Date.now() - begun).toBeLessThan(10_000);
    await waitFor(async () => !(await isProcessAlive(pid)), 5_000);

    const again = await fx().api(`/api/executions/${id}/cancel`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'EXECUTION_NOT_RUNNING', details: { status: 'cancelled' } });
    const unknown = await fx().api('/api/executions/nope/cancel', { method: 'POST' });
    expect(unknown.status).toBe(404);
  });

  it('GET /api/executions/:id/events returns the stored events, after ?since=', async () => {
    const run = await fx().api('/api/workflows/quick/execute', { body: {} });
    const all = await fx().api(`/api/executions/${run.body.id}/events`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(all.body.items.map((e: { type: string }) => e.type)).toEqual([
      'workflow_started',
      'step_started',
      'step_progress',
      'step_completed',
      'step_started',
      'step_progress',
      'step_completed',
      'workflow_completed',
    ]);
    expect(all.body.items[2]).toMatchObject({ type: 'step_progress', step_id: 'one', message: '1', stream: 'stdout' });
    expect(all.body.items[3]).toMatchObject({
      type: 'step_completed',
      execution_id: run.body.id,
      workflow_name: 'quick',
      step_id: 'one',
      status: 'completed',
      output: 1,
    });
    const later = await fx().api(`/api/executions/${run.body.id}/events?since=5`);
    expect(later.body.items.map((e: { seq: number }) => e.seq)).toEqual([6, 7, 8]);
    expect((await fx().api('/api/executions/nope/events')).status).toBe(404);
    expect((await fx().api(`/api/executions/${run.body.id}/events?since=x`)).status).toBe(400);
  });

  it('GET /api/executions/:id/steps/:step/logs returns the output lines of the step', async () => {
    const run = await fx().api('/api/workflows/chatty/execute', { body: {} });
    expect(run.body.status).toBe('completed');
    const reply = await fx().api(`/api/executions/${run.body.id}/steps/talk/logs`);
    expect(reply.status).toBe(200);
    expect(reply.body.execution_id).toBe(run.body.id);
    expect(reply.body.step_id).toBe('talk');
    const lines = reply.body.lines as { stream: string; message: string; seq: number }[];
    expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.message)).toEqual(['one', 'three']);
    expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.message)).toEqual(['two']);
    expect(lines).toHaveLength(3);
    const missing = await fx().api(`/api/executions/${run.body.id}/steps/ghost/logs`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });

  it('POST /api/executions/:id/retry reruns from the failed step, reusing upstream outputs', async () => {
    const failed = await fx().api('/api/workflows/flaky/execute', { body: {} });
    expect(failed.body.status).toBe('failed');
    await writeFile(path.join(fx().dir, 'flag'), '');
    const retry = await fx().api(`/api/executions/${failed.body.id}/retry`, { body: {} });
    expect(retry.status).toBe(202);
    expect(retry.body.retry_of).toEqual({ execution_id: failed.body.id, from: 'b', downstream: true });
    const record = await waitFor(async () => {
      const r = await fx().api(`/api/executions/${retry.body.execution_id}`);
      return ['completed', 'failed'].includes(r.body.status) ? r.body : undefined;
    });
    expect(record.status).toBe('completed');
    expect(record.steps.b.output).toBe(7);
    expect((await readFile(path.join(fx().dir, 'runs.log'), 'utf8')).split('\n').filter(Boolean)).toEqual([
      'a',
      'b',
      'b',
    ]);

    const explicit = await fx().api(`/api/executions/${failed.body.id}/retry`, {
      body: { from: 'a', downstream: false },
    });
    expect(explicit.status).toBe(202);
    expect(explicit.body.retry_of).toEqual({ execution_id: failed.body.id, from: 'a', downstream: false });
    const unknownStep = await fx().api(`/api/executions/${failed.body.id}/retry`, { body: { from: 'zzz' } });
    expect(unknownStep.status).toBe(400);
    expect(unknownStep.body.error.code).toBe('INVALID_VALUE');
    const unknown = await fx().api('/api/executions/nope/retry', { body: {} });
    expect(unknown.status).toBe(404);
    const badBody = await fx().api(`/api/executions/${failed.body.id}/retry`, { body: { downstream: 'yes' } });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.details.field).toBe('downstream');
  });
});
