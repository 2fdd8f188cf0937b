// EventRecorder: order, batches per turn and per interval, stamps from when events were recorded, and flush.
import { deferred, waitFor, workflowFixture } from '@skill/test-kit';
import type { NewExecution, WorkflowEvent } from '@skill/workflow-model';
import { parseWorkflow } from '@skill/workflow-parser';
import { InMemoryExecutionStore } from '@skill/workflow-store';
import { describe, expect, it } from 'vitest';
import { EventRecorder } from './event-recorder.js';

const { definition } = parseWorkflow(workflowFixture('quick'));
const execution: NewExecution = {
  id: 'e1',
  workflow_name: 'quick',
  inputs: {},
  definition: definition as NonNullable<typeof definition>,
};

type Body = Parameters<InMemoryExecutionStore['appendEvent']>[1];

/** A store that records the size of each write and, while `gate` is set, holds each write until it resolves. */
class HeldStore extends InMemoryExecutionStore {
  writes: number[] = [];
  gate: Promise<void> | undefined;
  override async appendEvent(id: string, body: Body, stamp?: string): Promise<WorkflowEvent> {
    this.writes.push(1);
    await this.gate;
    return super.appendEvent(id, body, stamp);
  }
  async appendEvents(id: string, bodies: readonly Body[], stamps?: readonly string[]) {
    this.writes.push(bodies.length);
    await this.gate;
    const events: WorkflowEvent[] = [];
    for (const [i, body] of bodies.entries()) events.push(await super.appendEvent(id, body, stamps?.[i]));
    return events;
  }
}

/** A long batch interval: a test that would wait it out fails by its timeout instead of passing slowly. */
const LONG_INTERVAL_MS = 60_000;
const started = (i: number): Body => ({ type: 'step_started', step_id: `s${i}`, attempt: 1, status: 'running' });
const progress = (i: number): Body => ({ type: 'step_progress', step_id: 'a', message: `line ${i}`, stream: 'stdout' });

/** Resolves once `store` holds `count` events of the execution. */
const stored = (store: InMemoryExecutionStore, count: number) =>
  waitFor(async () => (await store.listEvents('e1')).length === count);

describe('EventRecorder', () => {
  it('persists in order, then announces, in batches; stamps each event when it was recorded', async () => {
    const store = new HeldStore();
    await store.createExecution(execution);
    const held = deferred();
    store.gate = held.promise;
    const announced: WorkflowEvent[] = [];
    const recorder = new EventRecorder(store, 'e1', (event) => announced.push(event), 0);
    const recordedAt: number[] = [];
    recordedAt.push(Date.now());
    recorder.record(started(0));
    await waitFor(() => store.writes.length === 1);
    for (const i of [1, 2]) {
      recordedAt.push(Date.now());
      recorder.record(started(i));
    }
    await waitFor(() => Date.now() > (recordedAt[2] as number) + 5); // the clock has moved on since
    const releasedAt = Date.now();
    held.resolve();
    await recorder.flush();
    expect(announced.map((event) => event.seq)).toEqual([1, 2, 3]);
    // The first event went alone; the two recorded while it was being written went together.
    expect(store.writes).toEqual([1, 2]);
    for (const [i, event] of announced.entries()) {
      const stamp = Date.parse(event.timestamp);
      expect(stamp).toBeGreaterThanOrEqual(recordedAt[i] as number);
      expect(stamp).toBeLessThan(releasedAt); // not when it reached the store
    }
    expect((await store.listEvents('e1')).map((event) => event.timestamp)).toEqual(announced.map((e) => e.timestamp));
  });

  it('writes a busy stream at most once per batch interval, everything queued meanwhile together', async () => {
    const store = new HeldStore();
    await store.createExecution(execution);
    const recorder = new EventRecorder(store, 'e1', () => undefined, LONG_INTERVAL_MS);
    recorder.record(progress(0));
    await stored(store, 1);
    for (let i = 1; i <= 100; i += 1) {
      recorder.record(progress(i));
      await new Promise(setImmediate); // a turn ends between two events
    }
    expect(store.writes).toEqual([1]); // the interval after the first write has not passed
    await recorder.flush();
    expect(store.writes).toEqual([1, 100]);
    expect(await store.listEvents('e1')).toHaveLength(101);
  });

  it('writes everything queued in one go to a store without appendEvents (no interval between events)', async () => {
    const store = new InMemoryExecutionStore();
    await store.createExecution(execution);
    const recorder = new EventRecorder(store, 'e1', () => undefined, LONG_INTERVAL_MS);
    for (let i = 0; i < 200; i += 1) recorder.record(progress(i));
    // Without flush: an interval between two of these events would hold all but the first back.
    await stored(store, 200);
  });

  it('flush() does not wait out the batching interval', async () => {
    const store = new HeldStore();
    await store.createExecution(execution);
    const recorder = new EventRecorder(store, 'e1', () => undefined, LONG_INTERVAL_MS);
    recorder.record({ type: 'workflow_started', inputs: {} });
    await stored(store, 1); // the first write is done; the next would wait the interval
    recorder.record(started(0));
    await recorder.flush();
    expect(store.writes).toEqual([1, 1]);
  });
});
