// The store's entry points, loading Kysely and the drivers only when a store is opened (they cost ~200 ms
// to load, which every CLI command would otherwise pay at start).
import { join } from 'node:path';
import type { SqlExecutionStore } from './sql-execution-store.js';

/** `<projectDir>/.skill/executions.db`, the embedded default. */
export const defaultStorePath = (projectDir: string): string => join(projectDir, '.skill', 'executions.db');

/** Opens a store from a URL: `postgres://...`/`postgresql://...` -> PostgreSQL; `sqlite:/path` or a path -> SQLite. */
export async function openStore(url: string): Promise<SqlExecutionStore> {
  return (await import('./open-store.js')).openStore(url);
}

/** Opens the SQLite store in a file (folder created, WAL mode, migrations run). */
export async function openSqliteStore(file: string): Promise<SqlExecutionStore> {
  return (await import('./sqlite/open-sqlite-store.js')).openSqliteStore(file);
}

/** Opens the PostgreSQL store (migrations run). */
export async function openPostgresStore(connectionString: string): Promise<SqlExecutionStore> {
  return (await import('./postgres/open-postgres-store.js')).openPostgresStore(connectionString);
}
