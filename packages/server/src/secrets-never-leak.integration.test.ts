// End to end: a secret printed by steps (whole, split, base64, in an error) never leaves the server unmasked.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTempProject, waitFor } from '@skill/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from './server-config.js';
import { type RunningServer, startServer } from './start-server.js';

const SECRET = `sk${randomBytes(16).toString('hex')}`;
const B64 = Buffer.from(SECRET).toString('base64').replace(/=+$/, '');
/** What must never appear anywhere: the value, its first and last 12 characters, a middle slice of its base64. */
const NEEDLES: Record<string, string> = {
  secret: SECRET,
  'first 12 characters': SECRET.slice(0, 12),
  'last 12 characters': SECRET.slice(-12),
  'base64 middle slice': B64.slice(15, 31),
};
const STEPS = ['whole', 'split', 'encoded', 'meta', 'fails'];

const LEAKY = String.raw`version = "1"
name = "leaky"
[config]
on_failure = "continue"

[[steps]]
id = "whole"
step_type = "command"
command = '''printf 'token=%s\n' {secrets.API_TOKEN}; printf 'err=%s\n' {secrets.API_TOKEN} >&2'''

[[steps]]
id = "split"
step_type = "command"
env = { T = "{secrets.API_TOKEN}" }
command = '''first=$(printf %s "$T" | cut -c1-17); rest=$(printf %s "$T" | cut -c18-); printf %s "$first"; sleep 0.001; printf '%s\n' "$rest"'''

[[steps]]
id = "encoded"
step_type = "command"
env = { T = "{secrets.API_TOKEN}" }
command = '''printf %s "$T" | base64'''

[[steps]]
id = "meta"
step_type = "command"
env = { T = "{secrets.API_TOKEN}" }
command = '''printf 'token=%s\n' "$T" >> "$SKILL_METADATA"; echo meta written'''

[[steps]]
id = "fails"
step_type = "command"
command = '''printf 'failing with %s\n' {secrets.API_TOKEN} >&2; exit 3'''
`;

/** The needles found in `text`, by name. */
function leaks(text: string): string[] {
  return Object.entries(NEEDLES)
    .filter(([, needle]) => text.includes(needle))
    .map(([name]) => name);
}

/** The raw body text of a GET (or a JSON POST), with its status. */
async function http(url: string, body?: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, text: await response.text() };
}

/** Every message (raw text) of `/ws/executions/:id?since=0`, and the close reason, until the server closes it. */
function followSocket(url: string, timeoutMs = 30_000): Promise<{ messages: string[]; code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws'));
    const messages: string[] = [];
    const timer = setTimeout(() => {
      ws.close();
      reject(new Error(`socket still open after ${timeoutMs} ms (${messages.length} messages)`));
    }, timeoutMs);
    ws.addEventListener('message', (event) => messages.push(String(event.data)));
    ws.addEventListener('error', () => {
      clearTimeout(timer);
      reject(new Error(`WebSocket error on ${url}`));
    });
    ws.addEventListener('close', (event) => {
      clearTimeout(timer);
      resolve({ messages, code: event.code, reason: event.reason });
    });
  });
}

/** The parts of the MCP SDK client this test uses (the SDK is a dependency of packages/mcp, not of this app). */
interface McpClient {
  connect(transport: unknown): Promise<void>;
  callTool(
    params: { name: string; arguments: Record<string, unknown> },
    schema?: unknown,
    options?: { onprogress?: (progress: unknown) => void; timeout?: number },
  ): Promise<unknown>;
  close(): Promise<void>;
}

async function mcpClient(url: string): Promise<McpClient> {
  const sdk = createRequire(path.resolve(import.meta.dirname, '../../../packages/mcp/package.json'));
  const load = (sub: string) => import(pathToFileURL(sdk.resolve(`@modelcontextprotocol/sdk/${sub}`)).href);
  const { Client } = await load('client/index.js');
  const { StreamableHTTPClientTransport } = await load('client/streamableHttp.js');
  const client: McpClient = new Client({ name: 'secrets-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
  return client;
}

let dir = '';
let cleanup: () => Promise<void> = async () => {};
let server: RunningServer | undefined;

beforeAll(async () => {
  ({ dir, cleanup } = await createTempProject({ leaky: LEAKY }, 'skill-server-'));
  await mkdir(path.join(dir, '.skill'), { recursive: true });
  const secretsFile = path.join(dir, '.skill', 'secrets.env');
  await writeFile(secretsFile, `API_TOKEN=${SECRET}\n`);
  await chmod(secretsFile, 0o600);
  server = await startServer(configFromEnv({}, { cwd: dir, port: 0, host: '127.0.0.1' }));
});
afterAll(async () => {
  await server?.close();
  await cleanup();
});

describe('secrets never leak (real server, SQLite store in the project)', () => {
  it('masks a printed secret in events, the API, the WebSocket, MCP results and the store file', async () => {
    const running = server as RunningServer;
    const base = running.url;
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const seen: Array<{ where: string; text: string }> = [];
    const collect = (where: string, text: string) => {
      seen.push({ where, text });
      return text;
    };

    const started = await http(`${base}/api/workflows/leaky/execute`, { async_execution: true });
    collect('POST /api/workflows/leaky/execute', started.text);
    expect(started.status).toBe(202);
    const id = (JSON.parse(started.text) as { execution_id: string }).execution_id;

    const socket = await followSocket(`${base}/ws/executions/${encodeURIComponent(id)}?since=0`);
    expect(socket.code).toBe(1000);
    collect('WS messages', socket.messages.join('\n'));
    collect('WS close reason', socket.reason);
    expect(socket.messages.some((m) => m.includes('"workflow_completed"') || m.includes('"workflow_failed"'))).toBe(
      true,
    );

    const recordText = await waitFor(async () => {
      const r = await http(`${base}/api/executions/${id}`);
      return /"status":"(completed|failed)"/.test(r.text) && !r.text.includes('"status":"running"')
        ? r.text
        : undefined;
    }, 30_000);
    collect(`GET /api/executions/${id}`, recordText);
    const record = JSON.parse(recordText) as {
      status: string;
      steps: Record<string, { status: string; output?: unknown; error?: string; metadata?: Record<string, unknown> }>;
    };
    expect(record.status).toBe('failed');
    expect(Object.keys(record.steps).sort()).toEqual([...STEPS].sort());
    expect(record.steps.fails?.status).toBe('failed');
    for (const step of ['whole', 'split', 'encoded', 'meta'])
      expect(record.steps[step]?.status, step).toBe('completed');
    expect(JSON.stringify(record.steps.whole?.output)).toContain('***');
    expect(JSON.stringify(record.steps.whole?.metadata?.stderr)).toContain('***');
    expect(JSON.stringify(record.steps.split?.output)).toContain('***');
    expect(JSON.stringify(record.steps.encoded?.output)).toContain('***');
    expect(JSON.stringify(record.steps.meta?.metadata?.token)).toContain('***');
    expect(record.steps.fails?.error).toContain('***');

    const events = collect(
      `GET /api/executions/${id}/events`,
      (await http(`${base}/api/executions/${id}/events`)).text,
    );
    expect(events).toContain('***');
    for (const step of STEPS) {
      const logs = await http(`${base}/api/executions/${id}/steps/${step}/logs`);
      expect(logs.status, step).toBe(200);
      collect(`GET /api/executions/${id}/steps/${step}/logs`, logs.text);
      if (step !== 'meta') expect(logs.text, `${step} logs`).toContain('***');
    }
    collect('GET /api/executions', (await http(`${base}/api/executions`)).text);
    collect('GET /api/executions?workflow_name=leaky', (await http(`${base}/api/executions?workflow_name=leaky`)).text);
    collect('GET /api/workflows/leaky', (await http(`${base}/api/workflows/leaky`)).text);

    const client = await mcpClient(base);
    try {
      const progress: unknown[] = [];
      const sync = await client.callTool({ name: 'execute_workflow', arguments: { workflow: 'leaky' } }, undefined, {
        onprogress: (p) => progress.push(p),
        timeout: 60_000,
      });
      const syncText = collect('MCP execute_workflow', JSON.stringify(sync));
      expect(syncText).toContain('***');
      collect('MCP progress notifications', JSON.stringify(progress));
      const mcpId = (sync as { structuredContent?: { execution_id?: string } }).structuredContent?.execution_id;
      expect(mcpId).toMatch(/\S/);
      for (const executionId of [id, mcpId as string]) {
        const status = await client.callTool({ name: 'get_workflow_status', arguments: { execution_id: executionId } });
        expect(collect(`MCP get_workflow_status ${executionId}`, JSON.stringify(status))).toContain('***');
      }
      const list = await client.callTool({ name: 'list_executions', arguments: { workflow_name: 'leaky' } });
      expect(collect('MCP list_executions', JSON.stringify(list))).toContain(id);
    } finally {
      await client.close();
    }

    const found = seen.map(({ where, text }) => ({ where, leaks: leaks(text) })).filter((s) => s.leaks.length > 0);
    expect(found, 'secret found in what the server served').toEqual([]);

    await running.close();
    server = undefined;
    const db = path.join(dir, '.skill', 'executions.db');
    const bytes = await readFile(db);
    expect(bytes.includes(Buffer.from(id))).toBe(true);
    for (const file of [db, `${db}-wal`, `${db}-shm`]) {
      const content = await readFile(file).catch(() => Buffer.alloc(0));
      const inFile = Object.entries(NEEDLES).filter(([, needle]) => content.includes(Buffer.from(needle)));
      expect(
        inFile.map(([name]) => name),
        `${path.basename(file)} bytes`,
      ).toEqual([]);
    }
  });
});
