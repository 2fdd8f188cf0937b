// Attacks on the API's protocol against a real server: a text/plain body (no CORS preflight), an HTTP/1.0
// request without Host (skips the DNS-rebinding check), a re-POST that would overwrite a workflow, and
// errors that would reveal the server's absolute paths. Each is refused or contained; the server stays healthy.
import { fetchJson, rawHttpExchange, workflowFixtures } from '@skill/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProjectServer, startProjectServer } from '../../test/project-server.js';

/** An API workflow whose one container step prints `word` (real Docker, local image). */
const say = (word: string) => `version = "1"
name = "say"
[[steps]]
id = "speak"
step_type = "docker_container"
[steps.docker]
image = "alpine:latest"
command = ["echo", "${word}"]
`;

let running: ProjectServer | undefined;
let base = '';

beforeAll(async () => {
  running = await startProjectServer(workflowFixtures('quick'));
  base = running.url;
});
afterAll(async () => {
  await running?.close();
});

async function healthy(): Promise<void> {
  const health = await fetchJson<{ status: string }>(`${base}/api/health`);
  expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
}

async function runSay(): Promise<string | undefined> {
  const run = await fetchJson<{ status: string; steps: Record<string, { output?: unknown }> }>(
    `${base}/api/workflows/say/execute`,
    { body: {} },
  );
  expect(run.status).toBe(200);
  return String(run.body.steps.speak?.output ?? '').trim();
}

describe('attack: protocol defects', () => {
  it('a cross-site form posting text/plain JSON is refused with 415 and starts nothing', async () => {
    for (const type of ['text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded']) {
      const response = await fetch(`${base}/api/workflows/quick/execute`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: JSON.stringify({ inputs: { name: 'csrf' } }),
      });
      expect(response.status, type).toBe(415);
      expect(await response.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    }
    const listed = await fetchJson<{ items: unknown[] }>(`${base}/api/executions`);
    expect(listed.body.items).toHaveLength(0);
    await healthy();
  });

  it('an HTTP/1.0 request without Host is refused with 400 (no way around the rebinding check)', async () => {
    for (const line of ['GET /api/workflows HTTP/1.0', 'POST /api/workflows/quick/execute HTTP/1.0']) {
      const answer = await rawHttpExchange(
        base,
        `${line}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
      );
      expect(answer, line).toMatch(/^HTTP\/1\.[01] 400 /);
      expect(answer, line).toContain('HOST_REQUIRED');
    }
    const listed = await fetchJson<{ items: unknown[] }>(`${base}/api/executions`);
    expect(listed.body.items).toHaveLength(0);
    await healthy();
  });

  it('re-POSTing a workflow is refused with 409 and the workflow still runs unchanged; PUT replaces it', async () => {
    expect((await fetchJson(`${base}/api/workflows`, { body: { name: 'say', content: say('one') } })).status).toBe(201);
    const hijack = await fetchJson<{ error: { code: string; message: string } }>(`${base}/api/workflows`, {
      body: { name: 'say', content: say('hijacked') },
    });
    expect(hijack.status).toBe(409);
    expect(hijack.body.error.code).toBe('WORKFLOW_EXISTS');
    expect(hijack.body.error.message).toContain('PUT /api/workflows/say');
    const shown = await fetchJson<{ source: string }>(`${base}/api/workflows/say`);
    expect(shown.body.source).toBe(say('one'));
    expect(await runSay()).toBe('one');

    const put = await fetchJson(`${base}/api/workflows/say`, { method: 'PUT', body: { content: say('two') } });
    expect(put.status).toBe(200);
    expect(await runSay()).toBe('two');
    await healthy();
  }, 120_000);

  it('errors about missing files name them relative to the project, never by absolute path', async () => {
    const missing = await fetchJson<{ error: { code: string; message: string } }>(
      `${base}/api/workflows/ghost/execute`,
      {
        body: {},
      },
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('WORKFLOW_NOT_FOUND');
    expect(missing.body.error.message).toContain('.workflows/ghost.toml');
    for (const url of [`${base}/api/workflows/ghost/execute`, `${base}/api/workflows/ghost`]) {
      const text = JSON.stringify((await fetchJson(url, url.endsWith('execute') ? { body: {} } : {})).body);
      expect(text, url).not.toContain(running?.dir);
      expect(text, url).not.toMatch(/"\/(tmp|home|root|work)\//);
    }
    await healthy();
  });
});
