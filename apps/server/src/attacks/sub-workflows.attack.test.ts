// Attacks through sub-workflows on the whole server: an API-created (user-provided) workflow that calls a trusted
// one to run host commands, a child chosen by data (a templated name), a path out of the workflows folder, and a
// workflow that calls itself forever. Each is refused when the workflow is created; nothing runs.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fetchJson } from '@skill/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProjectServer, startProjectServer } from '../../test/project-server.js';

/** A trusted workflow of the server's folder that touches `owned` in the project folder. */
const HOST = 'version = "1"\nname = "host"\n[[steps]]\nid = "touch"\ncommand = "touch owned"\n';

let project: ProjectServer;

beforeAll(async () => {
  project = await startProjectServer({ host: HOST });
});
afterAll(async () => {
  await project?.close();
});

async function create(name: string, steps: string) {
  const content = `version = "1"\nname = "${name}"\n[inputs]\nname = { type = "string", default = "host" }\n${steps}`;
  return fetchJson<{
    error: { code: string; message: string; details: { diagnostics: { code: string; message: string }[] } };
  }>(`${project.url}/api/workflows`, { method: 'POST', body: { name, content } });
}

describe('sub-workflow attacks', () => {
  it('an API-created workflow cannot run a trusted one to reach the host', async () => {
    const reply = await create('climb', '[[steps]]\nid = "call"\nworkflow = "host"\n');
    expect(reply.status).toBe(400);
    const codes = reply.body.error.details.diagnostics.map((d) => d.code);
    expect(codes).toContain('UNTRUSTED_STEP');
    const run = await fetchJson(`${project.url}/api/workflows/climb/execute`, { method: 'POST', body: {} });
    expect(run.status).toBe(404);
    expect(existsSync(path.join(project.dir, 'owned'))).toBe(false);
  });

  it('the child is never chosen by data, nor named by a path', async () => {
    for (const name of ['{inputs.name}', '../.workflows/host', '../../../etc/passwd', 'sub/host', '.workflows']) {
      const reply = await create('pick', `[[steps]]\nid = "call"\nworkflow = "${name}"\n`);
      expect(reply.status, name).toBe(400);
      const messages = reply.body.error.details.diagnostics.map((d) => d.message).join('\n');
      expect(messages, name).toMatch(/is a template|is not a workflow name/);
    }
    expect(existsSync(path.join(project.dir, 'owned'))).toBe(false);
  });

  it('a workflow that calls itself is refused before it can run', async () => {
    const reply = await create('forever', '[[steps]]\nid = "again"\nworkflow = "forever"\n');
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.diagnostics.map((d) => d.code)).toEqual(['SUB_WORKFLOW_RECURSION']);
  });
});
