// stdio: serveMcpStdio in process over stream pairs, and the built package in a real child process.
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { waitFor } from '@skill/test-kit';
import { createEngine, type Engine } from '@skill/workflow-core';
import { afterEach, describe, expect, it } from 'vitest';
import { callJson, resultText, TOOL_NAMES } from '../test/mcp-client.js';
import { createTestProject, type TestProject } from '../test/project-fixture.js';
import { StreamClientTransport } from '../test/stream-client-transport.js';
import { type McpStdioOptions, serveMcpStdio } from './stdio-server.js';

const engines: Engine[] = [];
const projects: TestProject[] = [];

afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.shutdown({ graceMs: 0 })));
  await Promise.all(projects.splice(0).map((p) => p.cleanup()));
});

async function serveInProcess(options: Omit<McpStdioOptions, 'engine' | 'input' | 'output'> = {}) {
  const project = await createTestProject();
  projects.push(project);
  const engine = createEngine({ cwd: project.dir });
  engines.push(engine);
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const session = await serveMcpStdio({ engine, input: toServer, output: toClient, ...options });
  const client = new Client({ name: 'vitest', version: '1.0.0' });
  await client.connect(new StreamClientTransport(toClient, toServer));
  return { engine, session, client, toServer, toClient };
}

describe('serveMcpStdio (in process)', () => {
  it('serves the tools and progress notifications over stdio framing', async () => {
    const { client, session } = await serveInProcess();
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(TOOL_NAMES);
    const progress: Progress[] = [];
    const result = await client.callTool(
      { name: 'execute_workflow', arguments: { workflow: 'hello-workflow', inputs: {} } },
      undefined,
      { onprogress: (p) => progress.push(p) },
    );
    expect(result.structuredContent).toMatchObject({
      status: 'completed',
      steps: { greet: { status: 'completed', output: 'Hello, Workflow!', error: null } },
    });
    expect(progress).toEqual([{ progress: 1, total: 1, message: 'step greet completed' }]);
    const missing = await client.callTool({ name: 'get_workflow_status', arguments: { execution_id: 'x' } });
    expect(resultText(missing)).toBe('EXECUTION_NOT_FOUND: execution x not found');
    await client.close();
    await session.closed;
  });

  it('ends the session when the input ends, leaving a running sync execution to finish', async () => {
    const { engine, client, session, toServer, toClient } = await serveInProcess();
    const call = client.callTool({ name: 'execute_workflow', arguments: { workflow: 'short-nap' } });
    call.catch(() => {});
    const running = await waitFor(
      async () => (await engine.listExecutions({ status: 'running' })).items.length || undefined,
    );
    expect(running).toBe(1);
    toServer.end();
    await session.closed;
    toClient.end(); // what the exiting `skill mcp` process does to its stdout
    await expect(call).rejects.toThrow();
    const [execution] = (await engine.listExecutions({ workflow_name: 'short-nap' })).items;
    const id = execution?.id as string;
    for await (const _event of engine.follow(id)); // ends at the terminal event
    expect((await engine.requireExecution(id)).status).toBe('completed');
  });

  it('trusts workflow files given by path only when told to', async () => {
    const untrusted = await serveInProcess();
    const refused = await untrusted.client.callTool({
      name: 'execute_workflow',
      arguments: { workflow: 'other/outside-workflows.toml' },
    });
    expect(resultText(refused)).toMatch(/^UNTRUSTED_STEP: /);
    const trusted = await serveInProcess({ trusted: true });
    const ran = await callJson(trusted.client, 'execute_workflow', { workflow: 'other/outside-workflows.toml' });
    expect(ran).toMatchObject({ status: 'completed', steps: { run: { output: 'ran' } } });
    await untrusted.session.close();
    await trusted.session.close();
  });
});

describe('serveMcpStdio (built package, child process)', () => {
  it('answers the SDK StdioClientTransport', async () => {
    for (const pkg of ['..', '../node_modules/@skill/workflow-core']) {
      const dir = realpathSync(fileURLToPath(new URL(pkg, import.meta.url)));
      const built = path.join(dir, 'dist', 'index.js');
      expect(existsSync(built), `${built} is missing: run pnpm build first`).toBe(true);
      const sources = readdirSync(path.join(dir, 'src')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
      const newest = Math.max(...sources.map((f) => statSync(path.join(dir, 'src', f)).mtimeMs));
      expect(statSync(built).mtimeMs >= newest, `${built} is older than its sources: run pnpm build first`).toBe(true);
    }
    const project = await createTestProject();
    projects.push(project);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [fileURLToPath(new URL('../test/stdio-server-entry.mjs', import.meta.url)), project.dir],
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const client = new Client({ name: 'vitest', version: '1.0.0' });
    try {
      await client.connect(transport);
      expect(client.getServerVersion()?.name).toBe('skill-engine');
      const pipelines = await callJson(client, 'list_workflows', { name_pattern: '.*pipeline.*' });
      expect((pipelines.workflows as { name: string }[]).map((w) => w.name)).toEqual(['data-pipeline', 'ml-pipeline']);
      const run = await callJson(client, 'execute_workflow', { workflow: 'hello-workflow', inputs: {} });
      expect(run).toMatchObject({ status: 'completed', steps: { greet: { output: 'Hello, Workflow!' } } });
      const pid = transport.pid;
      expect(pid).toEqual(expect.any(Number));
    } catch (error) {
      throw new Error(`${(error as Error).message}\nchild stderr:\n${stderr}`);
    } finally {
      await client.close();
    }
  });
});
