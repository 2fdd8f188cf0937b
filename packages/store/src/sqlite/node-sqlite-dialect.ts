// Kysely dialect over Node's built-in node:sqlite (DatabaseSync): no native build, statements cached, BEGIN IMMEDIATE.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { DatabaseConnection, DialectAdapter, Driver, SqliteDatabase, SqliteStatement } from 'kysely';
import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver } from '../kysely-runtime.js';
import type { DirectSql } from '../query-templates.js';

const MAX_CACHED_STATEMENTS = 256;

type Bindable = null | number | bigint | string | NodeJS.ArrayBufferView;

function bindable(value: unknown): Bindable {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined) return null;
  return value as Bindable;
}

function bindAll(parameters: ReadonlyArray<unknown>): Bindable[] {
  return parameters.map(bindable);
}

/** One prepared node:sqlite statement shaped like the better-sqlite3 statement Kysely expects. */
class NodeSqliteStatement implements SqliteStatement {
  readonly reader: boolean;
  readonly #statement: StatementSync;

  constructor(statement: StatementSync) {
    this.#statement = statement;
    this.reader = statement.columns().length > 0;
  }

  all(parameters: ReadonlyArray<unknown>): unknown[] {
    return this.#statement.all(...bindAll(parameters));
  }

  run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint } {
    const { changes, lastInsertRowid } = this.#statement.run(...bindAll(parameters));
    return { changes, lastInsertRowid };
  }

  iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    return this.#statement.iterate(...bindAll(parameters));
  }
}

/**
 * Wraps a DatabaseSync as the better-sqlite3-like database Kysely's SqliteDialect drives. Kysely prepares every
 * query it runs; the same SQL text is compiled once here and reused.
 */
export class NodeSqliteDatabase implements SqliteDatabase {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, NodeSqliteStatement>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  prepare(sql: string): SqliteStatement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      if (this.#statements.size >= MAX_CACHED_STATEMENTS) this.#statements.clear();
      statement = new NodeSqliteStatement(this.#db.prepare(sql));
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  close(): void {
    this.#statements.clear();
    if (this.#db.isOpen) this.#db.close();
  }

  /**
   * Statements run at once on this connection, bypassing Kysely's queue: for reads on a connection nothing writes
   * through, or for the statements of a transaction the caller holds through Kysely on this connection (nothing
   * else runs on it meanwhile). A snapshot joins a read transaction Kysely has open there (a read of its own then
   * sees that transaction's snapshot, consistent too).
   */
  direct(): DirectSql {
    return {
      all: <R>(sql: string, parameters: readonly unknown[]) => this.prepare(sql).all(parameters) as R[],
      snapshot: <T>(read: () => T): T => {
        if (this.#db.isTransaction) return read();
        this.prepare('begin').run([]);
        try {
          return read();
        } finally {
          this.prepare('commit').run([]);
        }
      },
    };
  }
}

/** SqliteDriver whose transactions take the write lock up front, so another process cannot make them fail mid-way. */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * SQLite runs DDL in transactions: the migrator then applies migrations inside one `BEGIN IMMEDIATE`, so
 * processes opening a new store together take turns instead of each creating the tables.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * Kysely's SqliteDialect over node:sqlite, with `BEGIN IMMEDIATE` transactions (migrations too). A read-only
 * connection (`readOnly`) keeps SQLite's deferred `BEGIN`: its transactions are read snapshots and take no lock.
 */
export class NodeSqliteDialect extends SqliteDialect {
  readonly #database: NodeSqliteDatabase;
  readonly #readOnly: boolean;

  constructor(db: DatabaseSync, options: { readOnly?: boolean } = {}) {
    const database = new NodeSqliteDatabase(db);
    super({ database });
    this.#database = database;
    this.#readOnly = options.readOnly ?? false;
  }

  /** Statements that bypass Kysely on this connection (see {@link NodeSqliteDatabase.direct}). */
  direct(): DirectSql {
    return this.#database.direct();
  }

  override createDriver(): Driver {
    const config = { database: this.#database };
    return this.#readOnly ? new SqliteDriver(config) : new ImmediateSqliteDriver(config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
