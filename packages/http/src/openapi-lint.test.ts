// The served OpenAPI document passes `redocly lint` (recommended rules) with no error and no warning, and every
// status a route answers to a malformed request (no Host, a bad name, a bad query, a body that is not a JSON object)
// is documented for that operation.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { useTempDir } from '@skill/test-kit';
import { createEngine } from '@skill/workflow-core';
import { describe, expect, it } from 'vitest';
import { createHttpApp, openApiDocument } from './index.js';

const run = promisify(execFile);
const temp = useTempDir('openapi-lint-');
const redoclyBin = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')),
  'bin/cli.js',
);

type Operation = { operationId?: string; responses: Record<string, unknown> };
const paths = openApiDocument.paths as Record<string, Record<string, Operation>>;

/** `redocly lint` on `file` with the recommended rules; its problem totals. */
async function redoclyTotals(file: string): Promise<{ errors: number; warnings: number; messages: unknown[] }> {
  // Exits 1 when it finds an error: the JSON report on stdout says which.
  const { stdout } = await run(process.execPath, [redoclyBin, 'lint', '--format=json', file], {
    cwd: temp(),
    // No usage report sent home, no update check: the test stays on this machine.
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    timeout: 60_000,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: unknown[] };
  return { ...report.totals, messages: report.problems };
}

/** `/api/workflows/:name` -> `/api/workflows/{name}` */
const documentedPath = (routePath: string) => routePath.replace(/:(\w+)/g, '{$1}');

/** Requests a route must answer with a documented status: the path's parameters replaced by `value`. */
function malformedRequests(method: string, routePath: string): Array<{ what: string; url: string; init: RequestInit }> {
  const headers = { host: '127.0.0.1' };
  const url = (value: string, query = '') => routePath.replace(/:\w+/g, value) + query;
  const requests = [
    { what: 'no Host header', url: url('x'), init: { method } },
    { what: 'a name with ..', url: url('a..b'), init: { method, headers } },
    { what: 'a name ending in .toml', url: url('a.toml'), init: { method, headers } },
    { what: 'bad query numbers', url: url('x', '?since=-1&limit=0&status=nope'), init: { method, headers } },
  ];
  if (method === 'GET') return requests;
  const json = { ...headers, 'content-type': 'application/json' };
  return [
    ...requests,
    { what: 'a body that is not JSON', url: url('x'), init: { method, headers: json, body: '{' } },
    { what: 'a JSON array body', url: url('x'), init: { method, headers: json, body: '[]' } },
    { what: 'fields of the wrong type', url: url('x'), init: { method, headers: json, body: '{"inputs":1,"from":2}' } },
    {
      what: 'a text/plain body',
      url: url('x'),
      init: { method, headers: { ...headers, 'content-type': 'text/plain' }, body: '{}' },
    },
  ];
}

describe('the OpenAPI document', () => {
  it('passes redocly lint (recommended rules) with no error and no warning', async () => {
    const file = path.join(temp(), 'openapi.json');
    await writeFile(file, JSON.stringify(openApiDocument, null, 2));
    const totals = await redoclyTotals(file);
    expect(totals.messages).toEqual([]);
    expect(totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('names the server, and gives each operation a unique operationId', () => {
    expect(openApiDocument.servers).toEqual([expect.objectContaining({ url: '/' })]);
    const ids = Object.values(paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives workflow names in paths the pattern and length the server checks', () => {
    const named = Object.entries(paths).flatMap(([documented, item]) =>
      Object.values(item)
        .flatMap((op) => (op as { parameters?: Array<{ name: string; schema: unknown }> }).parameters ?? [])
        .filter((p) => p.name === 'workflow' || (p.name === 'name' && documented.startsWith('/api/workflows/'))),
    );
    expect(named.length).toBeGreaterThanOrEqual(6);
    for (const p of named) {
      expect(p.schema).toEqual({ type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', maxLength: 200 });
    }
  });

  it('documents every status a route answers to malformed requests', async () => {
    const engine = createEngine({ cwd: temp() });
    const app = createHttpApp({ engine });
    const routes = app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'));
    const undocumented: string[] = [];
    for (const route of routes) {
      const operation = paths[documentedPath(route.path)]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      for (const request of malformedRequests(route.method, route.path)) {
        const reply = await app.request(request.url, request.init);
        const status = String(reply.status);
        if (reply.status >= 300 && !(status in (operation?.responses ?? {}))) {
          undocumented.push(`${route.method} ${route.path} with ${request.what}: ${status} ${await reply.text()}`);
        }
      }
    }
    await engine.shutdown({ graceMs: 0 });
    expect(undocumented).toEqual([]);
  });
});
