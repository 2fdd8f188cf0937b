// `skill serve`: in process through main() and as the built binary, over HTTP with fetch; SIGTERM exits 0.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '@skill/test-kit';
import type { ExecutionRecord } from '@skill/workflow-model';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli } from '../test/built-cli.js';
import { memoryIo, useCliProject } from '../test/project.js';
import { main } from './main.js';

/** A token long enough (32 characters or more). */
const T0K = 't0k-0123456789abcdef0123456789abcdef';
const LISTENING = /^skill server listening on (http:\/\/127\.0\.0\.1:(\d+))\n/;

const project = useCliProject();
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

async function json<T>(url: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  return { status: response.status, body: (await response.json()) as T };
}

function executeHello(base: string, name: string, headers: Record<string, string> = {}) {
  return json<ExecutionRecord>(`${base}/api/workflows/hello/execute`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ inputs: { name } }),
  });
}

describe('skill serve (in-process)', () => {
  it('prints the URL first, serves until SIGTERM, then shuts down and exits 0', async () => {
    const { io, out, interrupt } = memoryIo(project());
    const serving = main(['serve', '--port', '0', '--token', T0K], io);
    const url = await waitFor(() => LISTENING.test(out.stdout)).then(() => LISTENING.exec(out.stdout)?.[1] ?? '');
    expect((await json(`${url}/api/health`)).status).toBe(200);
    expect((await json(`${url}/api/workflows`)).status).toBe(401);
    const run = await executeHello(url, 'Ada', { authorization: `Bearer ${T0K}` });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ workflow_name: 'hello', status: 'completed' });
    expect(interrupt('SIGTERM')).toBe(true);
    expect(await serving).toBe(0);
    expect(out.stdout.split('\n')).toHaveLength(2);
    expect(out.stderr).toMatch(
      /^warning: --token is visible to other users .*\nSIGTERM: shutting down .*\nserver stopped\n$/,
    );
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();

    // The server recorded into the project's database: the CLI reads the execution back.
    const { io: listIo, out: listed } = memoryIo(project());
    expect(await main(['executions', 'show', run.body.id], listIo)).toBe(0);
    expect(listed.stdout).toContain(`Execution  ${run.body.id}\nWorkflow   hello\nStatus     completed\n`);
  });

  it('exits 2 for a non-loopback host without a token, before listening', async () => {
    const { io, out } = memoryIo(project());
    expect(await main(['serve', '--host', '0.0.0.0', '--port', '0'], io)).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('AUTH_REQUIRED: refusing to listen on 0.0.0.0 without a token');
  });
});

describe('skill serve (built dist/bin.js)', () => {
  it('serves HTTP on --port 0, executes a workflow, and exits 0 on SIGTERM', async () => {
    const { child, output, result } = startCli(['serve', '--port', '0'], {
      cwd: project(),
      env: { SKILL_TOKEN: '', SKILL_PORT: '' },
    });
    children.push(child);
    await waitFor(() => LISTENING.test(output.stdout) || child.exitCode !== null, 15_000);
    const match = LISTENING.exec(output.stdout);
    expect(match, output.stderr).not.toBeNull();
    const url = match?.[1] ?? '';
    expect(Number(match?.[2])).toBeGreaterThan(0);

    expect(await json(`${url}/api/health`)).toMatchObject({ status: 200, body: { status: 'ok' } });
    const run = await executeHello(url, 'Bin');
    expect(run.body.steps.greet?.output).toBe('hello Bin 1');
    const list = await json<{ items: Array<{ id: string }> }>(`${url}/api/executions?workflow_name=hello&limit=1`);
    expect(list.body.items.map((e) => e.id)).toEqual([run.body.id]);

    child.kill('SIGTERM');
    const { code, stdout, stderr } = await result;
    expect(code).toBe(0);
    expect(stdout).toBe(`skill server listening on ${url}\n`);
    expect(stderr).toContain('server stopped');
    expect(existsSync(path.join(project(), '.skill', 'executions.db'))).toBe(true);
  }, 30_000);
});
