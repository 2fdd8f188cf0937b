// Token, Origin, Host, body limit, loopback-only without a token, mounts and static files on a real server.

import { mkdir, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { workflowFixtures } from '@skill/test-kit';
import { createEngine } from '@skill/workflow-core';
import { describe, expect, it } from 'vitest';
import { collectSocket, startHttpFixture, useHttpFixture } from '../test/http-fixture.js';
import { serveHttp } from './index.js';

/** A raw request, to send headers fetch will not (Host) or a chunked body. */
function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; chunks?: string[] },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

/**
 * Writes `text` on a fresh TCP connection and resolves with all the server sent until it closed the connection
 * (its last request says `Connection: close`, or it was refused); 5 s at most.
 */
function rawExchange(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.setTimeout(5000, () => socket.destroy());
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

describe('with a token', () => {
  const fx = useHttpFixture(workflowFixtures('quick'), {
    http: {
      token: 's3cret',
      mounts: {
        '/mcp': async (req) =>
          Response.json({ method: req.method, path: new URL(req.url).pathname, body: await req.text() }),
      },
    },
  });

  it('answers 401 without or with a wrong token, 200 with the right one; health needs none', async () => {
    const none = await fx().api('/api/workflows');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('AUTH_REQUIRED');
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await fx().api('/api/workflows', { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const right = await fx().api('/api/workflows', { headers: { authorization: 'Bearer s3cret' } });
    expect(right.status).toBe(200);
    expect(right.body.items.map((w: { name: string }) => w.name)).toEqual(['quick']);
    expect((await fx().api('/api/health')).status).toBe(200);
    const run = await fx().api('/api/workflows/quick/execute', { body: {} });
    expect(run.status).toBe(401);
    expect((await fx().api('/api/openapi.json')).status).toBe(401);
  });

  it('applies the token to mounts, which get the request untouched', async () => {
    expect((await fx().api('/mcp', { body: { jsonrpc: '2.0' } })).status).toBe(401);
    const reply = await fx().api('/mcp/sub', { body: { jsonrpc: '2.0' }, headers: { authorization: 'Bearer s3cret' } });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ method: 'POST', path: '/mcp/sub', body: '{"jsonrpc":"2.0"}' });
    const bare = await fx().api('/mcp', { body: '{}', headers: { authorization: 'Bearer s3cret' } });
    expect(bare.body).toEqual({ method: 'POST', path: '/mcp', body: '{}' });
    expect((await fx().api('/mcpx', { headers: { authorization: 'Bearer s3cret' } })).status).toBe(404);
  });

  it('refuses WebSocket upgrades without the token and accepts ?token= or the header', async () => {
    const run = await fx().api('/api/workflows/quick/execute', {
      body: {},
      headers: { authorization: 'Bearer s3cret' },
    });
    const id = run.body.id as string;
    await expect(collectSocket(`${fx().url}/ws/executions/${id}`)).rejects.toThrow('upgrade refused: 401');
    await expect(collectSocket(`${fx().url}/ws/executions/${id}?token=bad`)).rejects.toThrow('upgrade refused: 401');
    const byQuery = await collectSocket(`${fx().url}/ws/executions/${id}?token=s3cret`);
    expect(byQuery.code).toBe(1000);
    expect(byQuery.messages.at(-1).type).toBe('workflow_completed');
    const byHeader = await collectSocket(`${fx().url}/ws/executions/${id}`, {
      headers: { authorization: 'Bearer s3cret' },
    });
    expect(byHeader.messages).toEqual(byQuery.messages);
  });
});

describe('without a token', () => {
  const fx = useHttpFixture(workflowFixtures('quick'), {
    http: { bodyLimitBytes: 1024, allowedOrigins: ['http://dashboard.example:5173'] },
  });

  it('refuses foreign Origins (HTTP 403, WebSocket upgrade 403) and accepts the same host and allowed ones', async () => {
    const foreign = await fx().api('/api/workflows/quick/execute', {
      body: {},
      headers: { origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('ORIGIN_FORBIDDEN');
    const same = await fx().api('/api/workflows', { headers: { origin: fx().url } });
    expect(same.status).toBe(200);
    const allowed = await fx().api('/api/workflows', { headers: { origin: 'http://dashboard.example:5173' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://dashboard.example:5173');
    expect(allowed.headers.get('vary')).toBe('Origin');

    const preflight = await fetch(`${fx().url}/api/workflows/quick/execute`, {
      method: 'OPTIONS',
      headers: { origin: 'http://dashboard.example:5173', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');

    const run = await fx().api('/api/workflows/quick/execute', { body: {} });
    const ws = `${fx().url}/ws/executions/${run.body.id}`;
    await expect(collectSocket(ws, { headers: { origin: 'http://evil.example' } })).rejects.toThrow(
      'upgrade refused: 403',
    );
    const fromDashboard = await collectSocket(ws, { headers: { origin: 'http://dashboard.example:5173' } });
    expect(fromDashboard.code).toBe(1000);
  });

  it('refuses a non-loopback Host header (DNS rebinding) with 403', async () => {
    const rebound = await rawRequest(`${fx().url}/api/workflows`, { headers: { host: 'attacker.example:3000' } });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).error.code).toBe('HOST_FORBIDDEN');
    const local = await rawRequest(`${fx().url}/api/workflows`, { headers: { host: 'localhost:3000' } });
    expect(local.status).toBe(200);
  });

  it('answers 413 for bodies over the limit, with or without a Content-Length', async () => {
    const big = JSON.stringify({ inputs: { pad: 'x'.repeat(2000) } });
    const sized = await fx().api('/api/workflows/quick/execute', { body: big });
    expect(sized.status).toBe(413);
    expect(sized.body.error).toMatchObject({ code: 'BODY_TOO_LARGE', details: { limit: 1024 } });
    const chunked = await rawRequest(`${fx().url}/api/workflows/quick/execute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks: [big.slice(0, 900), big.slice(900)],
    });
    expect(chunked.status).toBe(413);
    const small = await fx().api('/api/workflows/quick/execute', { body: { inputs: {} } });
    expect(small.status).toBe(200);
  });

  it('attack: bytes past a small Content-Length are not body but the next request; the limit is exact', async () => {
    const head = 'POST /api/workflows/quick/execute HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json';
    // A request hidden behind "Content-Length: 2" is answered as a request of its own, after the first.
    const next = 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n';
    const pipelined = await rawExchange(fx().url, `${head}\r\nContent-Length: 2\r\n\r\n{}${next}`);
    expect([...pipelined.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1])).toEqual(['200', '200']);
    expect(pipelined).toContain('"status":"completed"');
    expect(pipelined).toContain('"status":"ok"');
    // Four times the limit hidden the same way is refused as a malformed request, never read as a body.
    const smuggled = await rawExchange(fx().url, `${head}\r\nContent-Length: 2\r\n\r\n{}${'x'.repeat(4000)}`);
    expect(smuggled).toMatch(/^HTTP\/1\.1 400 /);
    expect(smuggled).not.toContain('413');
    // Both a small Content-Length and a chunked body (the classic smuggling pair) are refused outright.
    const chunk = 'x'.repeat(4000);
    const both = `${head}\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\nfa0\r\n${chunk}\r\n0\r\n\r\n`;
    const refused = await rawExchange(fx().url, both);
    expect(refused).toMatch(/^HTTP\/1\.1 400 /);
    expect(refused).not.toContain('413');

    const atLimit = JSON.stringify({ inputs: {}, pad: 'x'.repeat(1024 - 22) });
    expect(Buffer.byteLength(atLimit)).toBe(1024);
    expect((await fx().api('/api/workflows/quick/execute', { body: atLimit })).status).toBe(200);
    const overLimit = await fx().api('/api/workflows/quick/execute', { body: `${atLimit} ` });
    expect(overLimit.status).toBe(413);
    expect((await fx().api('/api/health')).status).toBe(200);
  });

  it('never reads a body sent with GET (no size check needed): the route answers, the next request too', async () => {
    const big = 'x'.repeat(64 * 1024); // 64 times the limit, chunked and sized
    const chunked = await rawRequest(`${fx().url}/api/workflows`, {
      headers: { 'transfer-encoding': 'chunked' },
      chunks: [big, big],
    });
    expect(chunked.status).toBe(200);
    const sized = await rawRequest(`${fx().url}/api/health`, {
      headers: { 'content-length': String(big.length) },
      chunks: [big],
    });
    expect(sized.status).toBe(200);
    expect((await fx().api('/api/health')).status).toBe(200);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const reply = await fx().api('/api/nothing-here');
    expect(reply.status).toBe(404);
    expect(reply.body.error).toEqual({
      code: 'NOT_FOUND',
      message: 'no route for GET /api/nothing-here',
      details: { path: '/api/nothing-here' },
    });
  });
});

describe('serveHttp', () => {
  it('refuses to listen beyond loopback without a token', async () => {
    const engine = createEngine();
    await expect(serveHttp({ engine, host: '0.0.0.0', port: 0 })).rejects.toMatchObject({
      name: 'WorkflowError',
      code: 'AUTH_REQUIRED',
    });
    await expect(serveHttp({ engine, host: '192.168.1.10', port: 0 })).rejects.toMatchObject({
      code: 'AUTH_REQUIRED',
    });
    await expect(serveHttp({ engine, host: '0.0.0.0', port: 0, token: ' ' })).rejects.toMatchObject({
      code: 'INVALID_VALUE',
    });
  });

  it('serves the dashboard from staticDir with an index.html fallback for client routes', async () => {
    const own = await startHttpFixture();
    const web = path.join(own.dir, 'web');
    await mkdir(web);
    await writeFile(path.join(web, 'index.html'), '<!doctype html><title>dash</title>');
    await writeFile(path.join(web, 'app.js'), 'console.log(1)');
    const server = await serveHttp({ engine: own.engine, port: 0, staticDir: web });
    try {
      const index = await fetch(`${server.url}/`);
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toContain('text/html');
      expect(await index.text()).toBe('<!doctype html><title>dash</title>');
      const script = await fetch(`${server.url}/app.js`);
      expect(await script.text()).toBe('console.log(1)');
      expect(script.headers.get('content-type')).toContain('javascript');
      const clientRoute = await fetch(`${server.url}/executions/123`);
      expect(await clientRoute.text()).toBe('<!doctype html><title>dash</title>');
      const api = await fetch(`${server.url}/api/missing`);
      expect(api.status).toBe(404);
      expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    } finally {
      await server.close();
      await own.close();
    }
  });
});
