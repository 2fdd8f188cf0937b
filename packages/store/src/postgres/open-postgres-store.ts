// Opens the PostgreSQL store: a pg Pool (bigint parsed to number locally, not globally), migrations run.
import { WorkflowError } from '@skill/workflow-model';
import type { CustomTypesConfig } from 'pg';
import { Kysely, PostgresDialect } from '../kysely-runtime.js';
import { migrateToLatest } from '../migrations.js';
import type { StoreDatabase } from '../schema.js';
import { SqlExecutionStore } from '../sql-execution-store.js';

const INT8_OID = 20;
const POOL_SIZE = 10;
/**
 * A session left idle inside a transaction this long is ended by PostgreSQL: a process paused (or hung) in the
 * middle of a write then holds no row lock for long, and the coordinators sharing the store can take over.
 */
const IDLE_IN_TRANSACTION_MS = 5_000;

/** int8 (ordinal, duration_ms) parsed to number for this pool only; pg's global parsers stay untouched. */
function storeTypes(types: typeof import('pg').types): CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID && format !== 'binary'
        ? (value: string) => Number(value)
        : types.getTypeParser(oid, format as 'text')) as CustomTypesConfig['getTypeParser'],
  };
}

/** Connects to PostgreSQL at `connectionString` and brings the store's schema up to date. */
export async function openPostgresStore(connectionString: string): Promise<SqlExecutionStore> {
  // Loaded on first use: SQLite-only programs never load pg.
  const { Pool, types } = await import('pg');
  const pool = new Pool({
    connectionString,
    max: POOL_SIZE,
    types: storeTypes(types),
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
  });
  // An idle client that loses its server is dropped by the pool; the next query reconnects or fails loudly.
  pool.on('error', () => {});
  // A client in use whose session the server ends (the idle-in-transaction timeout after a pause) fails its query;
  // without a listener its 'error' event would end the process.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateToLatest(db, 'postgres');
  } catch (error) {
    await db.destroy();
    if (error instanceof WorkflowError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new WorkflowError('STORE_UNAVAILABLE', `cannot open PostgreSQL store: ${message}`, {}, { cause: error });
  }
  return new SqlExecutionStore(db, 'postgres');
}
