// engine.follow: replay then live, for executions run here and by another engine sharing a SQLite file; since,
// break-out and abort cleanup, the end at workflow_cancelled and at an interrupted execution.
import { getEventListeners } from 'node:events';
import type { WorkflowEvent } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { coreWorkflow, type SharedStoreEngines, useEngines } from '../test/engine-fixture.js';
import { followExecution } from './execution-follow.js';

const engines = useEngines('skill-follow-');
const gated = coreWorkflow('gated');

/** Collects the events of `follow`, calling `onEvent` with each (to open gates or cancel on a given event). */
async function collect(events: AsyncIterable<WorkflowEvent>, onEvent: (e: WorkflowEvent) => unknown = () => {}) {
  const seen: WorkflowEvent[] = [];
  for await (const event of events) {
    seen.push(event);
    await onEvent(event);
  }
  return seen;
}

const isStartOfB = (e: WorkflowEvent) => e.type === 'step_started' && e.step_id === 'b';

describe('engine.follow', () => {
  it('replays and then follows an execution of this engine to its terminal event, without gap or duplicate', async () => {
    const { engine, touch } = await engines.project();
    const started = await engine.start(gated);
    const seen = await collect(engine.follow(started.executionId), (e) => isStartOfB(e) && touch('gate'));
    const stored = await engine.listEvents(started.executionId);
    expect(seen).toEqual(stored);
    expect(seen.map((e) => e.seq)).toEqual(seen.map((_, i) => i + 1));
    expect(seen.at(-1)).toMatchObject({ type: 'workflow_completed', status: 'completed' });
    expect((await started.done).status).toBe('completed');

    const after = await collect(engine.follow(started.executionId, { since: 2 }));
    expect(after).toEqual(stored.slice(2));
    expect(await collect(engine.follow(started.executionId, { since: stored.length }))).toEqual([]);
  });

  it('follows an execution that another engine sharing the store runs, to its end', async () => {
    const { runner, other, touch } = await engines.twoEngines();
    const started = await runner.start(gated);
    const seen = await collect(other.follow(started.executionId, { since: 1 }), (e) => isStartOfB(e) && touch('gate'));
    expect((await started.done).status).toBe('completed');
    const stored = await other.listEvents(started.executionId);
    expect(seen).toEqual(stored.slice(1));
    expect(seen.at(-1)?.type).toBe('workflow_completed');
  });

  /** Follows `gated` run by another engine, calling `atB` when b starts; opens b's gate once following ended. */
  async function followWhileBWaits(atB: (engines: SharedStoreEngines, id: string) => unknown) {
    const shared = await engines.twoEngines();
    const started = await shared.runner.start(gated);
    const seen = await collect(
      shared.other.follow(started.executionId),
      (e) => isStartOfB(e) && atB(shared, started.executionId),
    );
    await shared.touch('gate');
    return { seen, started, other: shared.other };
  }

  it('ends after workflow_cancelled when the execution is cancelled while followed', async () => {
    const { seen, started } = await followWhileBWaits(({ other }, id) => other.cancel(id, { reason: 'enough' }));
    expect(seen.at(-1)).toMatchObject({ type: 'workflow_cancelled', reason: 'enough' });
    expect((await started.done).status).toBe('cancelled');
  });

  it('ends without a terminal event when the process running the execution is gone', async () => {
    // The shutdown leaves the execution `running` in the store, as a crash would.
    const { seen, started, other } = await followWhileBWaits(({ runner }) => runner.shutdown({ graceMs: 0 }));
    expect(seen.map((e) => e.type)).not.toContain('workflow_cancelled');
    expect(seen.map((e) => e.type)).not.toContain('workflow_completed');
    expect((await other.requireExecution(started.executionId)).status).toBe('interrupted');
  });

  it('stops following when the loop breaks or the signal aborts, also while waiting for the next event', async () => {
    const { runner, other, touch } = await engines.twoEngines();
    const started = await runner.start(gated);
    let subscribed = 0;
    const source = {
      store: other.store,
      isRunningHere: () => false,
      subscribe() {
        subscribed += 1;
        return () => {
          subscribed -= 1;
        };
      },
    };
    for await (const event of followExecution(source, started.executionId)) {
      expect(subscribed).toBe(1);
      expect(event.seq).toBe(1);
      break;
    }
    expect(subscribed).toBe(0);

    const controller = new AbortController();
    const iterator = followExecution(source, started.executionId, { signal: controller.signal });
    for (let next = await iterator.next(); !next.done && !isStartOfB(next.value); ) next = await iterator.next();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    const waiting = iterator.next(); // b waits for its gate: nothing comes
    controller.abort();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(subscribed).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    await touch('gate');
    expect((await started.done).status).toBe('completed');
  });

  it('throws EXECUTION_NOT_FOUND for an unknown id on the first step', async () => {
    const { engine } = await engines.project();
    await expect(collect(engine.follow('no-such-execution'))).rejects.toMatchObject({ code: 'EXECUTION_NOT_FOUND' });
  });
});
