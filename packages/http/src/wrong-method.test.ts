// Every route of the app answers a method it does not serve with 405 and an `Allow` header listing those it does;
// unknown paths stay 404, and the token check still comes first.
import { useTempDir } from '@skill/test-kit';
import { createEngine, type Engine } from '@skill/workflow-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useHttpFixture } from '../test/http-fixture.js';
import { createHttpApp } from './index.js';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const HOST = { host: '127.0.0.1' };
const temp = useTempDir('wrong-method-');

describe('a wrong method', () => {
  let engine: Engine;
  beforeAll(() => {
    engine = createEngine({ cwd: temp() });
  });
  afterAll(() => engine.shutdown({ graceMs: 0 }));

  it('answers 405 with Allow on every route, and OPTIONS 204 with the same Allow', async () => {
    const app = createHttpApp({ engine, metrics: { contentType: 'text/plain', render: async () => '' } });
    const byPath = new Map<string, Set<string>>();
    for (const r of app.routes) {
      if (r.method === 'ALL' || r.path.includes('*')) continue;
      byPath.set(r.path, (byPath.get(r.path) ?? new Set()).add(r.method));
    }
    expect(byPath.size).toBeGreaterThanOrEqual(15);
    expect(byPath.has('/metrics')).toBe(true);
    for (const [routePath, served] of byPath) {
      const url = routePath.replace(/:\w+/g, 'x');
      const allow = [...served, ...(served.has('GET') ? ['HEAD'] : []), 'OPTIONS'].sort().join(', ');
      for (const method of METHODS.filter((m) => !served.has(m))) {
        const reply = await app.request(url, { method, headers: HOST });
        expect(reply.status, `${method} ${url}`).toBe(405);
        expect(reply.headers.get('allow'), `${method} ${url}`).toBe(allow);
        expect(await reply.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
      }
      const options = await app.request(url, { method: 'OPTIONS', headers: HOST });
      expect(options.status, `OPTIONS ${url}`).toBe(204);
      expect(options.headers.get('allow')).toBe(allow);
    }
  });

  it('leaves unknown paths 404 and asks for the token before saying which methods exist', async () => {
    const app = createHttpApp({ engine, token: 's3cret-token' });
    expect((await app.request('/api/nothing-here', { method: 'DELETE', headers: HOST })).status).toBe(401);
    const noToken = await app.request('/api/workflows', { method: 'DELETE', headers: HOST });
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('allow')).toBeNull();
    const auth = { ...HOST, authorization: 'Bearer s3cret-token' };
    expect((await app.request('/api/nothing-here', { method: 'DELETE', headers: auth })).status).toBe(404);
    expect((await app.request('/api/workflows/a/b/c', { method: 'GET', headers: auth })).status).toBe(404);
    expect((await app.request('/api/workflows', { method: 'DELETE', headers: auth })).status).toBe(405);
    expect((await app.request('/api/workflows/', { method: 'DELETE', headers: auth })).status).toBe(404);
  });

  it('counts routes added to the app after it was made', async () => {
    const app = createHttpApp({ engine });
    app.post('/api/late/:id/ping', (c) => c.json({ ok: true }));
    const reply = await app.request('/api/late/7/ping', { method: 'GET', headers: HOST });
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('OPTIONS, POST');
    expect((await app.request('/api/late/7/ping', { method: 'POST', headers: HOST })).status).toBe(200);
  });

  describe('over a real server', () => {
    const fx = useHttpFixture();

    it('answers HEAD of a POST-only route with 405 and a GET route normally', async () => {
      const post = await fetch(`${fx().url}/api/executions/x/cancel`, { method: 'HEAD' });
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('OPTIONS, POST');
      expect((await fetch(`${fx().url}/api/health`, { method: 'HEAD' })).status).toBe(200);
      const put = await fetch(`${fx().url}/api/executions`, { method: 'PUT', body: '{}' });
      expect(put.status).toBe(405);
      expect(put.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    });
  });
});
