// The kill test: 20 executions, `kill -9` of the server mid-run, a restart on the same SQLite file; all finish,
// no step recorded completed before the kill runs again, and every execution's events have seq 1..N.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTempProject, fetchJson, waitFor } from '@skill/test-kit';
import { defaultStorePath, openStore } from '@skill/workflow-core';
import type { ExecutionRecord, WorkflowEvent } from '@skill/workflow-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../test/server-process.js';

const EXECUTIONS = 20;
const STEPS = ['s1', 's2', 's3', 's4', 's5'];

/** s1 -> (s2, s3) -> s4 -> s5; each step appends "<execution> <step>" to lines.txt, then sleeps. */
function chainWorkflow(linesFile: string): string {
  const step = (id: string, deps: string[]) => `
[[steps]]
id = "${id}"
step_type = "command"
depends_on = [${deps.map((d) => `"${d}"`).join(', ')}]
command = "echo \\"$SKILL_EXECUTION_ID $SKILL_STEP_ID\\" >> '${linesFile}'; sleep 0.15"
`;
  return `version = "1"
name = "chain"
${step('s1', [])}${step('s2', ['s1'])}${step('s3', ['s1'])}${step('s4', ['s2', 's3'])}${step('s5', ['s4'])}`;
}

async function readLines(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean);
}

let dir = '';
let cleanup: () => Promise<void> = async () => {};
const servers: ServerProcess[] = [];

beforeAll(async () => {
  ({ dir, cleanup } = await createTempProject({}, 'skill-server-'));
});
afterAll(async () => {
  for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
  await cleanup();
});

describe('crash-safe resume (built server, kill -9)', () => {
  it('finishes all 20 executions after a kill -9 and a restart, running no completed step twice', async () => {
    const linesFile = path.join(dir, 'lines.txt');
    await writeFile(path.join(dir, '.workflows', 'chain.toml'), chainWorkflow(linesFile));

    const first = await startServerProcess(dir);
    servers.push(first);
    const ids = await Promise.all(
      Array.from({ length: EXECUTIONS }, async () => {
        const r = await fetchJson<{ execution_id: string }>(`${first.url}/api/workflows/chain/execute`, {
          body: { async_execution: true },
        });
        expect(r.status).toBe(202);
        return r.body.execution_id;
      }),
    );
    const total = EXECUTIONS * STEPS.length;
    await waitFor(async () => ((await readLines(linesFile)).length >= total / 2 ? true : undefined), 60_000);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    // What the dead server had recorded as completed, read through a second store instance.
    const completedBeforeKill = new Set<string>();
    const store = await openStore(defaultStorePath(dir));
    try {
      for (const id of ids) {
        const record = await store.getExecution(id);
        expect(record?.workflow_name).toBe('chain');
        for (const [stepId, step] of Object.entries(record?.steps ?? {})) {
          if (step.status === 'completed') completedBeforeKill.add(`${id} ${stepId}`);
        }
      }
    } finally {
      await store.close();
    }
    expect(completedBeforeKill.size).toBeGreaterThan(0);
    expect(completedBeforeKill.size).toBeLessThan(total);

    const second = await startServerProcess(dir);
    servers.push(second);
    const ended = (status: string) => status !== 'running' && status !== 'pending';
    await waitFor(async () => {
      const page = await fetchJson<{ items: ExecutionRecord[] }>(
        `${second.url}/api/executions?workflow_name=chain&limit=100`,
      );
      return page.body.items.length === EXECUTIONS && page.body.items.every((r) => ended(r.status));
    }, 60_000);
    const records = await Promise.all(
      ids.map(async (id) => (await fetchJson<ExecutionRecord>(`${second.url}/api/executions/${id}`)).body),
    );
    expect(records.map((r) => r.status)).toEqual(ids.map(() => 'completed'));

    const counts = new Map<string, number>();
    for (const line of await readLines(linesFile)) counts.set(line, (counts.get(line) ?? 0) + 1);
    for (const id of ids) {
      for (const step of STEPS) {
        const key = `${id} ${step}`;
        expect(counts.get(key) ?? 0, key).toBeGreaterThanOrEqual(1);
        if (completedBeforeKill.has(key)) expect(counts.get(key), `${key} completed before the kill`).toBe(1);
      }
    }
    expect([...counts.keys()].every((key) => ids.includes(key.split(' ')[0] ?? ''))).toBe(true);

    for (const id of ids) {
      const events = (await fetchJson<{ items: WorkflowEvent[] }>(`${second.url}/api/executions/${id}/events`)).body
        .items;
      expect(
        events.map((e) => e.seq),
        id,
      ).toEqual(events.map((_, i) => i + 1));
      expect(events.at(-1)).toMatchObject({ type: 'workflow_completed', status: 'completed' });
      for (const step of STEPS) {
        const completions = events.filter((e) => e.type === 'step_completed' && e.step_id === step).length;
        expect(completions, `${id} ${step} step_completed events`).toBe(1);
      }
    }

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 180_000);
});
