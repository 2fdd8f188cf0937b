// Opens the embedded SQLite store: node:sqlite in WAL mode, the folder created, migrations run.
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type * as NodeSqlite from 'node:sqlite';
import { WorkflowError } from '@skill/workflow-model';
import { Kysely } from '../kysely-runtime.js';
import { migrateToLatest } from '../migrations.js';
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

function openDatabase(file: string): NodeSqlite.DatabaseSync {
  const { DatabaseSync } = loadNodeSqlite();
  let db: NodeSqlite.DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file);
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
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

/**
 * Opens (creating when needed) the SQLite store in `file` and brings its schema up to date.
 * `':memory:'` gives a private in-memory database.
 */
export async function openSqliteStore(file: string): Promise<SqlExecutionStore> {
  if (file !== ':memory:') await mkdir(dirname(resolve(file)), { recursive: true });
  const db = new Kysely<StoreDatabase>({ dialect: new NodeSqliteDialect(openDatabase(file)) });
  try {
    await migrateToLatest(db, 'sqlite');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new SqlExecutionStore(db, 'sqlite');
}
