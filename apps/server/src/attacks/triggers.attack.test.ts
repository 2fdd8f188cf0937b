// Attacks on triggers through the whole server (with a token): floods of unsigned webhook calls, a concurrent
// replay of one signed delivery, triggers declared by API-created workflows, schedule pauses without the token.
import { createHmac } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fetchJson, waitFor } from '@skill/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProjectServer, startProjectServer } from '../../test/project-server.js';

const TOKEN = 'server-token-0123456789abcdef0123456789';
const SECRET = 'attack-hook-secret-42';

const HOOK = `version = "1"
name = "hook"
[[triggers]]
type = "webhook"
secret = "{secrets.HOOK_SECRET}"
inputs = { ref = "{trigger.body.ref}" }
[[steps]]
id = "a"
command = "true"
`;
const TICK = `version = "1"
name = "tick"
[[triggers]]
cron = "* * * * * *"
overlap = "allow"
[[steps]]
id = "a"
command = "true"
`;

let project: ProjectServer;
const auth = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  project = await startProjectServer(
    { hook: HOOK, tick: TICK },
    {
      flags: async (dir) => {
        const file = path.join(dir, '.skill/secrets.env');
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, `HOOK_SECRET=${SECRET}\n`);
        await chmod(file, 0o600);
        return { token: TOKEN };
      },
    },
  );
});
afterAll(async () => {
  await project?.close();
});

async function post(workflow: string, body: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(`${project.url}/api/hooks/${workflow}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

async function executionsOf(workflow: string): Promise<number> {
  const page = await fetchJson<{ items: unknown[] }>(
    `${project.url}/api/executions?workflow_name=${workflow}&limit=1000`,
    {
      headers: auth,
    },
  );
  return page.body.items.length;
}

describe('trigger attacks', () => {
  it('200 concurrent unsigned or wrongly signed calls all get 401, start nothing, and the server stays healthy', async () => {
    const body = JSON.stringify({ ref: 'main' });
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        post('hook', body, {
          'x-github-delivery': `flood-${i}`,
          ...(i % 2 ? { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` } : {}),
        }),
      ),
    );
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect(await executionsOf('hook')).toBe(0);
    expect((await fetchJson(`${project.url}/api/health`)).status).toBe(200);
  });

  it('one signed delivery sent 20 times at once starts exactly one execution', async () => {
    const body = JSON.stringify({ ref: 'refs/heads/main' });
    const headers = {
      'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
      'x-github-delivery': 'replayed-delivery',
    };
    const statuses = await Promise.all(Array.from({ length: 20 }, () => post('hook', body, headers)));
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(await executionsOf('hook')).toBe(1);
  });

  it('triggers of API-created workflows are not honoured; pausing needs the token', async () => {
    const evil = [
      'version = "1"\nname = "evil"',
      '[[triggers]]\ncron = "* * * * * *"\noverlap = "allow"',
      '[[triggers]]\ntype = "webhook"\ntoken = "{secrets.HOOK_SECRET}"',
      '[[steps]]\nid = "a"\nstep_type = "http"\n[steps.http]\nurl = "https://example.invalid/"',
    ].join('\n');
    const created = await fetchJson(`${project.url}/api/workflows`, {
      method: 'POST',
      headers: auth,
      body: { name: 'evil', content: evil },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(await post('evil', '{}', { authorization: `Bearer ${SECRET}`, 'x-github-delivery': 'e1' })).toBe(404);
    // The trusted per-second schedule fires meanwhile; the API-created one never does.
    await waitFor(async () => (await executionsOf('tick')) >= 2, 30_000);
    expect(await executionsOf('evil')).toBe(0);
    const listed = await fetchJson<{ items: { workflow_name: string }[] }>(`${project.url}/api/schedules`, {
      headers: auth,
    });
    expect(listed.body.items.map((s) => s.workflow_name)).toEqual(['tick']);
    expect((await fetchJson(`${project.url}/api/schedules/tick/0/pause`, { method: 'POST' })).status).toBe(401);
    expect((await fetchJson(`${project.url}/api/schedules`)).status).toBe(401);
  });
});
