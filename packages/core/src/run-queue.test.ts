// Admission and the run queue: start() records the execution and returns before it runs; maxRunningExecutions
// makes the others wait as pending; a shutdown leaves those whose turn had not come pending for the next engine.
import path from 'node:path';
import { waitFor, workflowFixture } from '@skill/test-kit';
import { openSqliteStore } from '@skill/workflow-store';
import { describe, expect, it, onTestFinished } from 'vitest';
import { coreWorkflow, useEngines } from '../test/engine-fixture.js';
import { createEngine } from './engine.js';
import type { Engine } from './engine-types.js';
import { RunQueue } from './run-queue.js';

const engines = useEngines('skill-run-queue-');
const gated = coreWorkflow('gated');
const quick = workflowFixture('quick');

/** Keeps the event loop busy for `ms` (a saturated server), so that the next turn comes late. */
function busyLoop(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spinning on purpose
  }
}

const stepRunning = (engine: Engine, id: string, step: string) =>
  waitFor(async () => (await engine.getExecution(id))?.steps[step]?.status === 'running');

describe('admission', () => {
  it('records the execution and returns before anything of it runs', async () => {
    const { engine } = await engines.project();
    const started = await engine.start(quick);
    // Still the turn of the caller: pending, no event.
    expect(await engine.store.getExecution(started.executionId)).toMatchObject({ status: 'pending', last_seq: 0 });
    expect((await started.done).status).toBe('completed');
  });

  it('refuses a maxRunningExecutions that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => createEngine({ maxRunningExecutions: bad })).toThrow(/maxRunningExecutions/);
    }
  });
});

describe('maxRunningExecutions', () => {
  it('keeps the next execution pending until a running one ends, then runs it', async () => {
    const { engine, touch } = await engines.project({}, { maxRunningExecutions: 1 });
    const first = await engine.start(gated);
    const second = await engine.start(quick);
    await stepRunning(engine, first.executionId, 'b');
    expect(await engine.getExecution(second.executionId)).toMatchObject({ status: 'pending', last_seq: 0 });
    await touch('gate');
    const [a, b] = await Promise.all([first.done, second.done]);
    expect([a.status, b.status]).toEqual(['completed', 'completed']);
    expect(Date.parse(b.started_at ?? '')).toBeGreaterThanOrEqual(Date.parse(a.finished_at ?? ''));
  });

  it('leaves executions whose turn had not come pending at shutdown; the next engine runs them', async () => {
    const { dir, touch } = await engines.project();
    const store = await openSqliteStore(path.join(dir, 'executions.db'));
    onTestFinished(() => store.close());
    const engine = createEngine({ cwd: dir, store, maxRunningExecutions: 1 });
    const first = await engine.start(gated);
    const queued = await engine.start(quick);
    await stepRunning(engine, first.executionId, 'b');
    await engine.shutdown({ graceMs: 0 });
    expect(await queued.done).toMatchObject({ status: 'pending', last_seq: 0 });
    expect(await store.listEvents(queued.executionId)).toEqual([]);

    const next = createEngine({ cwd: dir, store });
    onTestFinished(() => next.shutdown({ graceMs: 0 }));
    const resumed = await next.resumeUnfinished();
    expect(resumed.map((r) => r.executionId).sort()).toEqual([first.executionId, queued.executionId].sort());
    await touch('gate');
    for (const each of resumed) expect((await each.done).status).toBe('completed');
  });
});

describe('RunQueue pacing', () => {
  it('starts nothing new while the loop is busy and something runs, and starts it once the loop calms down', async () => {
    const queue = new RunQueue(Number.POSITIVE_INFINITY);
    const releaseFirst = await queue.turn();
    let second = false;
    const next = queue.turn().then((release) => {
      second = true;
      return release;
    });
    busyLoop(60); // the turn that would start it comes late
    await new Promise((resolve) => setImmediate(resolve));
    expect(second).toBe(false);
    (await next)(); // the loop is calm again: it starts, the first one still running
    expect(second).toBe(true);
    releaseFirst();
  });

  it('holds new executions while the loop stays busy in short turns, none of them late', async () => {
    const queue = new RunQueue(Number.POSITIVE_INFINITY);
    const releaseFirst = await queue.turn();
    let spinning = true;
    const spin = () => {
      if (!spinning) return;
      busyLoop(4); // turns of 4 ms, back to back: the loop never waits for I/O
      setImmediate(spin);
    };
    setImmediate(spin);
    let second = false;
    const next = queue.turn().then((release) => {
      second = true;
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const startedWhileBusy = second;
    spinning = false;
    (await next)(); // idle again: it starts
    expect(startedWhileBusy).toBe(false);
    releaseFirst();
  });

  it('starts the next one even on a busy loop when nothing runs', async () => {
    const queue = new RunQueue(1);
    const waiting = queue.turn();
    busyLoop(60);
    (await waiting)();
  });
});
