// Two coordinating engines on one SQLite file (each with its own connection, as two processes): a coordinator
// cut off from the store loses its executions to the other, which continues them from the store (completed steps
// kept, the lost attempt run again, a retry's backoff deadline kept), and the cut-off one writes nothing more.
import path from 'node:path';
import { useTempDir, waitFor } from '@skill/test-kit';
import type { ExecutionStore, ExecutorContext, StepExecutor, StepResult, WorkflowEvent } from '@skill/workflow-model';
import { openSqliteStore } from '@skill/workflow-store';
import { afterAll, describe, expect, it } from 'vitest';
import { cuttable } from '../../test/cuttable-store.js';
import { createEngine } from '../engine.js';
import type { Engine } from '../engine-types.js';

const dir = useTempDir('skill-coordination-');
const stores: ExecutionStore[] = [];
const engines: Engine[] = [];
afterAll(async () => {
  for (const engine of engines) await engine.shutdown({ graceMs: 0 }).catch(() => {});
  for (const store of stores) await store.close?.();
});

const LEASE = { leaseMs: 600, heartbeatMs: 100 };

/** What a probe step does in one engine: by default it completes at once. */
type Behaviour = (ctx: ExecutorContext) => Promise<StepResult>;

/** A `probe` step executor that logs `engine step attempt` for each attempt it starts. */
function probe(name: string, calls: string[], behaviours: Record<string, Behaviour> = {}): StepExecutor {
  return {
    type: 'probe',
    run(_step, ctx) {
      calls.push(`${name} ${ctx.step_id} ${ctx.attempt}`);
      return behaviours[ctx.step_id]?.(ctx) ?? Promise.resolve({ output: `${ctx.step_id} by ${name}` });
    },
  };
}

/** Until the attempt is aborted (the coordinator lost its lease). */
const untilAborted: Behaviour = (ctx) =>
  new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))));

async function twoCoordinators(calls: string[], behavioursOfA: Record<string, Behaviour>) {
  const file = path.join(dir(), `${Math.random().toString(36).slice(2)}.db`);
  const [storeA, storeB] = [await openSqliteStore(file), await openSqliteStore(file)];
  stores.push(storeA, storeB);
  const { store, cut } = cuttable(storeA);
  const a = createEngine({ cwd: dir(), store, executors: [probe('A', calls, behavioursOfA)], coordination: LEASE });
  const b = createEngine({ cwd: dir(), store: storeB, executors: [probe('B', calls)], coordination: LEASE });
  engines.push(a, b);
  await a.resumeUnfinished();
  await b.resumeUnfinished();
  return { a, b, cut, storeB };
}

const chain = `version = "1"
name = "chain"
[[steps]]
id = "s1"
step_type = "probe"
[[steps]]
id = "s2"
step_type = "probe"
depends_on = ["s1"]
[[steps]]
id = "s3"
step_type = "probe"
depends_on = ["s2"]
`;

const ended = async (store: ExecutionStore, id: string) => {
  const status = (await store.getExecution(id))?.status;
  return status === 'completed' || status === 'failed' || status === 'cancelled';
};
const of = (events: WorkflowEvent[], step: string) =>
  events.filter((e) => 'step_id' in e && e.step_id === step).map((e) => `${e.type} ${'attempt' in e ? e.attempt : ''}`);

describe('coordinators taking over from each other', () => {
  it('continues a cut-off coordinator execution: completed steps kept, the lost attempt run again', async () => {
    const calls: string[] = [];
    const { a, cut, storeB } = await twoCoordinators(calls, { s2: untilAborted });
    const started = await a.start(chain);
    await waitFor(() => calls.includes('A s2 1'));
    cut.off = true;
    await waitFor(() => ended(storeB, started.executionId), 30_000);
    await expect(started.done).rejects.toBeDefined(); // stopped without a terminal event of its own

    const record = await storeB.getExecution(started.executionId);
    expect(record?.status).toBe('completed');
    expect(record?.steps.s3?.output).toBe('s3 by B');
    expect(calls).toEqual(['A s1 1', 'A s2 1', 'B s2 2', 'B s3 1']);
    const events = await storeB.listEvents(started.executionId);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(of(events, 's1')).toEqual(['step_started 1', 'step_completed 1']);
    expect(of(events, 's2')).toEqual(['step_started 1', 'step_retrying 1', 'step_started 2', 'step_completed 2']);
    expect(events.find((e) => e.type === 'step_retrying')).toMatchObject({
      error: 'coordinator lost',
      error_code: 'COORDINATOR_LOST',
      next_attempt: 2,
    });
    expect(events.filter((e) => e.type === 'workflow_started')).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ type: 'workflow_completed', status: 'completed' });
    expect(await storeB.leaseOf?.(started.executionId)).toBeUndefined(); // removed once it ended
  });

  it('keeps a retry waiting on its backoff: the next attempt starts at the recorded deadline, elsewhere', async () => {
    const calls: string[] = [];
    const failing: Behaviour = () => Promise.reject(new Error('flaky'));
    const { a, cut, storeB } = await twoCoordinators(calls, { r: failing });
    const workflow = `version = "1"
name = "retrying"
[[steps]]
id = "r"
step_type = "probe"
retry = { max_attempts = 3, backoff = "linear", initial_delay = "2s" }
`;
    const started = await a.start(workflow);
    await waitFor(async () => (await storeB.listEvents(started.executionId)).some((e) => e.type === 'step_retrying'));
    cut.off = true;
    await waitFor(() => ended(storeB, started.executionId), 30_000);

    const events = await storeB.listEvents(started.executionId);
    expect(of(events, 'r')).toEqual(['step_started 1', 'step_retrying 1', 'step_started 2', 'step_completed 2']);
    expect(calls).toEqual(['A r 1', 'B r 2']);
    const retrying = events.find((e) => e.type === 'step_retrying');
    const second = events.find((e) => e.type === 'step_started' && e.attempt === 2);
    const deadline = Date.parse(retrying?.timestamp ?? '') + 2000;
    expect(Date.parse(second?.timestamp ?? '')).toBeGreaterThanOrEqual(deadline);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it('cancels through the other coordinator an execution this one runs', async () => {
    const calls: string[] = [];
    const { a, b, storeB } = await twoCoordinators(calls, { s2: untilAborted });
    const started = await a.start(chain);
    await waitFor(() => calls.includes('A s2 1'));
    expect(await b.cancel(started.executionId, { reason: 'from B' })).toMatchObject({ outcome: 'requested' });
    const record = await started.done;
    expect(record).toMatchObject({ status: 'cancelled', error: { message: 'from B' } });
    expect(record.steps.s2?.status).toBe('cancelled');
    expect(await storeB.leaseOf?.(started.executionId)).toBeUndefined();
  });

  it('hands its executions over at shutdown without waiting for the lease to run out', async () => {
    const calls: string[] = [];
    const { a, storeB } = await twoCoordinators(calls, { s2: untilAborted });
    const started = await a.start(chain);
    await waitFor(() => calls.includes('A s2 1'));
    await a.shutdown({ graceMs: 0 });
    await waitFor(() => ended(storeB, started.executionId), 30_000);
    expect((await storeB.getExecution(started.executionId))?.status).toBe('completed');
    expect(calls.slice(-2)).toEqual(['B s2 2', 'B s3 1']);
    const events = await storeB.listEvents(started.executionId);
    expect(of(events, 's2')).toEqual([
      'step_started 1',
      'step_cancelled 1',
      'step_retrying 1',
      'step_started 2',
      'step_completed 2',
    ]);
  });
});
