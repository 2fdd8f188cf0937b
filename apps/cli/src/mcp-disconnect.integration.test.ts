// `skill mcp` (built) over stdio: an async run outlives a client that kills the server, and a cancel from a later
// connection really stops it (or says why not).
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
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
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run pnpm build first`);
  ({ dir, cleanup } = await createProject());
  const lingering = `version = "1"\nname = "lingering"\n\n[[steps]]\nid = "late"\nstep_type = "command"\ncommand = "sleep 2; echo late"\n`;
  await writeFile(path.join(dir, '.workflows', 'lingering.toml'), lingering);
});
afterAll(async () => {
  // the slow run of the cancel test is cancelled by the test; anything else ends within seconds
  await cleanup();
});

async function connect(): Promise<{ client: Client; pid: number }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp'],
    cwd: dir,
    env: { ...(process.env as Record<string, string>), NO_COLOR: '1' },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'vitest', version: '1.0.0' });
  await client.connect(transport);
  return { client, pid: transport.pid ?? 0 };
}

/** What an impatient client does: its server is killed right after the call. */
async function startAndKill(workflow: string): Promise<string> {
  const { client, pid } = await connect();
  const result = await client.callTool({ name: 'execute_workflow', arguments: { workflow, async_execution: true } });
  const { execution_id } = result.structuredContent as { execution_id: string };
  process.kill(pid, 'SIGKILL');
  await client.close().catch(() => undefined);
  await waitFor(() => !processAlive(pid), 10_000);
  return execution_id;
}

async function status(id: string): Promise<string> {
  const { io, out } = memoryIo(dir);
  await main(['executions', 'show', id, '--json'], io);
  return (JSON.parse(out.stdout) as { status: string }).status;
}

describe('skill mcp: async runs and a client that leaves', () => {
  it('finishes an async run after its client killed the server', async () => {
    const id = await startAndKill('lingering');
    await waitFor(async () => (await status(id)) === 'completed', 30_000);
  }, 60_000);

  it('cancels, from a later connection, an async run whose first server was killed', async () => {
    const id = await startAndKill('slow');
    await waitFor(async () => (await status(id)) === 'running', 15_000);
    const { client } = await connect();
    const result = await client.callTool({ name: 'cancel_execution', arguments: { execution_id: id, wait: true } });
    expect(result.structuredContent).toEqual({ cancelled: true, outcome: 'requested', status: 'cancelled' });
    const again = await client.callTool({ name: 'cancel_execution', arguments: { execution_id: id } });
    expect(again.structuredContent).toEqual({ cancelled: false, outcome: 'not_running', status: 'cancelled' });
    await client.close();
  }, 60_000);
});
