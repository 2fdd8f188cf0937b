// Attack: work that escapes its step or outlives its engine. A trusted step that setsid-escapes is cancelled through
// the API (nothing of it survives); an untrusted container step whose server is SIGKILLed is removed when the
// server starts again, and the interrupted execution is resumed to its end. Real server processes, real Docker.
import { spawnSync } from 'node:child_process';
import { createTempProject, fetchJson, type TempDir, waitFor } from '@skill/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverWorkflow } from '../../test/project-server.js';
import { type ServerProcess, startServerProcess } from '../../test/server-process.js';

/** The escaped sleep's argument: unique to this test process, so pgrep finds only its own. */
const ESCAPED_SLEEP = `1003.${process.pid % 1000}1`;

const dockerReady = spawnSync('docker', ['version'], { stdio: 'ignore' }).status === 0;

let project: TempDir | undefined;
const servers: ServerProcess[] = [];
/** Executions whose containers afterAll removes if a failed test left them. */
const containerRuns: string[] = [];

async function start(): Promise<ServerProcess> {
  const server = await startServerProcess(project?.dir ?? '', {
    SKILL_ALLOW_UNTRUSTED: '1',
    SKILL_SHUTDOWN_GRACE_MS: '0',
  });
  servers.push(server);
  return server;
}

function escapedRunning(): boolean {
  return spawnSync('pgrep', ['-x', '-f', `sleep ${ESCAPED_SLEEP}`]).status === 0;
}

/** Ids of sandbox containers of an execution (any state). */
function containersOf(executionId: string): string[] {
  const r = spawnSync('docker', ['ps', '-aq', '--filter', `label=skill.execution_id=${executionId}`], {
    encoding: 'utf8',
  });
  return r.stdout.split('\n').filter(Boolean);
}

async function healthy(server: ServerProcess): Promise<void> {
  expect((await fetchJson(`${server.url}/api/health`)).status).toBe(200);
}

async function status(server: ServerProcess, id: string): Promise<string> {
  return (await fetchJson<{ status: string }>(`${server.url}/api/executions/${id}`)).body.status;
}

beforeAll(async () => {
  project = await createTempProject({ escape: serverWorkflow('escape') }, 'skill-server-');
});

afterAll(async () => {
  for (const server of servers) server.child.kill('SIGKILL');
  spawnSync('pkill', ['-KILL', '-x', '-f', `sleep ${ESCAPED_SLEEP}`]);
  for (const id of containerRuns) {
    for (const container of containersOf(id)) spawnSync('docker', ['rm', '-f', container], { stdio: 'ignore' });
  }
  await project?.cleanup();
}, 30_000);

describe('attack: stuck and escaped work', () => {
  it('a trusted step that escapes with setsid leaves nothing behind once cancelled through the API', async () => {
    const server = await start();
    const started = await fetchJson<{ execution_id: string }>(`${server.url}/api/workflows/escape/execute`, {
      body: { inputs: { seconds: Number(ESCAPED_SLEEP) }, async_execution: true },
    });
    expect(started.status).toBe(202);
    const id = started.body.execution_id;
    await waitFor(() => (escapedRunning() ? true : undefined), 15_000);
    const cancelled = await fetchJson<{ status: string }>(`${server.url}/api/executions/${id}/cancel`, { body: {} });
    expect(cancelled.body.status).toBe('cancelled');
    expect(escapedRunning()).toBe(false);
    await healthy(server);
    server.child.kill('SIGTERM');
    await server.exited;
  }, 60_000);

  it.skipIf(!dockerReady)(
    'an untrusted container step of a SIGKILLed server is removed at restart, and its run resumes to the end',
    async () => {
      const first = await start();
      const created = await fetchJson(`${first.url}/api/workflows`, {
        body: { name: 'contained', content: serverWorkflow('contained') },
      });
      expect(created.status).toBe(201);
      const started = await fetchJson<{ execution_id: string }>(`${first.url}/api/workflows/contained/execute`, {
        body: { async_execution: true },
      });
      const id = started.body.execution_id;
      containerRuns.push(id);
      const [orphan] = await waitFor(() => {
        const ids = containersOf(id);
        return ids.length > 0 ? ids : undefined;
      }, 30_000);
      first.child.kill('SIGKILL');
      await first.exited;
      expect(containersOf(id)).toContain(orphan); // the dead server could not remove it

      const second = await start(); // sweeps what dead engines left, then resumes their runs
      const gone = spawnSync('docker', ['inspect', orphan as string], { stdio: 'ignore' }).status;
      expect(gone).not.toBe(0);
      await waitFor(async () => ((await status(second, id)) === 'completed' ? true : undefined), 60_000);
      const record = await fetchJson<{ steps: Record<string, { attempts: number; status: string }> }>(
        `${second.url}/api/executions/${id}`,
      );
      expect(record.body.steps.first).toMatchObject({ status: 'completed', attempts: 1 });
      expect(record.body.steps.box?.status).toBe('completed');
      await healthy(second);
      second.child.kill('SIGTERM');
      await second.exited;
    },
    120_000,
  );
});
