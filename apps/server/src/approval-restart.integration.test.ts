// Durable waits across real processes: the built server stops (SIGTERM) while an approval and a sleep wait, a new
// server process resumes both, and the built CLI approves from a third process; the server sees the decision in
// the shared SQLite file and the execution completes; the sleep ends at the deadline recorded before the restart.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTempProject, fetchJson, waitFor } from '@skill/test-kit';
import type { ExecutionRecord } from '@skill/workflow-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../test/server-process.js';

const CLI_BIN = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url));

const RELEASE = `version = "1"
name = "release"

[[steps]]
id = "gate"
step_type = "approval"
message = "Release to production?"
timeout = "1h"

[steps.fields]
reason = { type = "string", required = true }

[[steps]]
id = "ship"
depends_on = ["gate"]
command = "echo shipped {gate.output.fields.reason} by {gate.output.decided_by}"
`;

const NAP = `version = "1"
name = "nap"

[[steps]]
id = "sleep"
step_type = "sleep"
duration = "4s"

[[steps]]
id = "after"
depends_on = ["sleep"]
command = "echo awake"
`;

let dir = '';
let cleanup: () => Promise<void> = async () => {};
const servers: ServerProcess[] = [];

beforeAll(async () => {
  ({ dir, cleanup } = await createTempProject({}, 'skill-approval-restart-'));
  await writeFile(path.join(dir, '.workflows', 'release.toml'), RELEASE);
  await writeFile(path.join(dir, '.workflows', 'nap.toml'), NAP);
});
afterAll(async () => {
  for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
  await cleanup();
});

/** Runs the built CLI in the project; resolves with its exit code and output. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function start(url: string, workflow: string): Promise<string> {
  const reply = await fetchJson<{ execution_id: string }>(`${url}/api/workflows/${workflow}/execute`, {
    body: { async_execution: true },
  });
  expect(reply.status).toBe(202);
  return reply.body.execution_id;
}

async function stepOf(url: string, id: string, step: string) {
  return (await fetchJson<ExecutionRecord>(`${url}/api/executions/${id}`)).body.steps[step];
}

describe('approvals and sleeps across a server restart (built server and CLI)', () => {
  it('resume waiting after SIGTERM and a new start; a CLI approval reaches the new server', async () => {
    const first = await startServerProcess(dir);
    servers.push(first);
    const release = await start(first.url, 'release');
    const nap = await start(first.url, 'nap');
    await waitFor(async () => (await stepOf(first.url, release, 'gate'))?.status === 'waiting', 30_000);
    const napWait = await waitFor(async () => {
      const step = await stepOf(first.url, nap, 'sleep');
      return step?.status === 'waiting' ? (step.metadata.waiting as { since: string; until: string }) : undefined;
    }, 30_000);
    const gateWait = (await stepOf(first.url, release, 'gate'))?.metadata.waiting as { until: string };

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = await startServerProcess(dir);
    servers.push(second);
    await waitFor(async () => (await stepOf(second.url, release, 'gate'))?.status === 'waiting', 30_000);
    const resumedGate = await stepOf(second.url, release, 'gate');
    expect(resumedGate?.metadata.waiting).toMatchObject({ until: gateWait.until });

    const approved = await cli(['executions', 'approve', release, 'gate', '--field', 'reason=hotfix']);
    expect(approved.stderr).toBe('');
    expect(approved.code).toBe(0);
    const done = await waitFor(async () => {
      const record = (await fetchJson<ExecutionRecord>(`${second.url}/api/executions/${release}`)).body;
      return record.status === 'completed' || record.status === 'failed' ? record : undefined;
    }, 30_000);
    expect(done.status).toBe('completed');
    expect(done.steps.ship?.output).toMatch(/^shipped hotfix by cli:/);

    const napped = await waitFor(async () => {
      const record = (await fetchJson<ExecutionRecord>(`${second.url}/api/executions/${nap}`)).body;
      return record.status === 'completed' ? record : undefined;
    }, 30_000);
    expect(napped.steps.sleep?.output).toEqual({ since: napWait.since, until: napWait.until });
    expect(Date.parse(napped.steps.after?.started_at ?? '')).toBeGreaterThanOrEqual(Date.parse(napWait.until));

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
