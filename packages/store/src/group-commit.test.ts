// The SQLite store's group commit (appends of one turn in one transaction) and its read-only read connection.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type * as NodeSqlite from 'node:sqlite';
import { useTempDir } from '@skill/test-kit';
import type { WorkflowEvent } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { fold, fullRun, newExecution } from './contract/contract-fixtures.js';
import { openSqliteStore } from './index.js';

const root = useTempDir('skill-group-commit-');
let count = 0;
const newFile = () => join(root(), `group-${++count}`, 'executions.db');

describe('SQLite group commit', () => {
  it('writes the appends of many executions made in one turn, each gapless and folded as applyEvent does', async () => {
    const store = await openSqliteStore(newFile());
    try {
      const ids = Array.from({ length: 20 }, (_, i) => `g${i}`);
      const created = await Promise.all(ids.map((id) => store.createExecution(newExecution(id))));
      // Every execution appends its whole run event by event, all in the same turns: the groups mix them.
      const written = await Promise.all(
        ids.map(async (id) => {
          const events: WorkflowEvent[] = [];
          for (const body of fullRun) events.push(await store.appendEvent(id, body));
          return events;
        }),
      );
      for (const [i, id] of ids.entries()) {
        const events = written[i] as WorkflowEvent[];
        expect(events.map((e) => e.seq)).toEqual(fullRun.map((_, k) => k + 1));
        expect(await store.listEvents(id)).toEqual(events);
        expect(await store.getExecution(id)).toEqual(fold(created[i] as NonNullable<(typeof created)[0]>, events));
      }
    } finally {
      await store.close();
    }
  });

  it('fails only the append of an unknown execution when it shares a group with others', async () => {
    const store = await openSqliteStore(newFile());
    try {
      await store.createExecution(newExecution('known'));
      const [known, unknown, again] = await Promise.allSettled([
        store.appendEvents('known', fullRun.slice(0, 2)),
        store.appendEvent('missing', fullRun[0] as (typeof fullRun)[0]),
        store.appendEvents('known', fullRun.slice(2, 4)),
      ]);
      expect(unknown).toMatchObject({ status: 'rejected', reason: { code: 'EXECUTION_NOT_FOUND' } });
      expect(known.status === 'fulfilled' && known.value.map((e) => e.seq)).toEqual([1, 2]);
      expect(again.status === 'fulfilled' && again.value.map((e) => e.seq)).toEqual([3, 4]);
      expect((await store.getExecution('known'))?.last_seq).toBe(4);
    } finally {
      await store.close();
    }
  });

  it('commits the creations of one turn together: far fewer log frames than one commit each', async () => {
    const file = newFile();
    const store = await openSqliteStore(file);
    const walBytes = () => statSync(`${file}-wal`).size;
    try {
      await store.createExecution(newExecution('first'));
      const start = walBytes();
      const together = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.createExecution(newExecution(`t${i}`))),
      );
      const grouped = walBytes() - start;
      for (let i = 0; i < 20; i++) await store.createExecution(newExecution(`a${i}`)); // one turn apart: a commit each
      const apart = walBytes() - start - grouped;
      expect(together.map((record) => record.status)).toEqual(Array(20).fill('pending'));
      expect(grouped * 3).toBeLessThan(apart); // WAL frames rewrite the pages every commit touches
      expect((await store.listExecutions({ limit: 100 })).items).toHaveLength(41);
    } finally {
      await store.close();
    }
  });

  it('writes what is pending before it closes', async () => {
    const file = newFile();
    const store = await openSqliteStore(file);
    await store.createExecution(newExecution('late'));
    const appended = store.appendEvents('late', fullRun);
    await store.close();
    expect((await appended).at(-1)?.seq).toBe(fullRun.length);
    const reopened = await openSqliteStore(file);
    try {
      expect((await reopened.listEvents('late')).length).toBe(fullRun.length);
    } finally {
      await reopened.close();
    }
  });
});

describe('SQLite read connection', () => {
  it('answers reads while another connection holds the write lock, and sees each commit once it is made', async () => {
    const file = newFile();
    const store = await openSqliteStore(file);
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite') as typeof NodeSqlite;
    const other = new DatabaseSync(file);
    try {
      await store.createExecution(newExecution('r1'));
      other.exec('BEGIN IMMEDIATE'); // a writer in another process: reads do not wait for it
      other.exec("UPDATE executions SET status = 'running' WHERE id = 'r1'");
      expect((await store.getExecution('r1'))?.status).toBe('pending');
      expect((await store.listExecutions()).items.map((r) => r.id)).toEqual(['r1']);
      other.exec('COMMIT');
      expect((await store.getExecution('r1'))?.status).toBe('running');
    } finally {
      other.close();
      await store.close();
    }
  });
});
