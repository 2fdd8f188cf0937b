// The OpenAPI document lists every REST route of the app (and only those), and is served as is.
import { createEngine } from '@skill/workflow-core';
import { describe, expect, it } from 'vitest';
import { useHttpFixture } from '../test/http-fixture.js';
import { createHttpApp, openApiDocument } from './index.js';

function documentedRoutes(): string[] {
  const paths = openApiDocument.paths as Record<string, Record<string, unknown>>;
  return Object.entries(paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
}

describe('openApiDocument', () => {
  const fx = useHttpFixture();

  it('documents exactly the routes the app serves', () => {
    const app = createHttpApp({ engine: createEngine() });
    const served = app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect([...new Set(served)].sort()).toEqual(documentedRoutes().sort());
    expect(documentedRoutes().sort()).toEqual([
      'GET /api/executions',
      'GET /api/executions/{id}',
      'GET /api/executions/{id}/events',
      'GET /api/executions/{id}/graph',
      'GET /api/executions/{id}/steps/{step}/logs',
      'GET /api/health',
      'GET /api/openapi.json',
      'GET /api/schedules',
      'GET /api/skills',
      'GET /api/skills/{name}',
      'GET /api/workers',
      'GET /api/workflows',
      'GET /api/workflows/{name}',
      'POST /api/executions/{id}/cancel',
      'POST /api/executions/{id}/retry',
      'POST /api/executions/{id}/steps/{step}/approve',
      'POST /api/executions/{id}/steps/{step}/reject',
      'POST /api/hooks/{workflow}',
      'POST /api/schedules/{workflow}/{index}/pause',
      'POST /api/schedules/{workflow}/{index}/resume',
      'POST /api/workflows',
      'POST /api/workflows/{name}/execute',
      'PUT /api/workflows/{name}',
    ]);
  });

  it('is OpenAPI 3.1 with resolvable schema references, served at /api/openapi.json', async () => {
    expect(openApiDocument.openapi).toBe('3.1.0');
    const schemas = (openApiDocument.components as { schemas: Record<string, unknown> }).schemas;
    const refs = [...JSON.stringify(openApiDocument).matchAll(/"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(schemas, ref).toHaveProperty(ref as string);
    const reply = await fx().api('/api/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(JSON.parse(JSON.stringify(openApiDocument)));
  });
});
