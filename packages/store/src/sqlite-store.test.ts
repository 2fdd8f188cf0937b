// Runs the ExecutionStore contract against SQLite files, plus what only the SQLite store does.
import { chmod, stat, writeFile } from 'node:fs/promises';
import path, { join } from 'node:path';
import type * as NodeSqlite from 'node:sqlite';
import { useTempDir } from '@skill/test-kit';
import type { ExecutionRecord } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { builtStorePackage } from './contract/built-package.js';
import { newExecution } from './contract/contract-fixtures.js';
import { describeExecutionStoreContract, reopenableTarget } from './contract/execution-store.contract.js';
import { defaultStorePath, openSqliteStore, openStore, resolveStoreUrl } from './index.js';

const root = useTempDir('skill-store-');
let count = 0;
const newFile = async () => join(root(), `contract-${++count}`, 'executions.db');

describeExecutionStoreContract('SQLite', reopenableTarget(newFile, openSqliteStore));

const built = await builtStorePackage();
describe.skipIf(!built)('built package', () => {
  const open = (file: string) => (built as NonNullable<typeof built>).openSqliteStore(file);
  describeExecutionStoreContract('SQLite, built package (Kysely bundled)', reopenableTarget(newFile, open));
});

describe('openSqliteStore', () => {
  it('creates the folder and a WAL-mode database with the three tables', async () => {
    const file = join(root(), 'deep', 'er', 'executions.db');
    const store = await openSqliteStore(file);
    await store.createExecution(newExecution('w1'));
    expect((await stat(file)).isFile()).toBe(true);
    // Loaded after the store did: node:sqlite's ExperimentalWarning was already (silently) spent.
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite') as typeof NodeSqlite;
    const db = new DatabaseSync(file, { readOnly: true });
    try {
      expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
      const tables = db.prepare("select name from sqlite_master where type = 'table' order by name").all();
      expect(tables.map((t) => t.name)).toEqual(
        expect.arrayContaining(['events', 'executions', 'step_records', 'skill_store_migration']),
      );
    } finally {
      db.close();
      await store.close();
    }
  });

  it('keeps its files private: the folder it creates 0700, the database and its -wal and -shm 0600', async () => {
    const previous = process.umask(0o022); // the usual umask, under which SQLite alone makes 0644 files
    try {
      const folder = join(root(), 'private', '.skill');
      const file = join(folder, 'executions.db');
      const store = await openSqliteStore(file);
      await store.createExecution(newExecution('w1'));
      const mode = async (p: string) => (await stat(p)).mode & 0o777;
      expect(await mode(folder)).toBe(0o700);
      for (const each of [file, `${file}-wal`, `${file}-shm`]) expect(await mode(each), each).toBe(0o600);
      await store.close();

      // a store left readable by an older version is made private when opened
      const old = join(root(), 'private', 'old.db');
      await writeFile(old, '', { mode: 0o644 });
      await chmod(old, 0o644);
      await (await openSqliteStore(old)).close();
      expect(await mode(old)).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('reopens an existing file without re-running migrations', async () => {
    const file = join(root(), 'twice', 'executions.db');
    await (await openSqliteStore(file)).close();
    const store = await openSqliteStore(file);
    expect((await store.listExecutions()).items).toEqual([]);
    await store.close();
    await store.close();
  });

  it('fails with STORE_UNAVAILABLE when the path is a directory', async () => {
    await expect(openSqliteStore(root())).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});

describe('status reads', () => {
  it('read one consistent snapshot at once, also while a listing holds a read transaction on the same connection', async () => {
    const store = await openSqliteStore(join(root(), 'snapshots', 'executions.db'));
    try {
      const ids = ['r1', 'r2', 'r3'];
      for (const id of ids) {
        await store.createExecution(newExecution(id));
        await store.appendEvents(id, [
          { type: 'workflow_started', inputs: {} },
          { type: 'step_started', step_id: 'a', attempt: 1, status: 'running' },
        ]);
      }
      // A listing keeps a Kysely read transaction open across awaits; status reads run at once, one per microtask
      // turn, so some run while it is open (they join its snapshot) and some before or after it.
      const listing = store.listExecutions({ limit: 10 });
      const reads: Array<Promise<ExecutionRecord | undefined>> = [];
      for (let i = 0; i < 60; i++) {
        reads.push(store.getExecution(ids[i % ids.length] as string));
        await null;
      }
      expect((await listing).items).toHaveLength(3);
      for (const [i, record] of (await Promise.all(reads)).entries()) {
        expect(record?.id).toBe(ids[i % ids.length]);
        expect(record?.status).toBe('running');
        expect(record?.steps.a?.status).toBe('running');
        expect(record?.last_seq).toBe(2);
      }
      expect(await store.getExecution('absent')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});

describe('creations', () => {
  it('group-commit with appends and land whole, and a duplicate id fails only itself, not its group', async () => {
    const store = await openSqliteStore(join(root(), 'creations', 'executions.db'));
    try {
      await store.createExecution(newExecution('busy'));
      // Appends and creations of one turn share a transaction; a turn now and then starts another group, so groups
      // of different sizes mix both, and some hold a duplicate (the group fails, each write runs again alone).
      const work: Array<Promise<unknown>> = [];
      const outcomes: Array<Promise<string>> = [];
      for (let i = 0; i < 40; i++) {
        work.push(
          store.appendEvents('busy', [{ type: 'step_started', step_id: `s${i}`, attempt: 1, status: 'running' }]),
        );
        const id = i % 10 === 9 ? 'c0' : `c${i}`; // c0 again, now and then: refused, whichever way it went
        outcomes.push(
          store.createExecution(newExecution(id)).then(
            () => 'created',
            (error: Error) => error.message,
          ),
        );
        await (i % 5 === 4 ? new Promise((resolve) => setImmediate(resolve)) : null);
      }
      await Promise.all(work);
      const results = await Promise.all(outcomes);
      for (const [i, result] of results.entries()) {
        expect(result).toBe(i % 10 === 9 ? 'execution c0 already exists' : 'created');
      }
      const created = results.flatMap((result, i) => (result === 'created' ? [`c${i}`] : []));
      for (const id of created) {
        const record = await store.getExecution(id);
        expect(record?.status).toBe('pending');
        expect(record?.definition?.name).toBe(newExecution(id).definition?.name);
      }
      // Nothing was left half done or open: the connection still writes, and the listing counts every creation.
      await store.createExecution(newExecution('after'));
      expect((await store.getExecution('busy'))?.last_seq).toBe(40);
      expect((await store.listExecutions({ limit: 100 })).items).toHaveLength(created.length + 2);
    } finally {
      await store.close();
    }
  });
});

describe('openStore and defaultStorePath', () => {
  it('puts the default store under .skill/', () => {
    expect(defaultStorePath('/work/project')).toBe('/work/project/.skill/executions.db');
  });

  it('opens SQLite from a sqlite: URL and from a plain path', async () => {
    for (const url of [`sqlite:${join(root(), 'u1.db')}`, `sqlite://${join(root(), 'u2.db')}`, join(root(), 'u3.db')]) {
      const store = await openStore(url);
      expect(store.dialect).toBe('sqlite');
      await store.close();
    }
    for (const name of ['u1.db', 'u2.db', 'u3.db']) expect((await stat(join(root(), name))).size).toBeGreaterThan(0);
  });

  it('rejects other URL schemes', async () => {
    await expect(openStore('mysql://localhost/db')).rejects.toMatchObject({ code: 'INVALID_VALUE' });
    await expect(openStore('sqlite:')).rejects.toMatchObject({ code: 'INVALID_VALUE' });
  });
});

describe('resolveStoreUrl', () => {
  const cwd = '/work/project';
  it('makes file paths absolute and leaves URLs alone', () => {
    expect(resolveStoreUrl(cwd, 'x.db')).toBe(path.join(cwd, 'x.db'));
    expect(resolveStoreUrl(cwd, 'sqlite:rel/x.db')).toBe(`sqlite:${path.join(cwd, 'rel', 'x.db')}`);
    expect(resolveStoreUrl(cwd, 'sqlite:/abs/x.db')).toBe('sqlite:/abs/x.db');
    expect(resolveStoreUrl(cwd, 'sqlite::memory:')).toBe('sqlite::memory:');
    expect(resolveStoreUrl(cwd, 'postgres://h/db')).toBe('postgres://h/db');
  });
});
