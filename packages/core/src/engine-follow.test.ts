// engine.follow: replay then live, for executions run here and by another engine sharing a SQLite file; since,
// break-out and abort cleanup, the end at workflow_cancelled and at an interrupted execution.
import { getEventListeners } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExecutionStore, WorkflowEvent } from '@skill/workflow-model';
import { openSqliteStore } from '@skill/workflow-store';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from './engine.js';
import { followExecution } from './execution-follow.js';

const dir = await mkdtemp(path.join(tmpdir(), 'skill-follow-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
const stores: ExecutionStore[] = [];
afterAll(async () => {
  for (const store of stores) await store.close?.();
});

let gates = 0;
/** a -> b, where b waits (bounded, 30 s) for the returned gate file to exist. */
function gated(): { text: string; open: () => Promise<void> } {
  gates += 1;
  const gate = path.join(dir, `gate-${gates}`);
  const text = `version = "1"
name = "gated"
[[steps]]
id = "a"
command = "echo a"
[[steps]]
id = "b"
depends_on = ["a"]
command = "for i in $(seq 1 3000); do [ -f ${gate} ] && break; sleep 0.01; done; echo b"
`;
  return { text, open: () => writeFile(gate, '') };
}

/** Two engines on one database file, each with its own connection, as two processes would have. */
async function twoEngines(name: string) {
  const file = path.join(dir, `${name}.db`);
  const [a, b] = [await openSqliteStore(file), await openSqliteStore(file)];
  stores.push(a, b);
  return { runner: createEngine({ cwd: dir, store: a }), other: createEngine({ cwd: dir, store: b }) };
}

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
    const engine = createEngine({ cwd: dir });
    const { text, open } = gated();
    const started = await engine.start(text);
    const seen = await collect(engine.follow(started.executionId), (e) => isStartOfB(e) && open());
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
    const { runner, other } = await twoEngines('other');
    const { text, open } = gated();
    const started = await runner.start(text);
    const seen = await collect(other.follow(started.executionId, { since: 1 }), (e) => isStartOfB(e) && open());
    expect((await started.done).status).toBe('completed');
    const stored = await other.listEvents(started.executionId);
    expect(seen).toEqual(stored.slice(1));
    expect(seen.at(-1)?.type).toBe('workflow_completed');
  });

  it('ends after workflow_cancelled when the execution is cancelled while followed', async () => {
    const { runner, other } = await twoEngines('cancelled');
    const { text, open } = gated();
    const started = await runner.start(text);
    const seen = await collect(
      other.follow(started.executionId),
      (e) => isStartOfB(e) && other.cancel(started.executionId, { reason: 'enough' }),
    );
    await open();
    expect(seen.at(-1)).toMatchObject({ type: 'workflow_cancelled', reason: 'enough' });
    expect((await started.done).status).toBe('cancelled');
  });

  it('ends without a terminal event when the process running the execution is gone', async () => {
    const { runner, other } = await twoEngines('interrupted');
    const { text, open } = gated();
    const started = await runner.start(text);
    const seen = await collect(
      other.follow(started.executionId),
      (e) => isStartOfB(e) && runner.shutdown({ graceMs: 0 }), // leaves it `running` in the store, as a crash would
    );
    await open();
    expect(seen.map((e) => e.type)).not.toContain('workflow_cancelled');
    expect(seen.map((e) => e.type)).not.toContain('workflow_completed');
    expect((await other.requireExecution(started.executionId)).status).toBe('interrupted');
  });

  it('stops following when the loop breaks or the signal aborts, also while waiting for the next event', async () => {
    const { runner, other } = await twoEngines('cleanup');
    const { text, open } = gated();
    const started = await runner.start(text);
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
    await open();
    expect((await started.done).status).toBe('completed');
  });

  it('throws EXECUTION_NOT_FOUND for an unknown id on the first step', async () => {
    const engine = createEngine({ cwd: dir });
    await expect(collect(engine.follow('no-such-execution'))).rejects.toMatchObject({ code: 'EXECUTION_NOT_FOUND' });
  });
});
