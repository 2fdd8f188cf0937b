// `skill mcp` (built) over stdio: an async run outlives a client that kills the server, and a cancel from a later
// connection really stops it (or says why not).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive, waitFor } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { connectMcp } from '../test/built-cli.js';
import { memoryIo, useCliProject } from '../test/project.js';
import { main } from './main.js';

// The slow run of the cancel test is cancelled by the test; anything else ends within seconds.
const project = useCliProject('gated');

/** What an impatient client does: its server is killed right after the call. */
async function startAndKill(workflow: string): Promise<string> {
  const { client, pid } = await connectMcp(project());
  const result = await client.callTool({ name: 'execute_workflow', arguments: { workflow, async_execution: true } });
  const { execution_id } = result.structuredContent as { execution_id: string };
  process.kill(pid, 'SIGKILL');
  await client.close().catch(() => undefined);
  await waitFor(async () => !(await isProcessAlive(pid)), 10_000);
  return execution_id;
}

async function status(id: string): Promise<string> {
  const { io, out } = memoryIo(project());
  await main(['executions', 'show', id, '--json'], io);
  return (JSON.parse(out.stdout) as { status: string }).status;
}

describe('skill mcp: async runs and a client that leaves', () => {
  it('finishes an async run after its client killed the server', async () => {
    const id = await startAndKill('gated');
    await writeFile(path.join(project(), 'go'), ''); // `gated` waits for this file: it is still running now
    await waitFor(async () => (await status(id)) === 'completed', 30_000);
  }, 60_000);

  it('cancels, from a later connection, an async run whose first server was killed', async () => {
    const id = await startAndKill('slow');
    await waitFor(async () => (await status(id)) === 'running', 15_000);
    const { client } = await connectMcp(project());
    const result = await client.callTool({ name: 'cancel_execution', arguments: { execution_id: id, wait: true } });
    expect(result.structuredContent).toEqual({ cancelled: true, outcome: 'requested', status: 'cancelled' });
    const again = await client.callTool({ name: 'cancel_execution', arguments: { execution_id: id } });
    expect(again.structuredContent).toEqual({ cancelled: false, outcome: 'not_running', status: 'cancelled' });
    await client.close();
  }, 60_000);
});
