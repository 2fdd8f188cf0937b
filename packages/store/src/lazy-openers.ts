// The store's entry points, loading Kysely and the drivers only when a store is opened (they cost ~200 ms
// to load, which every CLI command would otherwise pay at start).
import { isAbsolute, join, resolve } from 'node:path';
import type { SqlExecutionStore } from './sql-execution-store.js';

/** `<projectDir>/.skill/executions.db`, the embedded default. */
export const defaultStorePath = (projectDir: string): string => join(projectDir, '.skill', 'executions.db');

/** The store URL with plain paths (and relative `sqlite:` paths) made absolute against `cwd`. */
export function resolveStoreUrl(cwd: string, url: string): string {
  if (!/^[a-z][a-z0-9+.-]+:/i.test(url)) return resolve(cwd, url);
  const file = /^sqlite:(?!\/\/)(.+)$/.exec(url)?.[1];
  const relative = file !== undefined && file !== ':memory:' && !isAbsolute(file);
  return relative ? `sqlite:${resolve(cwd, file)}` : url;
}

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
