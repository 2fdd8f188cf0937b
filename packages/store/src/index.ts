// Public API of @skill/workflow-store: the SQL and in-memory ExecutionStores and the functions that open them.

/**
 * Opens a store from a URL: `postgres://...`/`postgresql://...` -> PostgreSQL; `sqlite:/path` or a plain path -> SQLite.
 *
 * @example
 * const store = await openStore(process.env.DATABASE_URL ?? defaultStorePath(projectDir));
 */
/**
 * Opens the PostgreSQL store (migrations run).
 *
 * @example
 * const store = await openPostgresStore('postgres://skill@127.0.0.1:5432/skill');
 */
/**
 * Opens the SQLite store in a file (folder created, WAL mode, migrations run).
 *
 * @example
 * const store = await openSqliteStore('/srv/app/.skill/executions.db');
 */
/**
 * `<projectDir>/.skill/executions.db`, the embedded default.
 *
 * @example
 * defaultStorePath('/work/project'); // '/work/project/.skill/executions.db'
 */
export { defaultStorePath, openPostgresStore, openSqliteStore, openStore, resolveStoreUrl } from './lazy-openers.js';
/**
 * The ExecutionStore in process memory: the engine's default, for embedding and tests. Returns copies.
 *
 * @example
 * const engine = createEngine({ store: new InMemoryExecutionStore() });
 */
export { InMemoryExecutionStore } from './memory/memory-store.js';
/** Which SQL dialect a store runs on: `'sqlite'` or `'postgres'`. */
export type { StoreDialect } from './schema.js';
/**
 * The ExecutionStore over SQL (SQLite or PostgreSQL through Kysely).
 *
 * @example
 * const store = await openStore(defaultStorePath(process.cwd()));
 * const record = await store.getExecution(id);
 * await store.close();
 */
export type { SqlExecutionStore } from './sql-execution-store.js';
