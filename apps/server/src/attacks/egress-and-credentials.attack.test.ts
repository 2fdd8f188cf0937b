// Attack: an API-created workflow reaches the server's own API and private addresses over HTTP (SSRF), steps read the server's credentials.

import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTempDir, fetchJson, listenOnFreePort, type TestServer, waitFor } from '@skill/test-kit';
import type { ExecutionRecord } from '@skill/workflow-model';
import { configFromEnv, startServer } from '@skill/workflow-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProjectServer, serverWorkflow, startProjectServer } from '../../test/project-server.js';

const TOKEN = 'attack-test-token-5f1c0b8e2d9a4c7b86e3';
const DB_PASSWORD = 'pg-pass-9d8c7b6a';
/** What a leaked environment would show: a server token and a database URL with its password. */
const SERVER_ENV = {
  SKILL_TOKEN: TOKEN,
  SKILL_DATABASE_URL: `postgres://skill:${DB_PASSWORD}@127.0.0.1:5432/skill`,
  DATABASE_URL: `postgres://app:${DB_PASSWORD}@db.internal:5432/app`,
};

let running: ProjectServer | undefined;
let dir = '';
let base = '';
const savedEnv: Record<string, string | undefined> = {};
/** A loopback service that must never be reached, and a redirector on an allow-listed address pointing at it. */
let sentinel: TestServer | undefined;
let sentinelHits = 0;
let redirector: TestServer | undefined;
let redirectorUrl = '';

/** An http step that keeps the workflow going when it fails. */
function httpStep(id: string, url: string, fields = 'method = "GET"'): string {
  return `
[[steps]]
id = "${id}"
step_type = "http"
continue_on_error = true
http = { url = "${url}", timeout = "5s", ${fields} }
`;
}

/** The SSRF workflow: the server's own API (with the token, so only egress stops it), metadata, mapped IPv6, a redirect. */
function ssrfWorkflow(name: string, port: number): string {
  return `version = "1"
name = "${name}"
${httpStep('own_api', `http://127.0.0.1:${port}/api/workflows/victim/execute`, `method = "POST", body = { inputs = {} }, headers = { authorization = "Bearer ${TOKEN}" }`)}
${httpStep('metadata', 'http://169.254.169.254/latest/meta-data/')}
${httpStep('mapped', `http://[::ffff:127.0.0.1]:${port}/api/health`)}
${httpStep('by_name', `http://localhost:${port}/api/health`)}
${httpStep('redirect', redirectorUrl)}
`;
}

async function finished(id: string): Promise<ExecutionRecord> {
  return waitFor(async () => {
    const { body } = await fetchJson<ExecutionRecord>(`${base}/api/executions/${id}`, { token: TOKEN });
    return body.status === 'completed' || body.status === 'failed' ? body : undefined;
  }, 60_000);
}

async function execute(name: string): Promise<ExecutionRecord> {
  const started = await fetchJson<{ execution_id: string }>(`${base}/api/workflows/${name}/execute`, {
    body: { async_execution: true },
    token: TOKEN,
  });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  return finished(started.body.execution_id);
}

async function victimRuns(): Promise<number> {
  const { body } = await fetchJson<{ items: unknown[] }>(`${base}/api/executions?workflow_name=victim`, {
    token: TOKEN,
  });
  return body.items.length;
}

beforeAll(async () => {
  for (const [key, value] of Object.entries(SERVER_ENV)) {
    savedEnv[key] = process.env[key];
    process.env[key] = value;
  }
  sentinel = await listenOnFreePort((_req, res) => {
    sentinelHits += 1;
    res.end('reached');
  });
  const sentinelUrl = sentinel.url;
  redirector = await listenOnFreePort((_req, res) => {
    res.writeHead(302, { location: `${sentinelUrl}/internal` });
    res.end();
  }, '127.0.0.2');
  redirectorUrl = `${redirector.url}/`;
  // The store stays the project's SQLite file: the database URL is only in the process environment, to be leaked.
  running = await startProjectServer(
    { victim: serverWorkflow('victim'), envdump: serverWorkflow('envdump') },
    { env: { SKILL_TOKEN: TOKEN }, flags: { httpAllowList: ['127.0.0.2'] } },
  );
  ({ dir, url: base } = running);
}, 60_000);

afterAll(async () => {
  await running?.close();
  await Promise.all([sentinel?.close(), redirector?.close()]);
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('attack: SSRF from an API-created workflow', () => {
  it('refuses its http steps to the own API, metadata, mapped IPv6 and localhost; a redirect to loopback is not followed', async () => {
    const port = Number(new URL(base).port);
    const posted = await fetchJson(`${base}/api/workflows`, {
      body: { name: 'ssrf', content: ssrfWorkflow('ssrf', port) },
      token: TOKEN,
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const record = await execute('ssrf');
    for (const step of ['own_api', 'metadata', 'mapped', 'by_name']) {
      expect(record.steps[step]?.status, step).toBe('failed');
      expect(record.steps[step]?.error_code, step).toBe('EGRESS_REFUSED');
    }
    expect(record.steps.own_api?.error).toContain('127.0.0.1, a loopback address (127.0.0.0/8)');
    expect(record.steps.own_api?.error).toContain('SKILL_HTTP_ALLOW');
    expect(record.steps.metadata?.error).toContain('169.254.169.254, a link-local address');
    // the redirector is allow-listed; its 302 to loopback is returned, never followed
    expect(record.steps.redirect?.status).toBe('completed');
    expect(record.steps.redirect?.metadata?.status_code).toBe(302);
    expect(sentinelHits).toBe(0);
    expect(await victimRuns()).toBe(0);
    expect((await fetchJson(`${base}/api/health`)).status).toBe(200);
  }, 90_000);

  it('lets the same workflow reach them at the trusted level (the guard is what stopped it)', async () => {
    const port = Number(new URL(base).port);
    await writeFile(path.join(dir, '.workflows', 'ssrf-trusted.toml'), ssrfWorkflow('ssrf-trusted', port));
    const record = await execute('ssrf-trusted');
    expect(record.steps.own_api?.status).toBe('completed');
    expect(record.steps.mapped?.status).toBe('completed');
    expect(record.steps.by_name?.status).toBe('completed');
    expect(record.steps.metadata?.error ?? '').not.toContain('EGRESS_REFUSED');
    expect(await waitFor(async () => ((await victimRuns()) === 1 ? true : undefined), 30_000)).toBe(true);
  }, 90_000);
});

describe('attack: credentials read from the environment', () => {
  it("a trusted command step printing env shows neither the server's token nor the database password", async () => {
    expect(process.env.SKILL_TOKEN).toBe(TOKEN); // the server process does hold them
    const record = await execute('envdump');
    expect(record.steps.env?.status).toBe('completed');
    const output = String(record.steps.env?.output);
    expect(output).toContain('PATH=');
    const id = record.id;
    const seen = [
      JSON.stringify(record),
      JSON.stringify((await fetchJson(`${base}/api/executions/${id}/events`, { token: TOKEN })).body),
      JSON.stringify((await fetchJson(`${base}/api/executions/${id}/steps/env/logs`, { token: TOKEN })).body),
    ].join('\n');
    for (const needle of [TOKEN, DB_PASSWORD, 'SKILL_TOKEN', 'DATABASE_URL']) expect(seen).not.toContain(needle);
  }, 60_000);

  it('keeps executions.db and its -wal/-shm private (0600)', async () => {
    const db = path.join(dir, '.skill', 'executions.db');
    for (const file of [db, `${db}-wal`, `${db}-shm`]) expect((await stat(file)).mode & 0o777, file).toBe(0o600);
    expect((await stat(path.join(dir, '.skill'))).mode & 0o777).toBe(0o700);
  });

  it('refuses to start with a 10-character token, and stays healthy', async () => {
    const other = await createTempDir('skill-server-');
    try {
      expect(() => configFromEnv({ SKILL_TOKEN: '0123456789' }, { cwd: other.dir, port: 0 })).toThrow(
        'at least 32 characters, this one has 10',
      );
      const config = { ...configFromEnv({}, { cwd: other.dir, port: 0 }), token: '0123456789' };
      await expect(startServer(config)).rejects.toMatchObject({ code: 'INVALID_VALUE' });
    } finally {
      await other.cleanup();
    }
    expect((await fetchJson(`${base}/api/health`)).status).toBe(200);
  });
});
