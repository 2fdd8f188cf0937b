// The Streamable HTTP endpoint itself: Origin checks, session ids, DELETE, idle sessions and shutdown.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { waitFor } from '@skill/test-kit';
import { createEngine, type Engine } from '@skill/workflow-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initializeMessage, type McpHttpFixture, postJson, startMcpHttpServer } from '../test/http-fixture.js';
import { createTestProject, type TestProject } from '../test/project-fixture.js';
import { createMcpHttpHandler, type McpHttpHandlerOptions } from './http-handler.js';

let project: TestProject;
let engine: Engine;
let fixture: McpHttpFixture;
const endpoint = 'http://127.0.0.1/mcp';

function initializeRequest(headers: Record<string, string> = {}): Request {
  return new Request(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(initializeMessage),
  });
}

function handler(options: Omit<McpHttpHandlerOptions, 'engine'> = {}) {
  return createMcpHttpHandler({ engine, ...options });
}

beforeAll(async () => {
  project = await createTestProject();
  engine = createEngine({ cwd: project.dir });
  fixture = await startMcpHttpServer(engine);
});

afterAll(async () => {
  await fixture.close();
  await engine.shutdown({ graceMs: 0 });
  await project.cleanup();
});

describe('createMcpHttpHandler', () => {
  it('accepts loopback origins and requests without Origin by default, 403 for foreign ones', async () => {
    const mcp = handler();
    const foreign = await mcp.handle(initializeRequest({ origin: 'http://evil.example' }));
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({
      jsonrpc: '2.0',
      error: { code: -32000, message: 'Forbidden: origin http://evil.example is not allowed' },
      id: null,
    });
    expect((await mcp.handle(initializeRequest({ origin: 'null' }))).status).toBe(403);
    const local = await mcp.handle(initializeRequest({ origin: 'http://localhost:5173' }));
    expect(local.status).toBe(200);
    expect(local.headers.get('mcp-session-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await mcp.handle(initializeRequest())).status).toBe(200);
    expect(mcp.sessionCount).toBe(2);
    await mcp.close();
    expect(mcp.sessionCount).toBe(0);
  });

  it('accepts only the listed origins when allowedOrigins is set', async () => {
    const mcp = handler({ allowedOrigins: ['https://app.example/'] });
    expect((await mcp.handle(initializeRequest({ origin: 'https://app.example' }))).status).toBe(200);
    expect((await mcp.handle(initializeRequest({ origin: 'https://app.example:8443' }))).status).toBe(403);
    expect((await mcp.handle(initializeRequest({ origin: 'http://localhost:5173' }))).status).toBe(403);
    expect(mcp.sessionCount).toBe(1);
    await mcp.close();
  });

  it('refuses new sessions beyond maxSessions and everything once closed', async () => {
    const mcp = handler({ maxSessions: 1 });
    expect((await mcp.handle(initializeRequest())).status).toBe(200);
    const full = await mcp.handle(initializeRequest());
    expect(full.status).toBe(503);
    await mcp.close();
    expect((await mcp.handle(initializeRequest())).status).toBe(503);
  });

  it('closes sessions idle for longer than sessionIdleMs', async () => {
    const mcp = handler({ sessionIdleMs: 50 });
    expect((await mcp.handle(initializeRequest())).status).toBe(200);
    expect(mcp.sessionCount).toBe(1);
    await waitFor(() => mcp.sessionCount === 0, 2_000);
    await mcp.close();
  });
});

describe('MCP sessions over node:http', () => {
  it('requires a known mcp-session-id after initialize and ends sessions on DELETE', async () => {
    const list = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} };
    expect((await postJson(fixture.url, list)).status).toBe(400);
    const unknown = await postJson(fixture.url, list, { 'mcp-session-id': 'not-a-session' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      jsonrpc: '2.0',
      error: { code: -32001, message: 'Session not found' },
      id: null,
    });
    const before = fixture.mcp.handler.sessionCount;
    const client = new Client({ name: 'vitest', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(fixture.url);
    await client.connect(transport);
    expect(fixture.mcp.handler.sessionCount).toBe(before + 1);
    const sessionId = transport.sessionId as string;
    expect((await postJson(fixture.url, list, { 'mcp-session-id': sessionId })).status).toBe(200);
    await transport.terminateSession();
    expect(fixture.mcp.handler.sessionCount).toBe(before);
    expect((await postJson(fixture.url, list, { 'mcp-session-id': sessionId })).status).toBe(404);
    await client.close();
  });

  it('answers other paths of the same server itself (the listener is only for /mcp)', async () => {
    const other = new URL('/elsewhere', fixture.url);
    expect((await fetch(other)).status).toBe(404);
  });
});
