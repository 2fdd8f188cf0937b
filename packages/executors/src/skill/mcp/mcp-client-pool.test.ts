// MCP tools called through the client pool against real servers: server-everything over stdio and Streamable HTTP,
// the fixture server crashing mid-call (clear failure, next call reconnects), cancellation and closing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { executorContext, isProcessAlive, useTempDir, waitFor, workflowErrorOf } from '@skill/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import {
  EVERYTHING_BIN,
  FIXTURE_SERVER,
  startEverythingHttp,
  stdioServer,
} from '../../../test/mcp/mcp-test-servers.js';
import { McpClientPool } from './mcp-client-pool.js';
import { callMcpTool } from './mcp-tool-call.js';

const temp = useTempDir('mcp-pool-');
const pools: McpClientPool[] = [];
function newPool(): McpClientPool {
  const pool = new McpClientPool({ baseDir: process.cwd() });
  pools.push(pool);
  return pool;
}
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
});

const everything = stdioServer('everything', EVERYTHING_BIN, ['stdio']);
const fixture = stdioServer('fixture', FIXTURE_SERVER);

describe('MCP tools over stdio (server-everything)', () => {
  it('lists tools with their input schemas and calls echo, get-sum and structured content', async () => {
    const pool = newPool();
    const tools = await pool.listTools(everything);
    const sum = tools.find((tool) => tool.name === 'get-sum');
    expect(sum?.inputSchema).toMatchObject({ type: 'object', properties: { a: { type: 'number' } } });
    const echo = await callMcpTool(pool, everything, 'echo', { message: 'hi "there"; $(x)' }, executorContext());
    expect(echo.output).toBe('Echo: hi "there"; $(x)');
    expect(echo.metadata).toEqual({ mcp_server: 'everything', mcp_tool: 'echo' });
    const added = await callMcpTool(pool, everything, 'get-sum', { a: 2, b: 3 }, executorContext());
    expect(added.output).toBe('The sum of 2 and 3 is 5.');
    const weather = await callMcpTool(
      pool,
      everything,
      'get-structured-content',
      { location: 'Chicago' },
      executorContext(),
    );
    expect(weather.output).toMatchObject({ temperature: 36, humidity: 82 });
  });

  it('reports progress notifications as log lines and reuses one connection', async () => {
    const pool = newPool();
    const ctx = executorContext();
    const result = await callMcpTool(
      pool,
      everything,
      'trigger-long-running-operation',
      { duration: 0.2, steps: 2 },
      ctx,
    );
    expect(result.output).toContain('Long running operation completed');
    expect(ctx.lines.map(([line]) => line)).toEqual(['progress 1/2', 'progress 2/2']);
    const first = (await pool.current('everything'))?.pid;
    await callMcpTool(pool, everything, 'echo', { message: 'again' }, executorContext());
    expect((await pool.current('everything'))?.pid).toBe(first);
  });
});

describe('MCP tools over Streamable HTTP (server-everything)', () => {
  it('calls echo and get-sum, and a bad argument comes back as the tool error', async () => {
    const http = await startEverythingHttp();
    try {
      const pool = newPool();
      const echo = await callMcpTool(pool, http.server, 'echo', { message: 'over http' }, executorContext());
      expect(echo.output).toBe('Echo: over http');
      const ctx = executorContext();
      const slow = await callMcpTool(
        pool,
        http.server,
        'trigger-long-running-operation',
        { duration: 0.2, steps: 2 },
        ctx,
      );
      expect(slow.output).toContain('completed');
      expect(ctx.lines.map(([line]) => line)).toEqual(['progress 1/2', 'progress 2/2']);
      const error = await workflowErrorOf(
        callMcpTool(pool, http.server, 'get-sum', { a: 'x', b: 1 }, executorContext()),
      );
      expect(error.code).toBe('MCP_TOOL_ERROR');
      expect(error.message).toMatch(/^everything\.get-sum failed: .*a/s);
      await pool.close();
    } finally {
      await http.stop();
    }
  });
});

describe('a server that fails', () => {
  it('crashes mid-call: the step fails with a clear message and the next call starts the server again', async () => {
    const pool = newPool();
    const before = ((await callMcpTool(pool, fixture, 'pid', {}, executorContext())).output as { pid: number }).pid;
    const error = await workflowErrorOf(callMcpTool(pool, fixture, 'crash', {}, executorContext()));
    expect(error.code).toBe('MCP_SERVER_CLOSED');
    expect(error.message).toContain('MCP server "fixture" exited during the call of crash');
    expect(error.message).toContain('fixture: crashing on purpose');
    const after = ((await callMcpTool(pool, fixture, 'pid', {}, executorContext())).output as { pid: number }).pid;
    expect(after).not.toBe(before);
    expect(await isProcessAlive(before)).toBe(false);
  });

  it('a changed declaration closes the old connection and opens a new one', async () => {
    const pool = newPool();
    const first = ((await callMcpTool(pool, fixture, 'pid', {}, executorContext())).output as { pid: number }).pid;
    const changed = { ...fixture, env: { FIXTURE_VARIANT: '2' } };
    const second = ((await callMcpTool(pool, changed, 'pid', {}, executorContext())).output as { pid: number }).pid;
    expect(second).not.toBe(first);
    expect(await isProcessAlive(first)).toBe(false);
  });

  it('answers isError: the step fails with the tool message', async () => {
    const error = await workflowErrorOf(callMcpTool(newPool(), fixture, 'refuse', {}, executorContext()));
    expect(error).toMatchObject({
      code: 'MCP_TOOL_ERROR',
      message: 'fixture.refuse failed: refused: the fixture says no',
    });
  });

  it('cannot start: the message names the command', async () => {
    const missing = { ...fixture, name: 'missing', command: path.join(temp(), 'no-such-server') };
    const error = await workflowErrorOf(callMcpTool(newPool(), missing, 'pid', {}, executorContext()));
    expect(error.code).toBe('MCP_SERVER_UNAVAILABLE');
    expect(error.message).toContain('MCP server "missing": cannot start');
  });
});

describe('cancellation and closing', () => {
  it('aborting the step sends the MCP cancellation to the server', async () => {
    const pool = newPool();
    const marker = path.join(temp(), 'cancelled-marker');
    const controller = new AbortController();
    const call = callMcpTool(
      pool,
      fixture,
      'wait_for_cancel',
      { marker },
      executorContext({ signal: controller.signal }),
    );
    await waitFor(() => existsSync(`${marker}.started`));
    controller.abort(new Error('step timed out'));
    const error = await workflowErrorOf(call);
    expect(error).toMatchObject({ code: 'CANCELLED', message: 'fixture.wait_for_cancel cancelled: step timed out' });
    await waitFor(() => existsSync(marker));
  });

  it('close() ends a server that ignores SIGTERM and the end of its stdin', async () => {
    const pool = newPool();
    const stubborn = stdioServer('stubborn', FIXTURE_SERVER, ['--stubborn']);
    const { pid } = (await callMcpTool(pool, stubborn, 'pid', {}, executorContext())).output as { pid: number };
    await pool.close();
    expect(await isProcessAlive(pid)).toBe(false);
  });

  it('close() ends every server process', async () => {
    const pool = newPool();
    await callMcpTool(pool, everything, 'echo', { message: 'x' }, executorContext());
    await callMcpTool(pool, fixture, 'pid', {}, executorContext());
    const pids = [(await pool.current('everything'))?.pid, (await pool.current('fixture'))?.pid];
    expect(pids.every((pid) => typeof pid === 'number')).toBe(true);
    await pool.close();
    expect(await Promise.all(pids.map((pid) => isProcessAlive(pid as number)))).toEqual([false, false]);
  });
});
