// `skill mcp` as the built binary over real stdio, driven by the MCP SDK's own client.
import { isProcessAlive, waitFor } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { connectMcp } from '../test/built-cli.js';
import { memoryIo, useCliProject } from '../test/project.js';
import { main } from './main.js';

const project = useCliProject();

describe('skill mcp (built dist/bin.js over stdio)', () => {
  it('serves the MCP tools and executes a workflow synchronously, recording it in the project', async () => {
    const { client, pid, stderr } = await connectMcp(project());
    const errors: Error[] = [];
    client.onerror = (error) => errors.push(error);
    expect(pid).toBeGreaterThan(0);

    // The tool set itself is the MCP package's (packages/mcp tests it); here: the CLI serves it.
    const tools = (await client.listTools()).tools.map((t) => t.name);
    expect(tools).toEqual(expect.arrayContaining(['execute_workflow', 'list_executions', 'cancel_execution']));
    const result = await client.callTool({
      name: 'execute_workflow',
      arguments: { workflow: 'hello', inputs: { name: 'Mcp', count: 2 } },
    });
    expect(result.isError ?? false).toBe(false);
    const execution = result.structuredContent as { execution_id?: string; id?: string; status: string };
    expect(execution).toMatchObject({ status: 'completed', steps: { greet: { output: 'hello Mcp 2' } } });

    await client.close();
    await waitFor(async () => !(await isProcessAlive(pid)), 10_000);
    expect(errors).toEqual([]);
    expect(stderr()).toBe('');

    const { io, out } = memoryIo(project());
    expect(await main(['executions', 'list', '--json', '-w', 'hello'], io)).toBe(0);
    const listed = JSON.parse(out.stdout) as { items: Array<{ status: string; inputs: unknown }> };
    expect(listed.items).toEqual([expect.objectContaining({ status: 'completed', inputs: { name: 'Mcp', count: 2 } })]);
  }, 30_000);
});
