// Two real `skill serve` processes (dist/main.js) coordinating on one real PostgreSQL database: kill -9 of one mid-run
// of 20 executions x 6 steps (the other finishes them all, no step recorded completed runs again, seq gapless),
// cancel through the other, a retry waiting on its backoff kept across the takeover, and a paused (SIGSTOP)
// coordinator that wakes up after the takeover and writes nothing to the store.
import path from 'node:path';
import { fetchJson, waitFor } from '@skill/test-kit';
import type { ExecutionRecord, WorkflowEvent } from '@skill/workflow-model';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { type Cluster, countLines, readLines, startCluster } from '../test/coordinator-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by packages/store/test/postgres-global-setup.ts; '' when no server could be started. */
    postgresUrl: string;
  }
}

const url = inject('postgresUrl') ?? '';
if (!url && process.env.SKILL_REQUIRE_INTEGRATION === '1') throw new Error('PostgreSQL tests required but no server');

const STEPS = ['s1', 's2', 's3', 's4', 's5', 's6'];

/** s1 -> (s2, s3) -> s4 -> s5 -> s6; each step appends "<execution> <step>" to `linesFile`, then sleeps. */
function chainWorkflow(name: string, linesFile: string, sleep: string): string {
  const step = (id: string, deps: string[]) => `
[[steps]]
id = "${id}"
step_type = "command"
depends_on = [${deps.map((d) => `"${d}"`).join(', ')}]
command = "echo \\"$SKILL_EXECUTION_ID $SKILL_STEP_ID\\" >> '${linesFile}'; sleep ${sleep}"
`;
  const deps: Record<string, string[]> = { s1: [], s2: ['s1'], s3: ['s1'], s4: ['s2', 's3'], s5: ['s4'], s6: ['s5'] };
  return `version = "1"\nname = "${name}"\n${STEPS.map((id) => step(id, deps[id] ?? [])).join('')}`;
}

const gapless = (events: WorkflowEvent[]) => events.map((e) => e.seq);
const oneToN = (events: WorkflowEvent[]) => events.map((_, i) => i + 1);

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

describe.skipIf(!url)('coordinators on one PostgreSQL database (built server, two processes)', () => {
  it('kill -9 of one mid-run: the other finishes 20 executions x 6 steps, none completed runs again', async () => {
    let linesFile = '';
    cluster = await startCluster(url, (dir) => {
      linesFile = path.join(dir, 'lines.txt');
      return { chain: chainWorkflow('chain', linesFile, '0.3') };
    });
    const [a, b] = cluster.servers as [Cluster['servers'][0], Cluster['servers'][0]];
    const ids = await cluster.startMany(a, 'chain', 20);
    const total = ids.length * STEPS.length;
    await waitFor(async () => (await readLines(linesFile)).length >= total / 3, 90_000);
    // Steps start before the completions of the steps they follow are written (group commit): wait for one.
    await waitFor(async () => {
      const records = await Promise.all(ids.map((id) => cluster?.store.getExecution(id)));
      return records.some((r) => Object.values(r?.steps ?? {}).some((step) => step.status === 'completed'));
    }, 90_000);
    a.child.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await a.exited).toBe('SIGKILL');

    const completedBeforeKill = new Set<string>();
    for (const id of ids) {
      const record = await cluster.store.getExecution(id);
      for (const [stepId, step] of Object.entries(record?.steps ?? {})) {
        if (step.status === 'completed') completedBeforeKill.add(`${id} ${stepId}`);
      }
    }
    expect(completedBeforeKill.size).toBeGreaterThan(0);
    expect(completedBeforeKill.size).toBeLessThan(total);

    const records = await cluster.allEnded(ids);
    expect(records.map((r) => r.status)).toEqual(ids.map(() => 'completed'));
    const counts = countLines(await readLines(linesFile));
    let lost = 0;
    let firstTakeover = Number.POSITIVE_INFINITY;
    for (const id of ids) {
      for (const step of STEPS) {
        const key = `${id} ${step}`;
        expect(counts.get(key) ?? 0, key).toBeGreaterThanOrEqual(1);
        if (completedBeforeKill.has(key)) expect(counts.get(key), `${key} completed before the kill`).toBe(1);
      }
      const events = await cluster.events(id);
      expect(gapless(events), id).toEqual(oneToN(events));
      expect(events.at(-1)).toMatchObject({ type: 'workflow_completed', status: 'completed' });
      for (const step of STEPS) {
        const completions = events.filter((e) => e.type === 'step_completed' && e.step_id === step);
        expect(completions, `${id} ${step} step_completed events`).toHaveLength(1);
      }
      const starts = events.filter((e) => e.type === 'workflow_started');
      expect(starts.at(-1)).toMatchObject({ resumed: true, owner: { pid: b.child.pid } });
      firstTakeover = Math.min(firstTakeover, Date.parse(starts.at(-1)?.timestamp ?? ''));
      lost += events.filter((e) => e.type === 'step_retrying' && e.error === 'coordinator lost').length;
    }
    expect(lost).toBeGreaterThan(0); // the steps running in the dead coordinator ran again as a new attempt
    console.log(`takeover ${firstTakeover - killedAt} ms after the kill (lease 4000 ms, heartbeat 1000 ms)`);
    expect(b.stderr()).toMatch(/took over execution/);
  }, 240_000);

  it('cancels through the other coordinator an execution the first one runs', async () => {
    cluster = await startCluster(url, () => ({
      slow: 'version = "1"\nname = "slow"\n[[steps]]\nid = "wait"\ncommand = "sleep 60"\n',
    }));
    const [a, b] = cluster.servers as [Cluster['servers'][0], Cluster['servers'][0]];
    const [id] = (await cluster.startMany(a, 'slow', 1)) as [string];
    await waitFor(async () => (await cluster?.store.getExecution(id))?.steps.wait?.status === 'running', 60_000);
    const reply = await fetchJson<ExecutionRecord>(`${b.url}/api/executions/${id}/cancel`, { method: 'POST' });
    expect(reply.status).toBeLessThan(300);
    const [record] = await cluster.allEnded([id], 30_000);
    expect(record).toMatchObject({ status: 'cancelled', steps: { wait: { status: 'cancelled' } } });
    const events = await cluster.events(id);
    expect(events.filter((e) => e.type === 'workflow_started')).toHaveLength(1); // it ended where it ran
    expect(gapless(events)).toEqual(oneToN(events));
  }, 120_000);

  it('keeps a retry waiting on its backoff across the takeover: attempt 2 starts at the recorded deadline', async () => {
    cluster = await startCluster(url, (dir) => ({
      flaky: `version = "1"
name = "flaky"
[[steps]]
id = "r"
command = "if [ -e '${dir}/marker' ]; then echo second; else touch '${dir}/marker'; exit 3; fi"
retry = { max_attempts = 3, backoff = "linear", initial_delay = "8s" }
`,
    }));
    const [a, b] = cluster.servers as [Cluster['servers'][0], Cluster['servers'][0]];
    const [id] = (await cluster.startMany(a, 'flaky', 1)) as [string];
    await waitFor(async () => (await cluster?.events(id))?.some((e) => e.type === 'step_retrying'), 60_000);
    a.child.kill('SIGKILL');
    await a.exited;
    const [record] = await cluster.allEnded([id], 60_000);
    expect(record).toMatchObject({ status: 'completed', steps: { r: { status: 'completed', attempts: 2 } } });
    const events = await cluster.events(id);
    const retrying = events.find((e) => e.type === 'step_retrying');
    const second = events.find((e) => e.type === 'step_started' && e.attempt === 2);
    expect(retrying).toMatchObject({ attempt: 1, delay_ms: 8000, error_code: 'COMMAND_FAILED' });
    expect(Date.parse(second?.timestamp ?? '')).toBeGreaterThanOrEqual(Date.parse(retrying?.timestamp ?? '') + 8000);
    expect(events.filter((e) => e.type === 'step_started').map((e) => e.type === 'step_started' && e.attempt)).toEqual([
      1, 2,
    ]);
    expect(events.filter((e) => e.type === 'workflow_started').at(-1)).toMatchObject({ owner: { pid: b.child.pid } });
    expect(gapless(events)).toEqual(oneToN(events));
  }, 120_000);

  it('fences a paused coordinator: woken after the takeover (SIGSTOP, SIGCONT), it writes nothing to the store', async () => {
    let linesFile = '';
    cluster = await startCluster(url, (dir) => {
      linesFile = path.join(dir, 'lines.txt');
      return { paused: chainWorkflow('paused', linesFile, '1') };
    });
    const [a, b] = cluster.servers as [Cluster['servers'][0], Cluster['servers'][0]];
    const ids = await cluster.startMany(a, 'paused', 5);
    await waitFor(async () => (await readLines(linesFile)).length >= 10, 60_000); // steps of s2/s3 are running
    a.child.kill('SIGSTOP');
    try {
      const records = await cluster.allEnded(ids, 120_000);
      expect(records.map((r) => r.status)).toEqual(ids.map(() => 'completed'));
      const before = await Promise.all(ids.map((id) => cluster?.events(id)));
      const linesBefore = (await readLines(linesFile)).length;
      a.child.kill('SIGCONT');
      // Woken, it finds each lease gone (a refused write or a renewal) and stops the execution there.
      await waitFor(() => (a.stderr().match(/lost the lease of execution/g) ?? []).length >= ids.length, 60_000);
      const after = await Promise.all(ids.map((id) => cluster?.events(id)));
      expect(after).toEqual(before);
      // Only attempts it had handed to its process runner just before the pause may still start as it wakes
      // (then it stops them): at most one layer of steps per execution, never recorded.
      const linesAfter = await readLines(linesFile);
      expect(linesAfter.length - linesBefore).toBeLessThanOrEqual(2 * ids.length);
      for (const events of after) {
        const list = events ?? [];
        expect(gapless(list)).toEqual(oneToN(list));
        expect(list.at(-1)).toMatchObject({ type: 'workflow_completed', status: 'completed' });
        for (const step of STEPS) {
          expect(list.filter((e) => e.type === 'step_completed' && e.step_id === step)).toHaveLength(1);
        }
        expect(list.filter((e) => e.type === 'workflow_started').at(-1)).toMatchObject({ owner: { pid: b.child.pid } });
      }
    } finally {
      a.child.kill('SIGCONT');
    }
  }, 240_000);
});
