// Streamable HTTP: the SDK's own client against a real node:http server and a real engine running command steps.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { waitFor } from '@skill/test-kit';
import { createEngine, type Engine } from '@skill/workflow-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type McpHttpFixture, startMcpHttpServer } from '../test/http-fixture.js';
import { callJson, resultText, TOOL_NAMES, waitForStatus } from '../test/mcp-client.js';
import { createTestProject, type TestProject } from '../test/project-fixture.js';

let project: TestProject;
let engine: Engine;
let fixture: McpHttpFixture;
const clients: Client[] = [];

async function connect(): Promise<Client> {
  const client = new Client({ name: 'vitest', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(fixture.url));
  clients.push(client);
  return client;
}

beforeAll(async () => {
  project = await createTestProject();
  engine = createEngine({ cwd: project.dir });
  fixture = await startMcpHttpServer(engine);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await fixture.close();
  await engine.shutdown({ graceMs: 0 });
  await project.cleanup();
});

describe('MCP over Streamable HTTP', () => {
  it("lists the guide's seven tools (with its argument names) and list_skills", async () => {
    const client = await connect();
    expect(client.getServerVersion()?.name).toBe('skill-engine');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOL_NAMES);
    const execute = tools.find((t) => t.name === 'execute_workflow');
    expect(Object.keys(execute?.inputSchema.properties ?? {})).toEqual(['workflow', 'inputs', 'async_execution']);
    expect(execute?.inputSchema.required).toEqual(['workflow']);
    const listExecutions = tools.find((t) => t.name === 'list_executions');
    expect(Object.keys(listExecutions?.inputSchema.properties ?? {})).toEqual([
      'workflow_name',
      'status',
      'limit',
      'cursor',
    ]);
  });

  it('runs the Quick Start call {"workflow": "hello-workflow", "inputs": {}} synchronously', async () => {
    const client = await connect();
    const result = await callJson(client, 'execute_workflow', { workflow: 'hello-workflow', inputs: {} });
    expect(result).toEqual({
      execution_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'completed',
      steps: { greet: { status: 'completed', output: 'Hello, Workflow!', error: null } },
      error: null,
    });
    const status = await callJson(client, 'get_workflow_status', { execution_id: result.execution_id });
    expect(status).toMatchObject({
      id: result.execution_id,
      workflow_name: 'hello-workflow',
      status: 'completed',
      inputs: {},
      steps: { greet: { step_id: 'greet', status: 'completed', attempts: 1, output: 'Hello, Workflow!' } },
    });
    expect(status).not.toHaveProperty('definition');
  });

  it('sends one progress notification per finished step during a sync execution', async () => {
    const client = await connect();
    const progress: Progress[] = [];
    const result = await client.callTool(
      { name: 'execute_workflow', arguments: { workflow: 'three-steps' } },
      undefined,
      {
        onprogress: (p) => progress.push(p),
      },
    );
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ status: 'completed', steps: { c: { output: { done: true } } } });
    expect(progress).toEqual([
      { progress: 1, total: 3, message: 'step a completed' },
      { progress: 2, total: 3, message: 'step b completed' },
      { progress: 3, total: 3, message: 'step c completed' },
    ]);
  });

  it('passes inputs, and reports invalid inputs and unknown workflows as CODE: message tool errors', async () => {
    const client = await connect();
    const ok = await callJson(client, 'execute_workflow', { workflow: 'greet-input', inputs: { who: 'Ada' } });
    expect(ok.steps).toEqual({ hi: { status: 'completed', output: 'hi Ada', error: null } });
    const invalid = await client.callTool({ name: 'execute_workflow', arguments: { workflow: 'greet-input' } });
    expect(invalid.isError).toBe(true);
    expect(resultText(invalid)).toMatch(/^INPUTS_INVALID: /);
    expect(resultText(invalid)).toContain('INPUT_MISSING');
    expect(invalid.structuredContent).toMatchObject({ error: { code: 'INPUTS_INVALID' } });
    const missing = await client.callTool({ name: 'execute_workflow', arguments: { workflow: 'no-such-flow' } });
    expect(missing.isError).toBe(true);
    expect(resultText(missing)).toMatch(/^WORKFLOW_NOT_FOUND: workflow "no-such-flow" not found/);
    const noArgs = await client.callTool({ name: 'execute_workflow', arguments: {} });
    expect(noArgs.isError).toBe(true);
    expect(resultText(noArgs)).toContain('Input validation error');
  });

  it('runs files by path inside the project only; files outside .workflows are untrusted', async () => {
    const client = await connect();
    const byPath = await callJson(client, 'execute_workflow', { workflow: '.workflows/hello-workflow.toml' });
    expect(byPath.status).toBe('completed');
    const escaping = await client.callTool({ name: 'execute_workflow', arguments: { workflow: '../etc/x.toml' } });
    expect(escaping.isError).toBe(true);
    expect(resultText(escaping)).toMatch(
      /^INVALID_VALUE: workflow path "..\/etc\/x.toml" is outside the project folder/,
    );
    const absolute = await client.callTool({ name: 'execute_workflow', arguments: { workflow: '/etc/passwd' } });
    expect(resultText(absolute)).toMatch(/^INVALID_VALUE: .* is outside the project folder/);
    const untrusted = await client.callTool({
      name: 'execute_workflow',
      arguments: { workflow: 'other/outside-workflows.toml' },
    });
    expect(untrusted.isError).toBe(true);
    expect(resultText(untrusted)).toMatch(/^UNTRUSTED_STEP: /);
  });

  it('starts asynchronously, lists and cancels executions (waiting for the end)', async () => {
    const client = await connect();
    const started = await callJson(client, 'execute_workflow', { workflow: 'slow', async_execution: true });
    expect(Object.keys(started)).toEqual(['execution_id', 'status']);
    expect(['pending', 'running']).toContain(started.status);
    const id = started.execution_id as string;
    await waitForStatus(client, id, ['running']);
    const running = await callJson(client, 'list_executions', { workflow_name: 'slow', status: 'running' });
    expect(running.items).toEqual([
      { id, workflow_name: 'slow', status: 'running', created_at: expect.any(String), duration_ms: null },
    ]);
    expect(await callJson(client, 'cancel_execution', { execution_id: id, wait: true })).toEqual({
      cancelled: true,
      outcome: 'cancelling',
      status: 'cancelled',
    });
    expect(await callJson(client, 'cancel_execution', { execution_id: id })).toEqual({
      cancelled: false,
      outcome: 'not_running',
      status: 'cancelled',
    });
  });

  it('cancels a sync execution when the client cancels the request', async () => {
    const client = await connect();
    const abort = new AbortController();
    const call = client.callTool({ name: 'execute_workflow', arguments: { workflow: 'slow' } }, undefined, {
      signal: abort.signal,
    });
    call.catch(() => {});
    const id = await waitFor(async () => {
      const page = await callJson(client, 'list_executions', { workflow_name: 'slow', status: 'running' });
      return (page.items as { id: string }[])[0]?.id;
    });
    abort.abort('changed my mind');
    await expect(call).rejects.toThrow();
    expect((await waitForStatus(client, id, ['cancelled', 'failed', 'completed'])).status).toBe('cancelled');
  });

  it('pages executions with limit and next_cursor', async () => {
    const client = await connect();
    await callJson(client, 'execute_workflow', { workflow: 'data-pipeline' });
    await callJson(client, 'execute_workflow', { workflow: 'data-pipeline' });
    const first = await callJson(client, 'list_executions', {
      workflow_name: 'data-pipeline',
      status: 'completed',
      limit: 1,
    });
    expect(first.items).toHaveLength(1);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await callJson(client, 'list_executions', {
      workflow_name: 'data-pipeline',
      limit: 1,
      cursor: first.next_cursor,
    });
    expect(second.items).toHaveLength(1);
    expect((second.items as { id: string }[])[0]?.id).not.toBe((first.items as { id: string }[])[0]?.id);
    expect((second.items as { duration_ms: unknown }[])[0]?.duration_ms).toEqual(expect.any(Number));
    const bad = await client.callTool({ name: 'list_executions', arguments: { status: 'sleeping' } });
    expect(bad.isError).toBe(true);
  });

  it('list_skills: the catalogue, one skill with its argument schemas, a tool error for an unknown name', async () => {
    const client = await connect();
    const all = await callJson(client, 'list_skills', {});
    const http = (all.skills as { name: string; origin: string; tools: unknown[] }[]).find((s) => s.name === 'http');
    expect(http).toMatchObject({ origin: 'builtin', tools: [{ name: 'request' }] });
    expect(http?.tools[0]).not.toHaveProperty('input_schema');
    const one = await callJson(client, 'list_skills', { skill: 'http' });
    const schema = (one.skills as { tools: { input_schema: { properties: object } }[] }[])[0]?.tools[0]?.input_schema;
    expect(Object.keys(schema?.properties ?? {})).toContain('url');
    const unknown = await client.callTool({ name: 'list_skills', arguments: { skill: 'nope' } });
    expect(unknown.isError).toBe(true);
    expect(resultText(unknown)).toContain('no skill named "nope"');
  });

  it('list_schedules: the schedules of the workflows, with next fire times', async () => {
    const client = await connect();
    expect(await callJson(client, 'list_schedules', {})).toEqual({ schedules: [] });
    const file = path.join(project.dir, '.workflows/nightly.toml');
    await writeFile(
      file,
      'version = "1"\nname = "nightly"\n[[triggers]]\ncron = "0 3 * * *"\n[[steps]]\nid = "a"\ncommand = "true"\n',
    );
    try {
      const listed = await callJson(client, 'list_schedules', { workflow_name: 'nightly' });
      expect(listed.schedules).toEqual([
        expect.objectContaining({ workflow_name: 'nightly', trigger_index: 0, cron: '0 3 * * *', paused: false }),
      ]);
      expect((listed.schedules as { next_fire: string }[])[0]?.next_fire).toMatch(/T03:00:00\.000Z$/);
      expect(await callJson(client, 'list_schedules', { workflow_name: 'other' })).toEqual({ schedules: [] });
    } finally {
      await rm(file);
    }
  });

  it('filters workflows by regex and rejects invalid or oversized patterns', async () => {
    const client = await connect();
    const all = await callJson(client, 'list_workflows', {});
    expect((all.workflows as { name: string }[]).map((w) => w.name)).toEqual([
      'broken',
      'data-pipeline',
      'fails-once',
      'gated-release',
      'greet-input',
      'hello-workflow',
      'ml-pipeline',
      'short-nap',
      'slow',
      'three-steps',
    ]);
    expect((all.workflows as { name: string }[]).find((w) => w.name === 'broken')).toEqual({
      name: 'broken',
      description: null,
      step_count: 0,
      valid: false,
      trust: 'trusted',
    });
    const pipelines = await callJson(client, 'list_workflows', { name_pattern: '.*pipeline.*' });
    expect(pipelines.workflows).toEqual([
      { name: 'data-pipeline', description: 'ETL', step_count: 1, valid: true, trust: 'trusted' },
      { name: 'ml-pipeline', description: 'training', step_count: 1, valid: true, trust: 'trusted' },
    ]);
    const invalid = await client.callTool({ name: 'list_workflows', arguments: { name_pattern: '(unclosed' } });
    expect(invalid.isError).toBe(true);
    expect(resultText(invalid)).toMatch(/^INVALID_VALUE: name_pattern is not a valid regular expression: /);
    const long = await client.callTool({ name: 'list_workflows', arguments: { name_pattern: 'a'.repeat(201) } });
    expect(resultText(long)).toBe('INVALID_VALUE: name_pattern is longer than 200 characters');
  });

  it('validates by name, path or TOML content', async () => {
    const client = await connect();
    expect(await callJson(client, 'validate_workflow', { workflow: 'hello-workflow' })).toEqual({
      ok: true,
      diagnostics: [],
    });
    const broken = await callJson(client, 'validate_workflow', { workflow: '.workflows/broken.toml' });
    expect(broken.ok).toBe(false);
    expect((broken.diagnostics as { code: string; line: number }[])[0]).toMatchObject({ code: 'UNKNOWN_KEY', line: 7 });
    const content = await callJson(client, 'validate_workflow', {
      content:
        'version = "1"\nname = "x"\n[[steps]]\nid = "a"\nstep_type = "command"\ncommand = "echo"\ndepends_on = ["zz"]\n',
    });
    expect(content.ok).toBe(false);
    expect((content.diagnostics as { code: string }[]).map((d) => d.code)).toEqual(['UNKNOWN_DEPENDENCY']);
    // Content is always text, never a path the engine would read.
    const notAPath = await callJson(client, 'validate_workflow', { content: '/etc/passwd' });
    expect(notAPath.ok).toBe(false);
    expect((notAPath.diagnostics as { code: string }[])[0]?.code).toBe('TOML_SYNTAX');
    const neither = await client.callTool({ name: 'validate_workflow', arguments: {} });
    expect(resultText(neither)).toMatch(/^INVALID_VALUE: give exactly one of/);
  });

  it('retries an execution from its failed step, reusing upstream outputs', async () => {
    const client = await connect();
    const failed = await callJson(client, 'execute_workflow', { workflow: 'fails-once' });
    expect(failed.status).toBe('failed');
    expect((failed.steps as Record<string, { status: string }>).check?.status).toBe('failed');
    await writeFile(project.marker, 'ready');
    const retried = await callJson(client, 'retry_execution', {
      execution_id: failed.execution_id,
      from_step: 'check',
    });
    expect(Object.keys(retried)).toEqual(['execution_id']);
    expect(retried.execution_id).not.toBe(failed.execution_id);
    const record = await waitForStatus(client, retried.execution_id as string, ['completed', 'failed', 'cancelled']);
    expect(record).toMatchObject({
      status: 'completed',
      retry_of: { execution_id: failed.execution_id, from: 'check', downstream: true },
      steps: { prepare: { output: 'prepared' }, check: { status: 'completed', output: 'ready' } },
    });
  });

  it('reports unknown executions as EXECUTION_NOT_FOUND tool errors', async () => {
    const client = await connect();
    for (const name of ['get_workflow_status', 'cancel_execution', 'retry_execution']) {
      const result = await client.callTool({ name, arguments: { execution_id: 'no-such-id' } });
      expect(result.isError).toBe(true);
      expect(resultText(result)).toBe('EXECUTION_NOT_FOUND: execution no-such-id not found');
    }
  });
});
