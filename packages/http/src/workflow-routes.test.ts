// /api/health, /api/workflows (list, show, create) and execute, against a real server and engine.
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { waitFor, workflowFixture } from '@skill/test-kit';
import { VERSION } from '@skill/workflow-core';
import { describe, expect, it } from 'vitest';
import { httpWorkflow, startHttpFixture, useHttpFixture } from '../test/http-fixture.js';

const HELLO = httpWorkflow('hello');
const API_CREATED = httpWorkflow('api-made');
const API_SHELL = httpWorkflow('api-shell');

describe('workflow routes', () => {
  const fx = useHttpFixture({ hello: HELLO, broken: workflowFixture('broken') });

  it('GET /api/health answers ok with the version', async () => {
    const reply = await fx().api('/api/health');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ status: 'ok', version: VERSION });
  });

  it('GET /api/workflows lists valid and invalid workflows', async () => {
    const reply = await fx().api('/api/workflows');
    expect(reply.status).toBe(200);
    const byName = Object.fromEntries(reply.body.items.map((w: { name: string }) => [w.name, w]));
    expect(byName.hello).toEqual({
      name: 'hello',
      description: 'Says hello',
      file: path.join('.workflows', 'hello.toml'),
      step_count: 1,
      valid: true,
      trusted: true,
      trust: 'trusted',
      diagnostics: [],
    });
    expect(byName.broken.valid).toBe(false);
    expect(byName.broken.diagnostics[0]).toMatchObject({ code: 'UNKNOWN_DEPENDENCY', severity: 'error', line: 8 });
  });

  it('GET /api/workflows/:name returns the definition and the TOML source', async () => {
    const reply = await fx().api('/api/workflows/hello');
    expect(reply.status).toBe(200);
    expect(reply.body.name).toBe('hello');
    expect(reply.body.source).toBe(HELLO);
    expect(reply.body.valid).toBe(true);
    expect(reply.body.trusted).toBe(true);
    expect(reply.body.definition.steps.map((s: { id: string }) => s.id)).toEqual(['greet']);
    expect(reply.body.diagnostics).toEqual([]);
  });

  it('GET /api/workflows/:name answers 404 for an unknown workflow and 400 for path-like names', async () => {
    const missing = await fx().api('/api/workflows/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('WORKFLOW_NOT_FOUND');
    for (const name of ['..%2F..%2Fetc%2Fpasswd', '.hidden', 'a..b', 'hello.toml', '%2Ftmp%2Fx']) {
      const reply = await fx().api(`/api/workflows/${name}`);
      expect(reply.status, name).toBe(400);
      expect(reply.body.error.code, name).toBe('INVALID_WORKFLOW_NAME');
    }
  });

  it('POST /api/workflows creates an untrusted workflow (guide shape)', async () => {
    const reply = await fx().api('/api/workflows', {
      body: { name: 'api-made', content: API_CREATED, format: 'toml' },
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      name: 'api-made',
      trusted: false,
      trust: 'user-provided',
      file: path.join('.skill', 'workflows', 'api-made.toml'),
      diagnostics: [],
    });
    expect(reply.headers.get('location')).toBe('/api/workflows/api-made');
    expect(await readFile(path.join(fx().dir, '.skill', 'workflows', 'api-made.toml'), 'utf8')).toBe(API_CREATED);
    const shown = await fx().api('/api/workflows/api-made');
    expect(shown.body).toMatchObject({
      name: 'api-made',
      trusted: false,
      trust: 'user-provided',
      source: API_CREATED,
      valid: true,
    });
    const listed = await fx().api('/api/workflows');
    expect(listed.body.items.find((w: { name: string }) => w.name === 'api-made')?.trusted).toBe(false);
  });

  it('POST /api/workflows answers 400 with located diagnostics for invalid TOML', async () => {
    const content = 'version = "1"\nname = "bad"\n[[steps]]\nid = "a"\ncommand = "true"\ndepends_on = ["ghost"]\n';
    const reply = await fx().api('/api/workflows', { body: { name: 'bad', content, format: 'toml' } });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('WORKFLOW_INVALID');
    expect(reply.body.error.details.diagnostics).toHaveLength(1);
    expect(reply.body.error.details.diagnostics[0]).toMatchObject({
      code: 'UNKNOWN_DEPENDENCY',
      severity: 'error',
      line: 6,
      step_id: 'a',
    });
    const syntax = await fx().api('/api/workflows', { body: { name: 'bad', content: 'name = "bad"\n[[steps]\n' } });
    expect(syntax.status).toBe(400);
    expect(syntax.body.error.details.diagnostics[0]).toMatchObject({ code: 'TOML_SYNTAX', line: 2 });
    await expect(access(path.join(fx().dir, '.skill', 'workflows', 'bad.toml'))).rejects.toThrow();
  });

  it('POST /api/workflows refuses bad names, mismatched names, other formats and trusted names', async () => {
    const traversal = API_CREATED.replace('name = "api-made"', 'name = "../../evil"');
    const evil = await fx().api('/api/workflows', { body: { name: '../../evil', content: traversal } });
    expect(evil.status).toBe(400);
    expect(evil.body.error.code).toBe('INVALID_WORKFLOW_NAME');
    await expect(access(path.join(fx().dir, 'evil.toml'))).rejects.toThrow();

    const mismatch = await fx().api('/api/workflows', { body: { name: 'other', content: API_CREATED } });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error).toMatchObject({
      code: 'WORKFLOW_NAME_MISMATCH',
      details: { expected: 'other', actual: 'api-made' },
    });

    const yaml = await fx().api('/api/workflows', { body: { name: 'api-made', content: API_CREATED, format: 'yaml' } });
    expect(yaml.status).toBe(400);
    expect(yaml.body.error).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'format' } });

    // A workflow the API level allows, under the name of a trusted one: the name is taken.
    const impostor = API_CREATED.replace('name = "api-made"', 'name = "hello"');
    const taken = await fx().api('/api/workflows', { body: { name: 'hello', content: impostor } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('WORKFLOW_EXISTS');

    const noContent = await fx().api('/api/workflows', { body: { name: 'x' } });
    expect(noContent.status).toBe(400);
    expect(noContent.body.error).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'content' } });

    const notJson = await fx().api('/api/workflows', { body: '{"name": ' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('INVALID_JSON');
  });

  it('POST /api/workflows/:name/execute waits and returns the execution (guide curl shape)', async () => {
    const reply = await fx().api('/api/workflows/hello/execute', { body: { inputs: { who: 'Ada' } } });
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('completed');
    expect(reply.body.workflow_name).toBe('hello');
    expect(reply.body.inputs).toEqual({ who: 'Ada' });
    expect(reply.body.steps.greet).toMatchObject({ status: 'completed', output: 'hello Ada', attempts: 1 });
    expect(reply.headers.get('location')).toBe(`/api/executions/${reply.body.id}`);
  });

  it('POST /api/workflows/:name/execute with async_execution answers 202 with the id at once', async () => {
    const reply = await fx().api('/api/workflows/hello/execute', {
      body: { inputs: { who: 'Grace' }, async_execution: true },
    });
    expect(reply.status).toBe(202);
    expect(Object.keys(reply.body).sort()).toEqual(['execution_id', 'status']);
    expect(['pending', 'running']).toContain(reply.body.status);
    const id = reply.body.execution_id as string;
    const record = await waitFor(async () => {
      const r = await fx().api(`/api/executions/${id}`);
      return r.body.status === 'completed' ? r.body : undefined;
    });
    expect(record.steps.greet.output).toBe('hello Grace');
  });

  it('execute answers 400 with diagnostics for invalid inputs and invalid workflows, 404 for unknown ones', async () => {
    const noInput = await fx().api('/api/workflows/hello/execute', { body: { inputs: {} } });
    expect(noInput.status).toBe(400);
    expect(noInput.body.error.code).toBe('INPUTS_INVALID');
    expect(noInput.body.error.details.diagnostics.map((d: { code: string }) => d.code)).toEqual(['INPUT_MISSING']);

    const wrongType = await fx().api('/api/workflows/hello/execute', { body: { inputs: { who: 42 } } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details.diagnostics[0].code).toBe('INPUT_TYPE');

    const broken = await fx().api('/api/workflows/broken/execute', { body: {} });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('WORKFLOW_INVALID');
    expect(broken.body.error.details.diagnostics[0]).toMatchObject({ code: 'UNKNOWN_DEPENDENCY', line: 8 });

    const missing = await fx().api('/api/workflows/ghost/execute', { body: {} });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('WORKFLOW_NOT_FOUND');

    const badInputs = await fx().api('/api/workflows/hello/execute', { body: { inputs: [1] } });
    expect(badInputs.status).toBe(400);
    expect(badInputs.body.error).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'inputs' } });
  });

  it('refuses to store an API workflow with a command step: 400 with a located UNTRUSTED_STEP diagnostic', async () => {
    const reply = await fx().api('/api/workflows', { body: { name: 'api-shell', content: API_SHELL, format: 'toml' } });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.diagnostics).toEqual([
      expect.objectContaining({
        code: 'UNTRUSTED_STEP',
        step_id: 'shell',
        line: 5,
        message: 'command is not allowed at trust level user-provided (see docs/security.md)',
      }),
    ]);
    expect((await fx().api('/api/workflows/api-shell')).status).toBe(404);
  });

  it('refuses to execute a stored workflow its level does not allow: 403 UNTRUSTED_STEP', async () => {
    await mkdir(path.join(fx().dir, '.skill', 'workflows'), { recursive: true });
    await writeFile(path.join(fx().dir, '.skill', 'workflows', 'api-shell.toml'), API_SHELL);
    const reply = await fx().api('/api/workflows/api-shell/execute', { body: { inputs: {} } });
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('UNTRUSTED_STEP');
    const page = await fx().api('/api/executions?workflow_name=api-shell');
    expect(page.body.items).toEqual([]);
  });
});

describe('untrusted workflows with allowUntrusted', () => {
  it('runs an API-created command workflow when the engine allows it', async () => {
    const own = await startHttpFixture({}, { engine: { allowUntrusted: true } });
    try {
      const created = await own.api('/api/workflows', { body: { name: 'api-shell', content: API_SHELL } });
      expect(created.status).toBe(201);
      const reply = await own.api('/api/workflows/api-shell/execute', { body: { inputs: {} } });
      expect(reply.status).toBe(200);
      expect(reply.body.status).toBe('completed');
      expect(reply.body.trusted).toBe(false);
      expect(reply.body.steps.shell.output).toBe('from the api');
    } finally {
      await own.close();
    }
  });
});
