// POST /api/executions/:id/steps/:step/approve|reject: decisions with form values, who decided, and every refusal.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fetchJson, waitFor } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { httpWorkflows, startHttpFixture, useHttpFixture } from '../test/http-fixture.js';

const WORKFLOWS = httpWorkflows('approval');

describe('approval routes', () => {
  const fx = useHttpFixture(WORKFLOWS);

  /** Starts the approval workflow and waits until its gate waits. */
  async function waitingGate(): Promise<string> {
    const started = await fx().api('/api/workflows/approval/execute', { body: { async_execution: true } });
    const id: string = started.body.execution_id;
    await waitFor(async () => (await fx().api(`/api/executions/${id}`)).body.steps?.gate?.status === 'waiting');
    return id;
  }

  async function finished(id: string) {
    return waitFor(async () => {
      const reply = await fx().api(`/api/executions/${id}`);
      return ['completed', 'failed'].includes(reply.body.status) ? reply.body : undefined;
    });
  }

  it('approves with the form: the values, the comment and the caller become the output', async () => {
    const id = await waitingGate();
    const record = (await fx().api(`/api/executions/${id}`)).body;
    expect(record.steps.gate.metadata.waiting).toMatchObject({ kind: 'approval', message: 'Ship approval?' });
    const reply = await fx().api(`/api/executions/${id}/steps/gate/approve`, {
      body: { fields: { reason: 'green build' }, comment: 'ok' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      execution_id: id,
      step_id: 'gate',
      decision: 'approved',
      decided_by: 'api:anonymous',
      fields: { reason: 'green build', count: 1 },
      comment: 'ok',
    });
    const done = await finished(id);
    expect(done.status).toBe('completed');
    expect(done.steps.gate.output).toMatchObject({ approved: true, decided_by: 'api:anonymous', comment: 'ok' });
    expect(done.steps.use.output).toBe('green build');
  });

  it('rejects: the step fails with who and why', async () => {
    const id = await waitingGate();
    const reply = await fx().api(`/api/executions/${id}/steps/gate/reject`, { body: { comment: 'freeze' } });
    expect(reply.status).toBe(200);
    const done = await finished(id);
    expect(done.status).toBe('failed');
    expect(done.steps.gate).toMatchObject({ status: 'failed', error: 'rejected by api:anonymous: freeze' });
  });

  it('answers 400 with every form problem, 404 for an unknown step, 409 once decided', async () => {
    const id = await waitingGate();
    const bad = await fx().api(`/api/executions/${id}/steps/gate/approve`, {
      body: { fields: { count: 'many', colour: 'red' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('FIELDS_INVALID');
    expect(bad.body.error.message).toContain('unknown field "colour" (declared fields: reason, count)');
    expect(bad.body.error.message).toContain('missing required field "reason" (string)');
    expect(bad.body.error.message).toContain('field "count" must be an integer, got string "many"');
    expect(bad.body.error.details.diagnostics).toHaveLength(3);
    const wrongShape = await fx().api(`/api/executions/${id}/steps/gate/approve`, { body: { fields: [1] } });
    expect(wrongShape.body.error).toMatchObject({
      code: 'INVALID_REQUEST',
      message: '"fields" must be an object (got array)',
    });
    const unknownKey = await fx().api(`/api/executions/${id}/steps/gate/approve`, { body: { decided_by: 'root' } });
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.body.error.message).toBe(
      'unknown key "decided_by" in the request body (allowed: fields, comment)',
    );
    const noStep = await fx().api(`/api/executions/${id}/steps/use/approve`, { body: {} });
    expect(noStep.status).toBe(404);
    expect(noStep.body.error).toMatchObject({ code: 'STEP_NOT_FOUND' });
    const noExecution = await fx().api('/api/executions/nope/steps/gate/approve', { body: {} });
    expect(noExecution.status).toBe(404);

    expect((await fx().api(`/api/executions/${id}/steps/gate/reject`, { body: {} })).status).toBe(200);
    const again = await fx().api(`/api/executions/${id}/steps/gate/approve`, { body: { fields: { reason: 'x' } } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('STEP_NOT_WAITING');
    await finished(id);
  });

  it('is 409 for an approval whose execution ended', async () => {
    const started = await fx().api('/api/workflows/approval/execute', { body: { async_execution: true } });
    const id: string = started.body.execution_id;
    await waitFor(async () => (await fx().api(`/api/executions/${id}`)).body.steps?.gate?.status === 'waiting');
    const reply = await fx().api(`/api/executions/${id}/steps/gate/reject`, { body: {} });
    expect(reply.status).toBe(200);
    await finished(id);
    const late = await fx().api(`/api/executions/${id}/steps/gate/approve`, { body: { fields: { reason: 'x' } } });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('is failed, not waiting for a decision');
  });
});

describe('approval routes under attack', () => {
  const fx = useHttpFixture(WORKFLOWS, { http: { bodyLimitBytes: 4096 } });

  it('hostile field values stay data all the way into a shell command', async () => {
    const started = await fx().api('/api/workflows/approval/execute', { body: { async_execution: true } });
    const id: string = started.body.execution_id;
    await waitFor(async () => (await fx().api(`/api/executions/${id}`)).body.steps?.gate?.status === 'waiting');
    const hostile = `$(touch pwned) \`touch pwned2\`; touch pwned3 {execution_id} '" \n`;
    const reply = await fx().api(`/api/executions/${id}/steps/gate/approve`, {
      body: `{"fields":{"reason":${JSON.stringify(hostile)},"__proto__":{"polluted":1}}}`,
    });
    // `__proto__` in JSON is a plain key: an unknown field, refused like any other.
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain('unknown field "__proto__"');
    const ok = await fx().api(`/api/executions/${id}/steps/gate/approve`, { body: { fields: { reason: hostile } } });
    expect(ok.status).toBe(200);
    const done = await waitFor(async () => {
      const r = await fx().api(`/api/executions/${id}`);
      return r.body.status === 'completed' ? r.body : undefined;
    });
    expect(done.steps.use.output).toBe(hostile); // echo's own newline is the one output capture removes
    expect(done.steps.gate.output.fields.reason).toBe(hostile);
    for (const name of ['pwned', 'pwned2', 'pwned3']) expect(existsSync(path.join(fx().dir, name))).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses oversized, non-JSON and malformed bodies without touching the step', async () => {
    const started = await fx().api('/api/workflows/approval/execute', { body: { async_execution: true } });
    const id: string = started.body.execution_id;
    await waitFor(async () => (await fx().api(`/api/executions/${id}`)).body.steps?.gate?.status === 'waiting');
    const url = `/api/executions/${id}/steps/gate/approve`;
    const big = await fx().api(url, { body: { fields: { reason: 'x'.repeat(10_000) } } });
    expect(big.status).toBe(413);
    const text = await fx().api(url, { body: '{"fields":{}}', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    const broken = await fx().api(url, { body: '{"fields":' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('INVALID_JSON');
    const traversal = await fx().api(`/api/executions/${id}/steps/..%2F..%2Fgate/approve`, { body: {} });
    expect(traversal.status).toBe(404);
    expect((await fx().api(`/api/executions/${id}`)).body.steps.gate.status).toBe('waiting');
    const events = (await fx().api(`/api/executions/${id}/events`)).body.items;
    expect(events.some((e: { type: string }) => e.type === 'step_decided')).toBe(false);
    await fx().api(`/api/executions/${id}/steps/gate/reject`, { body: {} });
  });

  it('names the token holder as the decider when the server has a token', async () => {
    const server = await startHttpFixture(WORKFLOWS, { http: { token: 'sekret-token-123' } });
    try {
      const call = (p: string, body?: unknown) =>
        fetchJson(`${server.url}${p}`, { token: 'sekret-token-123', ...(body === undefined ? {} : { body }) });
      const started = await call('/api/workflows/approval/execute', { async_execution: true });
      const id: string = started.body.execution_id;
      await waitFor(async () => (await call(`/api/executions/${id}`)).body.steps?.gate?.status === 'waiting');
      const anonymous = await fetchJson(`${server.url}/api/executions/${id}/steps/gate/approve`, { body: {} });
      expect(anonymous.status).toBe(401);
      const reply = await call(`/api/executions/${id}/steps/gate/approve`, { fields: { reason: 'r' } });
      expect(reply.body.decided_by).toBe('api:token');
    } finally {
      await server.close();
    }
  });
});
