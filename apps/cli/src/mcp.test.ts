// `skill mcp` as the built binary over real stdio, driven by the MCP SDK's own client.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, memoryIo, processAlive, waitFor } from '../test/project.js';
import { main } from './main.js';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

let dir = '';
let cleanup: () => Promise<void> = async () => {};

beforeAll(async () => {
  ({ dir, cleanup } = await createProject());
});
afterAll(() => cleanup());

describe('skill mcp (built dist/bin.js over stdio)', () => {
  it('lists the tools and executes a workflow synchronously, recording it in the project', async () => {
    if (!existsSync(BIN))
      throw new Error(`${BIN} is missing: run pnpm build first (the spawn tests run the built CLI)`);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'mcp'],
      cwd: dir,
      env: { ...(process.env as Record<string, string>), NO_COLOR: '1' },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const errors: Error[] = [];
    const client = new Client({ name: 'vitest', version: '1.0.0' });
    client.onerror = (error) => errors.push(error);
    await client.connect(transport);
    const pid = transport.pid;
    expect(pid).toBeGreaterThan(0);

    const tools = (await client.listTools()).tools.map((t) => t.name).sort();
    expect(tools).toEqual([
      'cancel_execution',
      'execute_workflow',
      'get_workflow_status',
      'list_executions',
      'list_workflows',
      'retry_execution',
      'validate_workflow',
    ]);
    const result = await client.callTool({
      name: 'execute_workflow',
      arguments: { workflow: 'hello', inputs: { name: 'Mcp', count: 2 } },
    });
    expect(result.isError ?? false).toBe(false);
    const execution = result.structuredContent as { execution_id?: string; id?: string; status: string };
    expect(execution).toMatchObject({ status: 'completed', steps: { greet: { output: 'hello Mcp 2' } } });

    await client.close();
    await waitFor(() => !processAlive(pid ?? 0), 10_000);
    expect(errors).toEqual([]);
    expect(stderr).toBe('');

    const { io, out } = memoryIo(dir);
    expect(await main(['executions', 'list', '--json', '-w', 'hello'], io)).toBe(0);
    const listed = JSON.parse(out.stdout) as { items: Array<{ status: string; inputs: unknown }> };
    expect(listed.items).toEqual([expect.objectContaining({ status: 'completed', inputs: { name: 'Mcp', count: 2 } })]);
  }, 30_000);
});
