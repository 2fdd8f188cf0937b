// openStore: picks the store from a URL (postgres:// or postgresql:// -> PostgreSQL; sqlite: or a path -> SQLite).
import { WorkflowError } from '@skill/workflow-model';
import { openPostgresStore } from './postgres/open-postgres-store.js';
import type { SqlExecutionStore } from './sql-execution-store.js';
import { openSqliteStore } from './sqlite/open-sqlite-store.js';

/** The SQLite file a `sqlite:` URL or plain path names (`sqlite:///abs`, `sqlite:/abs`, `sqlite:rel`, `sqlite::memory:`). */
export function sqliteFileOf(url: string): string {
  if (!url.startsWith('sqlite:')) return url;
  const rest = url.slice('sqlite:'.length);
  return rest.startsWith('//') ? rest.slice(2) : rest;
}

/** Opens the store a database URL names. */
export async function openStore(url: string): Promise<SqlExecutionStore> {
  if (/^postgres(ql)?:\/\//i.test(url)) return openPostgresStore(url);
  const scheme = /^([a-z][a-z0-9+.-]+):\/\//i.exec(url)?.[1];
  if (scheme !== undefined && scheme.toLowerCase() !== 'sqlite') {
    throw new WorkflowError(
      'INVALID_VALUE',
      `unsupported store URL scheme "${scheme}:" (use postgres://, sqlite: or a path)`,
    );
  }
  const file = sqliteFileOf(url);
  if (file === '') throw new WorkflowError('INVALID_VALUE', `store URL "${url}" names no file`);
  return openSqliteStore(file);
}
