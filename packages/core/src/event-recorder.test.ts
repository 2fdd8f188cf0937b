import type { NewExecution, WorkflowEvent } from '@skill/workflow-model';
import { parseWorkflow } from '@skill/workflow-parser';
import { InMemoryExecutionStore } from '@skill/workflow-store';
import { describe, expect, it } from 'vitest';
import { EventRecorder } from './event-recorder.js';

const { definition } = parseWorkflow('version = "1"\nname = "w"\n[[steps]]\nid = "a"\ncommand = "true"\n');
const execution: NewExecution = {
  id: 'e1',
  workflow_name: 'w',
  inputs: {},
  definition: definition as NonNullable<typeof definition>,
};

type Body = Parameters<InMemoryExecutionStore['appendEvent']>[1];

/** A store that records the size of each write and holds each for `holdMs`, as a slow disk would. */
class SlowStore extends InMemoryExecutionStore {
  writes: number[] = [];
  constructor(private readonly holdMs: number) {
    super();
  }
  override async appendEvent(id: string, body: Body, stamp?: string): Promise<WorkflowEvent> {
    this.writes.push(1);
    await this.#hold();
    return super.appendEvent(id, body, stamp);
  }
  async appendEvents(id: string, bodies: readonly Body[], stamps?: readonly string[]) {
    this.writes.push(bodies.length);
    await this.#hold();
    const events: WorkflowEvent[] = [];
    for (const [i, body] of bodies.entries()) events.push(await super.appendEvent(id, body, stamps?.[i]));
    return events;
  }
  #hold(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.holdMs));
  }
}

describe('EventRecorder', () => {
  it('persists in order, then announces, in batches; stamps each event when it was recorded', async () => {
    const store = new SlowStore(100);
    await store.createExecution(execution);
    const announced: WorkflowEvent[] = [];
    const recorder = new EventRecorder(store, 'e1', (event) => announced.push(event));
    const recordedAt: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      recordedAt.push(Date.now());
      recorder.record({ type: 'step_started', step_id: `s${i}`, attempt: 1, status: 'running' });
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    await recorder.flush();
    expect(announced.map((event) => event.seq)).toEqual([1, 2, 3]);
    // The first event went alone; the two recorded while it was being written went together.
    expect(store.writes).toEqual([1, 2]);
    for (const [i, event] of announced.entries()) {
      const stamp = Date.parse(event.timestamp);
      expect(stamp).toBeGreaterThanOrEqual(recordedAt[i] as number);
      expect(stamp).toBeLessThan((recordedAt[i] as number) + 50); // not when it reached the store, 100 ms later
    }
    expect((await store.listEvents('e1')).map((event) => event.timestamp)).toEqual(announced.map((e) => e.timestamp));
  });

  it('writes a busy stream at most once per batch interval, everything queued meanwhile together', async () => {
    const store = new SlowStore(0);
    await store.createExecution(execution);
    const intervalMs = 50;
    const recorder = new EventRecorder(store, 'e1', () => undefined, intervalMs);
    const started = performance.now();
    while (performance.now() - started < 300) {
      recorder.record({ type: 'step_progress', step_id: 'a', message: 'x', stream: 'stdout' });
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await recorder.flush();
    const elapsed = performance.now() - started;
    const written = store.writes.reduce((sum, size) => sum + size, 0);
    expect(written).toBe((await store.listEvents('e1')).length);
    // One write right away, one per interval after it, and the one flush() hurries.
    expect(store.writes.length).toBeLessThanOrEqual(Math.ceil(elapsed / intervalMs) + 2);
    expect(written / store.writes.length).toBeGreaterThan(2);
  });

  it('writes everything queued in one go to a store without appendEvents (no interval between events)', async () => {
    const store = new InMemoryExecutionStore();
    await store.createExecution(execution);
    const writtenAt: number[] = [];
    const append = store.appendEvent.bind(store);
    store.appendEvent = (id, body, stamp) => {
      writtenAt.push(performance.now());
      return append(id, body, stamp);
    };
    const recorder = new EventRecorder(store, 'e1', () => undefined, 100);
    for (let i = 0; i < 200; i += 1) {
      recorder.record({ type: 'step_progress', step_id: 'a', message: `line ${i}`, stream: 'stdout' });
    }
    await recorder.flush();
    expect(writtenAt).toHaveLength(200);
    // One 100 ms interval apart per event would take 20 s; in one go it is a few ms.
    expect((writtenAt.at(-1) as number) - (writtenAt[0] as number)).toBeLessThan(2000);
  });

  it('flush() does not wait out the batching interval', async () => {
    const store = new SlowStore(0);
    await store.createExecution(execution);
    const recorder = new EventRecorder(store, 'e1', () => undefined, 2000);
    recorder.record({ type: 'workflow_started', inputs: {} });
    await new Promise((resolve) => setTimeout(resolve, 20)); // the first write is done; the next would wait 2 s
    recorder.record({ type: 'step_started', step_id: 'a', attempt: 1, status: 'running' });
    const asked = performance.now();
    await recorder.flush();
    expect(store.writes).toEqual([1, 1]);
    expect(performance.now() - asked).toBeLessThan(1000);
  });
});
