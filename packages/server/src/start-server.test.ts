// startServer in process on port 0: the API and /mcp over one engine, the token rule, and resume after a graceful stop.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createTempProject, fetchJson, waitFor } from '@skill/test-kit';
import { defaultStorePath, openStore } from '@skill/workflow-core';
import type { ExecutionRecord } from '@skill/workflow-model';
import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv } from './server-config.js';
import { type RunningServer, startServer } from './start-server.js';

/** A token long enough (32 characters or more). */
const S3CRET = 's3cret-0123456789abcdef0123456789abcdef';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `hello` greets `{inputs.name}` in two steps; `nap` sleeps `{inputs.seconds}`, then `after` echoes. */
const WORKFLOWS = Object.fromEntries(
  ['hello', 'nap'].map((name) => [
    name,
    readFileSync(new URL(`../test/workflows/${name}.toml`, import.meta.url), 'utf8'),
  ]),
);

async function project() {
  const p = await createTempProject(WORKFLOWS, 'skill-server-');
  cleanups.push(p.cleanup);
  return p.dir;
}

async function start(dir: string, flags: Parameters<typeof configFromEnv>[1] = {}): Promise<RunningServer> {
  const server = await startServer(configFromEnv({}, { cwd: dir, port: 0, ...flags }));
  cleanups.push(() => server.close());
  return server;
}

describe('startServer', () => {
  it('serves the API on 127.0.0.1 and records into <cwd>/.skill/executions.db', async () => {
    const dir = await project();
    const server = await start(dir);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.resumed).toEqual([]);
    const health = await fetchJson<{ status: string }>(`${server.url}/api/health`);
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });

    const run = await fetchJson<ExecutionRecord>(`${server.url}/api/workflows/hello/execute`, {
      body: { inputs: { name: 'Ada' } },
    });
    expect(run.status).toBe(200);
    expect(run.body.status).toBe('completed');
    expect(run.body.steps.greet?.output).toBe('Hello, Ada!');
    const list = await fetchJson<{ items: Array<{ id: string }> }>(`${server.url}/api/executions?workflow_name=hello`);
    expect(list.body.items.map((e) => e.id)).toEqual([run.body.id]);
    expect(existsSync(path.join(dir, '.skill', 'executions.db'))).toBe(true);
  });

  it('mounts MCP Streamable HTTP at /mcp', async () => {
    const server = await start(await project());
    const response = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'vitest', version: '1' } },
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('mcp-session-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.text()).toContain('"serverInfo"');
  });

  it('requires the token when one is set, and refuses a non-loopback host without one', async () => {
    const dir = await project();
    const server = await start(dir, { token: S3CRET });
    expect((await fetchJson(`${server.url}/api/workflows`)).status).toBe(401);
    expect((await fetchJson(`${server.url}/api/workflows`, { token: S3CRET })).status).toBe(200);

    const other = await project();
    await expect(startServer(configFromEnv({}, { cwd: other, port: 0, host: '0.0.0.0' }))).rejects.toMatchObject({
      code: 'AUTH_REQUIRED',
      message: expect.stringContaining('without a token'),
    });
    expect(existsSync(path.join(other, '.skill'))).toBe(false);
  });

  it('lets a running execution finish within the grace period before closing the store', async () => {
    const dir = await project();
    const server = await start(dir, { shutdownGraceMs: 10_000 });
    const started = await fetchJson<{ execution_id: string }>(`${server.url}/api/workflows/nap/execute`, {
      body: { inputs: { seconds: 0.3 }, async_execution: true },
    });
    await waitFor(async () => {
      const r = await fetchJson<ExecutionRecord>(`${server.url}/api/executions/${started.body.execution_id}`);
      return r.body.steps.sleep?.status === 'running' ? true : undefined;
    });
    await server.close();
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
    const store = await openStore(defaultStorePath(dir));
    try {
      const record = await store.getExecution(started.body.execution_id);
      expect(record?.status).toBe('completed');
      expect(record?.steps.after?.output).toBe('after');
    } finally {
      await store.close();
    }
  });

  it('leaves executions still running at close to the next start, which resumes them', async () => {
    const dir = await project();
    const first = await start(dir, { shutdownGraceMs: 50 });
    const started = await fetchJson<{ execution_id: string }>(`${first.url}/api/workflows/nap/execute`, {
      body: { inputs: { seconds: 1 }, async_execution: true },
    });
    expect(started.status).toBe(202);
    const id = started.body.execution_id;
    await waitFor(async () => {
      const r = await fetchJson<ExecutionRecord>(`${first.url}/api/executions/${id}`);
      return r.body.steps.sleep?.status === 'running' ? true : undefined;
    });
    await first.close();

    const second = await start(dir);
    expect(second.resumed).toEqual([id]);
    const done = await waitFor(async () => {
      const r = await fetchJson<ExecutionRecord>(`${second.url}/api/executions/${id}`);
      return r.body.status === 'running' || r.body.status === 'pending' ? undefined : r.body;
    }, 15_000);
    expect(done.status).toBe('completed');
    expect(done.steps.after?.output).toBe('after');
    const events = await fetchJson<{ items: Array<{ seq: number; type: string }> }>(
      `${second.url}/api/executions/${id}/events`,
    );
    expect(events.body.items.map((e) => e.seq)).toEqual(events.body.items.map((_, i) => i + 1));
    expect(events.body.items.filter((e) => e.type === 'workflow_started')).toHaveLength(2);
  });
});
