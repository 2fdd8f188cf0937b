// decide_approval over Streamable HTTP with the SDK's own client: a waiting approval decided by an agent.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { waitFor } from '@skill/test-kit';
import { createEngine, type Engine } from '@skill/workflow-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type McpHttpFixture, startMcpHttpServer } from '../test/http-fixture.js';
import { callJson, resultText, waitForStatus } from '../test/mcp-client.js';
import { createTestProject, type TestProject } from '../test/project-fixture.js';

let project: TestProject;
let engine: Engine;
let fixture: McpHttpFixture;
let client: Client;

beforeAll(async () => {
  project = await createTestProject();
  engine = createEngine({ cwd: project.dir });
  fixture = await startMcpHttpServer(engine);
  client = new Client({ name: 'vitest', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(fixture.url));
});

afterAll(async () => {
  await client.close();
  await fixture.close();
  await engine.shutdown({ graceMs: 0 });
  await project.cleanup();
});

async function waitingRelease(): Promise<string> {
  const started = await callJson(client, 'execute_workflow', { workflow: 'gated-release', async_execution: true });
  const id = started.execution_id as string;
  await waitFor(async () => {
    const record = await callJson(client, 'get_workflow_status', { execution_id: id });
    return (record.steps as Record<string, { status: string }>).ask?.status === 'waiting';
  });
  return id;
}

describe('decide_approval', () => {
  it('approves with the form; the run completes with the values, decided by mcp', async () => {
    const id = await waitingRelease();
    const status = await callJson(client, 'get_workflow_status', { execution_id: id });
    expect((status.steps as Record<string, { metadata: unknown }>).ask?.metadata).toMatchObject({
      waiting: { kind: 'approval', message: 'Release?', fields: { note: { type: 'string', required: true } } },
    });
    const decided = await callJson(client, 'decide_approval', {
      execution_id: id,
      step_id: 'ask',
      decision: 'approve',
      fields: { note: 'from the agent' },
    });
    expect(decided).toMatchObject({ decision: 'approved', decided_by: 'mcp', fields: { note: 'from the agent' } });
    const record = await waitForStatus(client, id, ['completed', 'failed']);
    expect(record.status).toBe('completed');
    expect((record.steps as Record<string, { output: unknown }>).release?.output).toBe('from the agent');
  });

  it('answers bad forms and decisions for steps that do not wait with an error result, not a crash', async () => {
    const id = await waitingRelease();
    const bad = await client.callTool({
      name: 'decide_approval',
      arguments: { execution_id: id, step_id: 'ask', decision: 'approve', fields: { note: 5, other: true } },
    });
    expect(bad.isError).toBe(true);
    expect(resultText(bad)).toContain('FIELDS_INVALID');
    expect(resultText(bad)).toContain('field "note" must be a string, got number 5');
    const rejected = await callJson(client, 'decide_approval', {
      execution_id: id,
      step_id: 'ask',
      decision: 'reject',
    });
    expect(rejected.decision).toBe('rejected');
    const again = await client.callTool({
      name: 'decide_approval',
      arguments: { execution_id: id, step_id: 'ask', decision: 'approve', fields: { note: 'x' } },
    });
    expect(again.isError).toBe(true);
    expect(resultText(again)).toContain('STEP_NOT_WAITING');
    const wrongDecision = await client.callTool({
      name: 'decide_approval',
      arguments: { execution_id: id, step_id: 'ask', decision: 'maybe' },
    });
    expect(wrongDecision.isError).toBe(true);
    expect((await waitForStatus(client, id, ['completed', 'failed'])).status).toBe('failed');
  });
});
