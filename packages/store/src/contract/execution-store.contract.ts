// The ExecutionStore contract: one vitest suite every store implementation runs (records must equal applyEvent's fold).
import type { ExecutionRecord, ExecutionStore, WorkflowEvent, WorkflowEventBody } from '@skill/workflow-model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeConcurrencyStoreContract } from './concurrency-store.contract.js';
import { fold, fullRun, newExecution, randomRun } from './contract-fixtures.js';
import { describeLeaseStoreContract } from './lease-store.contract.js';
import { describeScheduleStoreContract } from './schedule-store.contract.js';

/** A store the contract can close. */
export type ClosableStore = ExecutionStore & { close?(): Promise<void> };

/** How the contract gets stores: `open` gives an empty one; `reopen` closes one and opens the same data again. */
export interface ContractTarget {
  open(): Promise<ClosableStore>;
  reopen?(store: ClosableStore): Promise<ClosableStore>;
}

/**
 * A target for stores that live at a location (a file, a database URL): `newLocation` gives a fresh empty one,
 * `open` opens the store there; reopening closes the store and opens its location again.
 *
 * @example
 * describeExecutionStoreContract('SQLite', reopenableTarget(async () => freshFile(), openSqliteStore));
 */
export function reopenableTarget<Store extends ClosableStore>(
  newLocation: () => Promise<string>,
  open: (location: string) => Promise<Store>,
): Required<ContractTarget> {
  const locations = new WeakMap<ClosableStore, string>();
  const openAt = async (location: string) => {
    const store = await open(location);
    locations.set(store, location);
    return store;
  };
  return {
    open: async () => openAt(await newLocation()),
    async reopen(store) {
      const location = locations.get(store);
      if (location === undefined) throw new Error('reopen: this store was not opened by this target');
      await store.close?.();
      return openAt(location);
    },
  };
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Defines the contract suite for one implementation. */
export function describeExecutionStoreContract(name: string, target: ContractTarget): void {
  describe(`ExecutionStore contract: ${name}`, () => {
    let store: ClosableStore;
    beforeEach(async () => {
      store = await target.open();
    });
    afterEach(async () => {
      await store.close?.();
    });

    async function append(id: string, bodies: WorkflowEventBody[]): Promise<WorkflowEvent[]> {
      const events: WorkflowEvent[] = [];
      for (const body of bodies) events.push(await store.appendEvent(id, body));
      return events;
    }

    /** Creates executions in order; `status` is reached through events. */
    async function createRuns(specs: Array<[string, string, 'pending' | 'running' | 'completed' | 'failed']>) {
      for (const [id, workflow, status] of specs) {
        await store.createExecution(newExecution(id, workflow));
        if (status !== 'pending') await store.appendEvent(id, { type: 'workflow_started', inputs: {} });
        if (status === 'completed' || status === 'failed') {
          await store.appendEvent(id, { type: 'workflow_completed', status, duration_ms: 1 });
        }
      }
    }

    it('creates an execution and reads it back', async () => {
      const init = newExecution('e1', 'pipeline', {
        trusted: false,
        retry_of: { execution_id: 'e0', from: 'b', downstream: true },
      });
      const created = await store.createExecution(init);
      expect(created).toEqual({
        id: 'e1',
        workflow_name: 'pipeline',
        status: 'pending',
        inputs: { who: 'Alice' },
        created_at: created.created_at,
        steps: {},
        definition: init.definition,
        last_seq: 0,
        trusted: false,
        retry_of: { execution_id: 'e0', from: 'b', downstream: true },
      });
      expect(created.created_at).toMatch(ISO);
      expect(await store.getExecution('e1')).toEqual(created);
      const plain = await store.createExecution(newExecution('e2'));
      expect('trusted' in plain || 'retry_of' in plain).toBe(false);
      expect(await store.getExecution('e2')).toEqual(plain);
    });

    it("keeps a sub-workflow's parent link and lists an execution's children, newest first", async () => {
      await store.createExecution(newExecution('parent'));
      const link = { execution_id: 'parent', step: 'call' };
      await store.createExecution(newExecution('child-1', 'pipeline', { parent: link }));
      await store.createExecution(newExecution('other'));
      await store.createExecution(newExecution('child-2', 'pipeline', { parent: { ...link, step: 'loop[1].call' } }));
      expect((await store.getExecution('child-1'))?.parent).toEqual(link);
      expect((await store.getExecution('other'))?.parent).toBeUndefined();
      const children = await store.listExecutions({ parent_id: 'parent' });
      expect(children.items.map((e) => [e.id, e.parent?.step])).toEqual([
        ['child-2', 'loop[1].call'],
        ['child-1', 'call'],
      ]);
      expect((await store.listExecutions({ parent_id: 'nobody' })).items).toEqual([]);
    });

    it('appendEvents, where offered, records exactly what appending one by one records', async () => {
      if (!store.appendEvents) return; // optional part of the interface
      await store.createExecution(newExecution('one'));
      await store.createExecution(newExecution('batch'));
      const bodies = fullRun;
      const single = await append('one', bodies);
      const batched = [
        ...(await store.appendEvents('batch', bodies.slice(0, 3))),
        ...(await store.appendEvents('batch', bodies.slice(3))),
      ];
      const strip = (events: WorkflowEvent[]) => events.map(({ execution_id, timestamp, ...rest }) => rest);
      expect(strip(batched)).toEqual(strip(single));
      const one = (await store.getExecution('one')) as ExecutionRecord;
      const batch = (await store.getExecution('batch')) as ExecutionRecord;
      expect([batch.status, batch.last_seq]).toEqual([one.status, one.last_seq]);
      expect(Object.keys(batch.steps)).toEqual(Object.keys(one.steps));
      for (const [id, step] of Object.entries(one.steps)) {
        const { started_at, finished_at, ...rest } = step;
        expect(batch.steps[id]).toMatchObject(rest);
      }
    });

    it('rejects a second execution with the same id', async () => {
      await store.createExecution(newExecution('dup'));
      await expect(store.createExecution(newExecution('dup', 'other'))).rejects.toMatchObject({
        name: 'WorkflowError',
        code: 'INVALID_VALUE',
      });
      expect((await store.getExecution('dup'))?.workflow_name).toBe('pipeline');
    });

    it('assigns seq from 1, one by one, and stamps each event', async () => {
      await store.createExecution(newExecution('e1'));
      const events = await append('e1', fullRun.slice(0, 3));
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
      for (const [i, event] of events.entries()) {
        expect(event).toEqual({
          ...fullRun[i],
          execution_id: 'e1',
          workflow_name: 'pipeline',
          seq: i + 1,
          timestamp: event.timestamp,
        });
        expect(event.timestamp).toMatch(ISO);
      }
      expect((await store.getExecution('e1'))?.last_seq).toBe(3);
    });

    it('folds a full run exactly as applyEvent does', async () => {
      const created = await store.createExecution(newExecution('run'));
      const events = await append('run', fullRun);
      const record = await store.getExecution('run');
      expect(record).toEqual(fold(created, events));
      expect(record?.status).toBe('failed');
      expect(record?.last_seq).toBe(14);
      expect(Object.keys(record?.steps ?? {})).toEqual(['fetch', 'each', 'notify', 'slow']);
      expect(record?.steps.fetch).toMatchObject({ status: 'completed', attempts: 2, output: { user: { id: 123 } } });
      expect(record?.steps.fetch?.error).toBeUndefined();
      expect(record?.steps.each?.metadata.results).toHaveLength(3);
      expect(record?.steps.each?.progress).toEqual({ completed: 2, failed: 1, total: 3 });
      expect(record?.steps.slow).toMatchObject({ status: 'cancelled', reason: 'workflow stopped' });
      expect(await store.listEvents('run')).toEqual(events);
    });

    it('records a cancelled run with the CANCELLED error', async () => {
      const created = await store.createExecution(newExecution('c'));
      const events = await append('c', [
        { type: 'workflow_started', inputs: {} },
        { type: 'workflow_cancelled', status: 'cancelled', reason: 'user asked', duration_ms: 7 },
      ]);
      const record = await store.getExecution('c');
      expect(record).toEqual(fold(created, events));
      expect(record?.error).toEqual({ code: 'CANCELLED', message: 'user asked', details: {} });
    });

    it('matches applyEvent over 300 random events', async () => {
      const created = await store.createExecution(newExecution('random'));
      const events = await append('random', randomRun(20240601, 300));
      expect(await store.getExecution('random')).toEqual(fold(created, events));
    });

    it('stamps events with the times they happened when given, else with its own clock', async () => {
      const created = await store.createExecution(newExecution('stamped'));
      const given = ['2026-01-02T03:04:05.006Z', '2026-01-02T03:04:05.107Z', '2026-01-02T03:04:06.000Z'];
      const before = new Date().toISOString();
      const events = [
        await store.appendEvent('stamped', fullRun[0] as WorkflowEventBody, given[0]),
        ...(store.appendEvents
          ? await store.appendEvents('stamped', fullRun.slice(1, 3), given.slice(1))
          : [
              await store.appendEvent('stamped', fullRun[1] as WorkflowEventBody, given[1]),
              await store.appendEvent('stamped', fullRun[2] as WorkflowEventBody, given[2]),
            ]),
        await store.appendEvent('stamped', fullRun[3] as WorkflowEventBody),
      ];
      expect(events.slice(0, 3).map((event) => event.timestamp)).toEqual(given);
      expect((events[3] as WorkflowEvent).timestamp >= before).toBe(true);
      const record = await store.getExecution('stamped');
      expect(record).toEqual(fold(created, events));
      expect(record?.started_at).toBe(given[0]);
      expect(await store.listEvents('stamped')).toEqual(events);
    });

    it('records cancel requests for pending and running executions only, first reason kept', async () => {
      if (!store.requestCancel || !store.cancelRequests) return; // optional part of the interface
      await createRuns([
        ['waiting', 'w', 'pending'],
        ['busy', 'w', 'running'],
        ['over', 'w', 'completed'],
      ]);
      expect(await store.cancelRequests(['waiting', 'busy', 'over'])).toEqual(new Map());
      expect(await store.requestCancel('busy', 'user asked')).toBe(true);
      expect(await store.requestCancel('busy', 'asked again')).toBe(true);
      expect(await store.requestCancel('waiting', 'not needed')).toBe(true);
      expect(await store.requestCancel('over', 'too late')).toBe(false);
      expect(await store.requestCancel('nobody', 'unknown')).toBe(false);
      const requests = await store.cancelRequests(['busy', 'over', 'nobody', 'waiting']);
      expect(requests).toEqual(
        new Map([
          ['busy', 'user asked'],
          ['waiting', 'not needed'],
        ]),
      );
      expect(await store.cancelRequests([])).toEqual(new Map());
    });

    it('matches applyEvent over 300 random events appended in batches of 1 to 40', async () => {
      if (!store.appendEvents) return; // optional part of the interface
      const created = await store.createExecution(newExecution('batched'));
      const bodies = randomRun(20240602, 300);
      const events: WorkflowEvent[] = [];
      // Batch sizes from a fixed sequence, so a step's events often straddle batches and sometimes share one.
      for (let at = 0, n = 0; at < bodies.length; n += 1) {
        const size = [1, 7, 40, 2, 13, 25, 3][n % 7] as number;
        events.push(...(await store.appendEvents('batched', bodies.slice(at, at + size))));
        at += size;
      }
      expect(events.map((event) => event.seq)).toEqual(bodies.map((_, i) => i + 1));
      expect(await store.getExecution('batched')).toEqual(fold(created, events));
      expect(await store.listEvents('batched')).toEqual(events);
    });

    it('lists events with seq greater than since', async () => {
      await store.createExecution(newExecution('e1'));
      const events = await append('e1', fullRun.slice(0, 5));
      expect(await store.listEvents('e1')).toEqual(events);
      expect(await store.listEvents('e1', 0)).toEqual(events);
      expect((await store.listEvents('e1', 2)).map((e) => e.seq)).toEqual([3, 4, 5]);
      expect(await store.listEvents('e1', 5)).toEqual([]);
      expect(await store.listEvents('e1', 99)).toEqual([]);
      expect(await store.listEvents('missing')).toEqual([]);
    });

    it('lists executions newest first, filtered by workflow and status', async () => {
      await createRuns([
        ['a1', 'alpha', 'completed'],
        ['b1', 'beta', 'running'],
        ['a2', 'alpha', 'failed'],
        ['b2', 'beta', 'completed'],
        ['a3', 'alpha', 'pending'],
      ]);
      const ids = async (filter: Parameters<ExecutionStore['listExecutions']>[0]) =>
        (await store.listExecutions(filter)).items.map((r) => r.id);
      expect(await ids({})).toEqual(['a3', 'b2', 'a2', 'b1', 'a1']);
      expect(await ids({ workflow_name: 'alpha' })).toEqual(['a3', 'a2', 'a1']);
      expect(await ids({ status: 'completed' })).toEqual(['b2', 'a1']);
      expect(await ids({ workflow_name: 'beta', status: 'running' })).toEqual(['b1']);
      expect(await ids({ workflow_name: 'gamma' })).toEqual([]);
      const page = await store.listExecutions();
      expect(page.next_cursor).toBeUndefined();
      expect(page.items[0]).toEqual(await store.getExecution('a3'));
    });

    it('pages with cursors, newest first, without duplicates', async () => {
      const all = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
      await createRuns(all.map((id, i) => [id, i % 2 ? 'odd' : 'even', 'pending']));
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const result = await store.listExecutions({ limit: 3, ...(cursor ? { cursor } : {}) });
        seen.push(...result.items.map((r) => r.id));
        sizes.push(result.items.length);
        cursor = result.next_cursor;
        if (!cursor) break;
      }
      expect(sizes).toEqual([3, 3, 1]);
      expect(seen).toEqual([...all].reverse());
      const first = await store.listExecutions({ workflow_name: 'even', limit: 2 });
      expect(first.items.map((r) => r.id)).toEqual(['r7', 'r5']);
      expect(typeof first.next_cursor).toBe('string');
      const second = await store.listExecutions({ workflow_name: 'even', limit: 2, cursor: first.next_cursor });
      expect(second.items.map((r) => r.id)).toEqual(['r3', 'r1']);
      expect(second.next_cursor).toBeUndefined();
    });

    it('clamps the page size to 1..1000 and defaults to 50', { timeout: 120_000 }, async () => {
      for (let chunk = 0; chunk < 1001; chunk += 50) {
        const ids = Array.from({ length: Math.min(50, 1001 - chunk) }, (_, i) => `x${chunk + i}`);
        await Promise.all(
          ids.map((id) => store.createExecution({ id, workflow_name: 'bulk', inputs: {}, definition: {} as never })),
        );
      }
      const byDefault = await store.listExecutions();
      expect(byDefault.items).toHaveLength(50);
      expect(byDefault.next_cursor).toBeDefined();
      expect((await store.listExecutions({ limit: 0 })).items).toHaveLength(1);
      expect((await store.listExecutions({ limit: -3 })).items).toHaveLength(1);
      const huge = await store.listExecutions({ limit: 5000 });
      expect(huge.items).toHaveLength(1000);
      expect(new Set(huge.items.map((r) => r.id)).size).toBe(1000);
      const rest = await store.listExecutions({ limit: 5000, cursor: huge.next_cursor });
      expect(rest.items).toHaveLength(1);
      expect(rest.next_cursor).toBeUndefined();
    });

    it('lists unfinished executions: pending and running only', async () => {
      await createRuns([
        ['done', 'w', 'completed'],
        ['waiting', 'w', 'pending'],
        ['broken', 'w', 'failed'],
        ['busy', 'w', 'running'],
      ]);
      await store.createExecution(newExecution('stopped'));
      await store.appendEvent('stopped', {
        type: 'workflow_cancelled',
        status: 'cancelled',
        reason: 'x',
        duration_ms: 0,
      });
      const unfinished = await store.listUnfinished();
      expect(unfinished.map((r) => [r.id, r.status])).toEqual([
        ['waiting', 'pending'],
        ['busy', 'running'],
      ]);
      expect(unfinished[1]).toEqual(await store.getExecution('busy'));
    });

    it('gives 50 concurrent appends to one execution seq 1..50 without gaps', async () => {
      const created = await store.createExecution(newExecution('hot'));
      const returned = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.appendEvent('hot', {
            type: 'step_progress',
            step_id: 's',
            progress: { completed: i, failed: 0, total: 50 },
          }),
        ),
      );
      const expected = Array.from({ length: 50 }, (_, i) => i + 1);
      expect(returned.map((e) => e.seq).sort((a, b) => a - b)).toEqual(expected);
      const logged = await store.listEvents('hot');
      expect(logged.map((e) => e.seq)).toEqual(expected);
      expect(await store.getExecution('hot')).toEqual(fold(created, logged));
    });

    it('keeps unicode and 1 MB outputs whole', async () => {
      const text = 'Grüße 日本語 עברית 👩‍💻 e\u0301 nul:\u0000 lone:\ud800 end';
      const big = `${'0123456789abcdef'.repeat(64 * 1024)}`;
      const created = await store.createExecution(newExecution('u', 'unicode', { inputs: { text, emoji: '🚀' } }));
      const events = await append('u', [
        { type: 'workflow_started', inputs: { text } },
        { type: 'step_started', step_id: 'big', attempt: 1, status: 'running' },
        {
          type: 'step_completed',
          step_id: 'big',
          status: 'completed',
          output: { big, text, list: [text, big.length] },
          metadata: { note: text },
          attempt: 1,
          duration_ms: 3,
        },
        { type: 'step_skipped', step_id: 'ü', status: 'skipped', reason: text },
        { type: 'step_started', step_id: 'bad', attempt: 1, status: 'running' },
        { type: 'step_retrying', step_id: 'bad', attempt: 1, next_attempt: 2, delay_ms: 1, error: text },
      ]);
      const record = await store.getExecution('u');
      expect(record).toEqual(fold(created, events));
      const output = record?.steps.big?.output as { big?: string } | undefined;
      expect(output?.big?.length).toBe(1024 * 1024);
      expect(record?.steps.bad?.error).toBe(text);
      expect(record?.inputs.text).toBe(text);
      expect(await store.listEvents('u')).toEqual(events);
    });

    it("stores values that look like SQL or like its statement templates' parameter stand-ins as data", async () => {
      // Ids and names are text columns (no NUL: PostgreSQL refuses it); data is JSON, where the stand-ins go whole.
      const hostile = ["x'); drop table events; --", '$1', '?', ':id', 'skill-param:0'];
      const standIns = ['\u0000skill-param:0', '\u0000skill-param:1'];
      const [first = '', second = ''] = hostile;
      const created = await store.createExecution(newExecution(first, second, { inputs: { hostile, standIns } }));
      const bodies: WorkflowEventBody[] = [
        { type: 'workflow_started', inputs: { hostile } },
        ...hostile.map((id) => ({
          type: 'step_started' as const,
          step_id: id,
          attempt: 1,
          status: 'running' as const,
        })),
        ...hostile.map((id) => ({
          type: 'step_completed' as const,
          step_id: id,
          status: 'completed' as const,
          output: { hostile, standIns },
          metadata: { id, standIns },
          attempt: 1,
          duration_ms: 1,
        })),
        {
          type: 'step_failed',
          step_id: second,
          status: 'failed',
          attempt: 2,
          error: standIns[0] ?? '',
          metadata: {},
          duration_ms: 1,
        },
      ];
      const events = store.appendEvents ? await store.appendEvents(first, bodies) : await append(first, bodies);
      const record = await store.getExecution(first);
      expect(record).toEqual(fold(created, events));
      expect(Object.keys(record?.steps ?? {})).toEqual(hostile);
      expect(record?.workflow_name).toBe(second);
      expect(await store.listEvents(first)).toEqual(events);
      expect(await store.getExecution(second)).toBeUndefined();
    });

    it('knows no execution whose id holds a NUL or bytes that are not UTF-8 text, and says so without an error', async () => {
      await store.createExecution(newExecution('e1'));
      for (const id of ['e1\u0000', 'e1\u0000x', '\u0000', 'e1\ud800', 'e1\udfff']) {
        expect(await store.getExecution(id)).toBeUndefined();
        expect(await store.listEvents(id)).toEqual([]);
        expect((await store.requestCancel?.(id, 'no')) ?? false).toBe(false);
      }
      expect((await store.listExecutions({ workflow_name: 'pipeline\u0000' })).items).toEqual([]);
    });

    it('returns copies: changing what it returned changes nothing it keeps', async () => {
      const init = newExecution('copy');
      const created = await store.createExecution(init);
      (init.inputs as Record<string, unknown>).who = 'Mallory';
      created.status = 'failed';
      const body: WorkflowEventBody = { type: 'workflow_started', inputs: { who: 'Alice' } };
      const event = await store.appendEvent('copy', body);
      (body.inputs as Record<string, unknown>).who = 'Mallory';
      (event as { seq: number }).seq = 99;
      const before = structuredClone(await store.getExecution('copy'));
      const read = (await store.getExecution('copy')) as ExecutionRecord;
      read.status = 'completed';
      read.inputs.who = 'Eve';
      const [listed] = (await store.listExecutions()).items;
      if (listed) listed.workflow_name = 'changed';
      const [unfinished] = await store.listUnfinished();
      if (unfinished) unfinished.last_seq = 42;
      const [logged] = await store.listEvents('copy');
      if (logged) logged.seq = 7;
      expect(await store.getExecution('copy')).toEqual(before);
      expect(before).toMatchObject({ status: 'running', inputs: { who: 'Alice' }, last_seq: 1 });
      expect((await store.listEvents('copy')).map((e) => [e.seq, (e as typeof body).inputs])).toEqual([
        [1, { who: 'Alice' }],
      ]);
    });

    it('answers an empty page for a cursor it did not issue', async () => {
      await createRuns([['only', 'w', 'pending']]);
      for (const cursor of ['not-a-cursor', '-1', '1.5', '']) {
        expect(await store.listExecutions({ cursor })).toEqual({ items: [] });
      }
    });

    it('answers EXECUTION_NOT_FOUND for an unknown execution', async () => {
      await expect(store.appendEvent('nope', { type: 'workflow_started', inputs: {} })).rejects.toMatchObject({
        name: 'WorkflowError',
        code: 'EXECUTION_NOT_FOUND',
      });
      expect(await store.getExecution('nope')).toBeUndefined();
      expect(await store.listEvents('nope')).toEqual([]);
    });

    it.skipIf(!target.reopen)('keeps everything across close and reopen', async () => {
      const created = await store.createExecution(newExecution('persist'));
      const events = await append('persist', fullRun.slice(0, 8));
      const before: ExecutionRecord | undefined = await store.getExecution('persist');
      store = await (target.reopen as NonNullable<ContractTarget['reopen']>)(store);
      expect(await store.getExecution('persist')).toEqual(before);
      expect(await store.getExecution('persist')).toEqual(fold(created, events));
      expect(await store.listEvents('persist')).toEqual(events);
      expect((await store.listUnfinished()).map((r) => r.id)).toEqual(['persist']);
      const next = await store.appendEvent('persist', fullRun[8] as WorkflowEventBody);
      expect(next.seq).toBe(9);
    });
  });
  describeScheduleStoreContract(name, target.open, target.reopen);
  describeLeaseStoreContract(name, target.open);
  describeConcurrencyStoreContract(name, target.open, target.reopen);
}
