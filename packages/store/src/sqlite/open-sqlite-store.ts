// Opens the embedded SQLite store: node:sqlite in WAL mode, the folder created (0700), the files private (0600), migrations run.
import { chmod, mkdir, open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type * as NodeSqlite from 'node:sqlite';
import { WorkflowError } from '@skill/workflow-model';
import { Kysely } from '../kysely-runtime.js';
import { migrateToLatest } from '../migrations.js';
import type { DirectSql } from '../query-templates.js';
import type { StoreDatabase } from '../schema.js';
import { SqlExecutionStore } from '../sql-execution-store.js';
import { NodeSqliteDialect } from './node-sqlite-dialect.js';

const BUSY_TIMEOUT_MS = 5000;

/** The embedded store's file inside a project: `<projectDir>/.skill/executions.db`. */

function isSqliteExperimentalWarning(warning: string | Error, rest: unknown[]): boolean {
  const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: unknown } | undefined)?.type;
  const name = typeof warning === 'string' ? type : warning.name;
  const message = typeof warning === 'string' ? warning : warning.message;
  return name === 'ExperimentalWarning' && message.startsWith('SQLite is an experimental feature');
}

/** Loads node:sqlite without its one-time ExperimentalWarning (every other warning passes through). */
function loadNodeSqlite(): typeof NodeSqlite {
  const emitWarning = process.emitWarning;
  process.emitWarning = function filtered(this: unknown, warning: string | Error, ...rest: unknown[]) {
    if (isSqliteExperimentalWarning(warning, rest)) return;
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    const sqlite = process.getBuiltinModule('node:sqlite') as typeof NodeSqlite | undefined;
    if (!sqlite?.DatabaseSync) {
      throw new WorkflowError('STORE_UNAVAILABLE', `node:sqlite is not available on Node ${process.version}`);
    }
    return sqlite;
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** The writing connection (WAL mode set), or with `readOnly` the connection that serves reads beside it. */
function openDatabase(file: string, readOnly = false): NodeSqlite.DatabaseSync {
  const { DatabaseSync } = loadNodeSqlite();
  let db: NodeSqlite.DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { readOnly });
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (readOnly) return db;
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    return db;
  } catch (error) {
    if (db?.isOpen) db.close();
    const message = error instanceof Error ? error.message : String(error);
    throw new WorkflowError('STORE_UNAVAILABLE', `cannot open SQLite store ${file}: ${message}`, {}, { cause: error });
  }
}

/** Only the owner may read or write the store: it holds every execution's inputs and outputs. */
const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_FOLDER_MODE = 0o700;

/**
 * Makes the store's files private before SQLite opens them: folders it creates are 0700, the database file is
 * created 0600 (SQLite gives its -wal and -shm files the database's mode) and existing files are set to 0600.
 */
async function preparePrivateFiles(file: string): Promise<void> {
  const path = resolve(file);
  try {
    await mkdir(dirname(path), { recursive: true, mode: PRIVATE_FOLDER_MODE });
    await (await open(path, 'a', PRIVATE_FILE_MODE)).close();
    for (const each of [path, `${path}-wal`, `${path}-shm`]) {
      await chmod(each, PRIVATE_FILE_MODE).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT' && error.code !== 'EPERM') throw error; // gone, or another user's file
      });
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new WorkflowError('STORE_UNAVAILABLE', `cannot open SQLite store ${file}: ${message}`, {}, { cause: error });
  }
}

/**
 * Opens (creating when needed) the SQLite store in `file` and brings its schema up to date; the files are
 * private to the owner (0600, a folder it creates 0700). `':memory:'` gives a private in-memory database.
 * Reads go through a second, read-only connection (WAL lets it read while the first one writes), so they never
 * wait in line behind event writes; an in-memory database has the one connection only.
 */
export async function openSqliteStore(file: string): Promise<SqlExecutionStore> {
  const inMemory = file === ':memory:';
  if (!inMemory) await preparePrivateFiles(file);
  const writing = new NodeSqliteDialect(openDatabase(file));
  const db = new Kysely<StoreDatabase>({ dialect: writing });
  let reads: { reader: Kysely<StoreDatabase>; directReads: DirectSql } | undefined;
  try {
    await migrateToLatest(db, 'sqlite');
    if (!inMemory) {
      const dialect = new NodeSqliteDialect(openDatabase(file, true), { readOnly: true });
      reads = { reader: new Kysely<StoreDatabase>({ dialect }), directReads: dialect.direct() };
    }
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new SqlExecutionStore(db, 'sqlite', { ...reads, directWrites: writing.direct(), groupCommit: true });
}
