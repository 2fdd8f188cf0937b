// A coordinator taking over an execution whose step was dispatched (two engines on one SQLite file, each with a
// dispatcher standing in for a queue): it adopts the running attempt through StepDispatcher.adopt (no new attempt,
// no second step_started), and runs a new "coordinator lost" attempt when the dispatcher cannot follow it.
import path from 'node:path';
import { useTempDir, waitFor } from '@skill/test-kit';
import {
  type ExecutionStore,
  type StepDispatcher,
  type StepJob,
  type StepResult,
  WorkflowError,
  type WorkflowEvent,
} from '@skill/workflow-model';
import { openSqliteStore } from '@skill/workflow-store';
import { afterAll, describe, expect, it } from 'vitest';
import { cuttable } from '../../test/cuttable-store.js';
import { createEngine } from '../engine.js';
import type { Engine } from '../engine-types.js';

const dir = useTempDir('skill-adopt-');
const stores: ExecutionStore[] = [];
const engines: Engine[] = [];
afterAll(async () => {
  for (const engine of engines) await engine.shutdown({ graceMs: 0 }).catch(() => {});
  for (const store of stores) await store.close?.();
});

const chain = `version = "1"
name = "chain"
[[steps]]
id = "s1"
command = "true"
[[steps]]
id = "s2"
command = "true"
depends_on = ["s1"]
[[steps]]
id = "s3"
command = "echo {s2.output}"
depends_on = ["s2"]
`;

/** What each dispatcher was asked, as `<who> <method> <step> <attempt>`. */
type Calls = string[];
const done = (job: StepJob): Promise<StepResult> => Promise.resolve({ output: `${job.step_id} ${job.attempt}` });
/** A's dispatcher: s2 never comes back (its coordinator is cut off while it runs on a worker). */
function deadDispatcher(calls: Calls): StepDispatcher {
  return {
    dispatch(job, control) {
      calls.push(`A dispatch ${job.step_id} ${job.attempt}`);
      if (job.step_id !== 's2') return done(job);
      return new Promise((_resolve, reject) => control.signal.addEventListener('abort', () => reject(new Error('x'))));
    },
  };
}
/** B's dispatcher: `adopt` answers with the worker's result, or says the job is gone. */
function survivingDispatcher(calls: Calls, adoptable: boolean): StepDispatcher {
  return {
    dispatch(job) {
      calls.push(`B dispatch ${job.step_id} ${job.attempt}`);
      return done(job);
    },
    adopt(job, control) {
      calls.push(`B adopt ${job.step_id} ${job.attempt}`);
      if (!adoptable) return Promise.reject(new WorkflowError('COORDINATOR_LOST', 'coordinator lost'));
      control.log('line after the takeover');
      return Promise.resolve({ output: 'from the worker' });
    },
  };
}

async function takeover(adoptable: boolean): Promise<{ calls: Calls; events: WorkflowEvent[] }> {
  const file = path.join(dir(), `${Math.random().toString(36).slice(2)}.db`);
  const [storeA, storeB] = [await openSqliteStore(file), await openSqliteStore(file)];
  stores.push(storeA, storeB);
  const { store, cut } = cuttable(storeA);
  const calls: Calls = [];
  const coordination = { leaseMs: 600, heartbeatMs: 100 };
  const a = createEngine({ cwd: dir(), store, stepDispatcher: deadDispatcher(calls), coordination });
  const b = createEngine({
    cwd: dir(),
    store: storeB,
    stepDispatcher: survivingDispatcher(calls, adoptable),
    coordination,
  });
  engines.push(a, b);
  await a.resumeUnfinished();
  await b.resumeUnfinished();
  const started = await a.start(chain);
  started.done.catch(() => undefined);
  await waitFor(() => calls.includes('A dispatch s2 1'));
  cut.off = true;
  const ended = async () => (await storeB.getExecution(started.executionId))?.status === 'completed';
  await waitFor(ended, 30_000);
  return { calls, events: await storeB.listEvents(started.executionId) };
}

const of = (events: WorkflowEvent[], step: string) =>
  events.flatMap((e) =>
    'step_id' in e && e.step_id === step && e.type !== 'step_progress'
      ? [`${e.type} ${'attempt' in e ? e.attempt : ''}`]
      : [],
  );

describe('a takeover of dispatched steps', () => {
  it('adopts the attempt still running where it was dispatched: one attempt, its later lines recorded', async () => {
    const { calls, events } = await takeover(true);
    expect(calls).toEqual(['A dispatch s1 1', 'A dispatch s2 1', 'B adopt s2 1', 'B dispatch s3 1']);
    expect(of(events, 's2')).toEqual(['step_started 1', 'step_completed 1']);
    expect(events.find((e) => e.type === 'step_completed' && e.step_id === 's2')).toMatchObject({
      output: 'from the worker',
    });
    expect(events.some((e) => e.type === 'step_progress' && e.message === 'line after the takeover')).toBe(true);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it('runs a new attempt ("coordinator lost") when the dispatcher cannot follow the attempt', async () => {
    const { calls, events } = await takeover(false);
    expect(calls.slice(2)).toEqual(['B adopt s2 1', 'B dispatch s2 2', 'B dispatch s3 1']);
    expect(of(events, 's2')).toEqual(['step_started 1', 'step_retrying 1', 'step_started 2', 'step_completed 2']);
    expect(events.find((e) => e.type === 'step_retrying')).toMatchObject({
      error: 'coordinator lost',
      error_code: 'COORDINATOR_LOST',
    });
  });
});
