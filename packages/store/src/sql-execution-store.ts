// SqlExecutionStore: the ExecutionStore over Kysely, one implementation for SQLite and PostgreSQL.
import type {
  ConcurrencyClaim,
  ConcurrencyHolder,
  ConcurrencyStore,
  ExecutionFilter,
  ExecutionPage,
  ExecutionRecord,
  ExecutionStore,
  LeaseFence,
  LeaseStore,
  NewExecution,
  ScheduleKey,
  ScheduleStore,
  ScheduleTickKey,
  ScheduleTickOutcome,
  ScheduleTickRecord,
  StepRecord,
  WorkflowEvent,
  WorkflowEventBody,
} from '@skill/workflow-model';
import { newExecutionRecord, WorkflowError } from '@skill/workflow-model';
import type { Kysely, Transaction } from 'kysely';
import { sqlConcurrencyStore } from './concurrency-rows.js';
import { EventWriter, stampsOf } from './event-writer.js';
import { cursorOrdinal, pageLimit } from './execution-page.js';
import { GroupCommit } from './group-commit.js';
import { sqlLeaseStore } from './lease-rows.js';
import { bindRow, columnsOf, type DirectSql, type Param, QueryTemplates, valuesOf } from './query-templates.js';
import {
  type EventRow,
  type ExecutionRow,
  eventFromRow,
  executionFromRow,
  isStorableKey,
  newExecutionRows,
  type StepRow,
  stepFromRow,
} from './record-rows.js';
import { sqlScheduleStore } from './schedule-rows.js';
import type { StoreDatabase, StoreDialect } from './schema.js';

/** How a store reads and writes besides its main connection. */
export interface SqlStoreConnections {
  /**
   * A connection of its own for reads (SQLite: a read-only handle beside the writing one, each read a snapshot
   * transaction); without it, reads share the main connection (the PostgreSQL pool).
   */
  reader?: Kysely<StoreDatabase>;
  /**
   * The read connection answering at once (SQLite): a status read is then one synchronous snapshot, with no
   * promise between its statements.
   */
  directReads?: DirectSql;
  /**
   * The main connection answering at once (SQLite): the statements of an append or a creation run straight on it
   * inside the transaction that holds it (see EventWriter).
   */
  directWrites?: DirectSql;
  /**
   * Write the appends and creations of one event-loop turn in one transaction (see GroupCommit): for a
   * single-writer database.
   */
  groupCommit?: boolean;
}

/**
 * Persists executions, step records and the event log in SQL. Open it with `openSqliteStore`,
 * `openPostgresStore` or `openStore`; the records it returns equal what `applyEvent` folds from its log.
 */
export class SqlExecutionStore implements ExecutionStore {
  /** The SQL dialect underneath. */
  readonly dialect: StoreDialect;
  readonly #db: Kysely<StoreDatabase>;
  /** Where reads go: a connection of their own, or #db. */
  readonly #reader: Kysely<StoreDatabase>;
  readonly #snapshotReads: boolean;
  readonly #directReads: DirectSql | undefined;
  /** The main connection answering at once (SQLite), for statements inside transactions that hold it. */
  readonly #directWrites: DirectSql | undefined;
  readonly #writer: EventWriter;
  readonly #group: GroupCommit | undefined;
  readonly #schedules: ScheduleStore;
  readonly #leases: LeaseStore;
  readonly #concurrency: ConcurrencyStore;
  readonly #templates = new QueryTemplates();
  #closing: Promise<void> | undefined;

  constructor(db: Kysely<StoreDatabase>, dialect: StoreDialect, connections: SqlStoreConnections = {}) {
    this.#db = db;
    this.dialect = dialect;
    this.#reader = connections.reader ?? db;
    this.#snapshotReads = connections.reader !== undefined;
    this.#directReads = connections.directReads;
    this.#directWrites = connections.directWrites;
    this.#writer = new EventWriter(db, connections.directWrites);
    this.#group = connections.groupCommit ? new GroupCommit(db) : undefined;
    this.#schedules = sqlScheduleStore(db, this.#reader);
    this.#leases = sqlLeaseStore(db, this.#reader, dialect, this.#writer);
    this.#concurrency = sqlConcurrencyStore(db);
  }

  async createExecution(init: NewExecution): Promise<ExecutionRecord> {
    const { execution, snapshot } = newExecutionRows(init, new Date().toISOString());
    const insertIn = async (trx: Transaction<StoreDatabase>) => {
      const inserted = await this.#templates.rowsIn(
        trx,
        this.#directWrites,
        `insert-execution:${columnsOf(execution)}`,
        (p) =>
          trx
            .insertInto('executions')
            .values(bindRow(p, execution, 0))
            .onConflict((c) => c.column('id').doNothing())
            .returning('id'),
        valuesOf(execution),
      );
      if (inserted.length === 0) throw new WorkflowError('INVALID_VALUE', `execution ${init.id} already exists`);
      await this.#templates.rowsIn(
        trx,
        this.#directWrites,
        `insert-snapshot:${columnsOf(snapshot)}`,
        (p) => trx.insertInto('execution_snapshots').values(bindRow(p, snapshot, 0)),
        valuesOf(snapshot),
      );
    };
    const alone = () => this.#db.transaction().execute(insertIn);
    // SQLite: joins the other writes of this turn in one transaction (one commit for them all). It counts as one
    // row: the snapshot rides along, and its caller (an HTTP answer) does little next.
    await (this.#group ? this.#group.add(1, insertIn, alone) : alone());
    return newExecutionRecord(init, execution.created_at);
  }

  async appendEvent(executionId: string, body: WorkflowEventBody, timestamp?: string): Promise<WorkflowEvent> {
    const [event] = await this.appendEvents(executionId, [body], timestamp === undefined ? undefined : [timestamp]);
    return event as WorkflowEvent;
  }

  appendEvents(
    executionId: string,
    bodies: readonly WorkflowEventBody[],
    timestamps?: readonly string[],
  ): Promise<WorkflowEvent[]> {
    if (!this.#group) return this.#writer.appendMany(executionId, bodies, timestamps);
    if (bodies.length === 0) return Promise.resolve([]);
    const stamps = stampsOf(bodies, timestamps);
    return this.#group.add(
      bodies.length,
      (trx) => this.#writer.appendIn(trx, executionId, bodies, stamps),
      () => this.#writer.appendMany(executionId, bodies, stamps),
    );
  }

  async getExecution(id: string): Promise<ExecutionRecord | undefined> {
    if (!isStorableKey(id)) return undefined;
    const byId = (db: Kysely<StoreDatabase>) => (p: Param) => this.#executions(db).where('executions.id', '=', p(0));
    const direct = this.#directReads;
    if (direct) {
      const db = this.#reader; // builds the statements; `direct` runs them
      return direct.snapshot(() => {
        const [row] = this.#templates.rowsNow<ExecutionRow>(direct, 'execution-by-id', byId(db), [id]);
        if (!row) return undefined;
        const steps = this.#templates.rowsNow<StepRow>(direct, 'steps-of:1', this.#stepsOf(db, 1), [id]);
        return recordsOf([row], steps)[0];
      });
    }
    return this.#read(async (db) => {
      const [row] = await this.#templates.rows<ExecutionRow>(db, 'execution-by-id', byId(db), [id]);
      if (!row) return undefined;
      return (await this.#assemble(db, [row]))[0];
    });
  }

  async listExecutions(filter: ExecutionFilter = {}): Promise<ExecutionPage> {
    const limit = pageLimit(filter.limit);
    const { workflow_name, status, parent_id } = filter;
    const cursor = cursorOrdinal(filter.cursor);
    if (cursor === null) return { items: [] };
    if (![workflow_name, status, parent_id].every((key) => key === undefined || isStorableKey(key)))
      return { items: [] };
    return this.#read(async (db) => {
      const rows = await this.#executions(db)
        .$if(cursor !== undefined, (q) => q.where('executions.ordinal', '<', cursor as number))
        .$if(Boolean(workflow_name), (q) => q.where('executions.workflow_name', '=', workflow_name as string))
        .$if(Boolean(status), (q) => q.where('executions.status', '=', status as string))
        .$if(Boolean(parent_id), (q) => q.where('executions.parent_id', '=', parent_id as string))
        .orderBy('executions.ordinal', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: await this.#assemble(db, page),
        ...(rows.length > limit && last ? { next_cursor: String(last.ordinal) } : {}),
      };
    });
  }

  async listEvents(executionId: string, since = 0): Promise<WorkflowEvent[]> {
    if (!isStorableKey(executionId)) return [];
    type NameRow = { workflow_name: string };
    const nameOf = (db: Kysely<StoreDatabase>) => (p: Param) =>
      db.selectFrom('executions').select('workflow_name').where('id', '=', p(0));
    const eventsAfter = (db: Kysely<StoreDatabase>) => (p: Param) =>
      db
        .selectFrom('events')
        .selectAll()
        .where('execution_id', '=', p(0))
        .where('seq', '>', p<number>(1))
        .orderBy('seq');
    const events = (rows: readonly EventRow[], execution: NameRow) =>
      rows.map((row) => eventFromRow(row, execution.workflow_name));
    const direct = this.#directReads;
    if (direct) {
      const db = this.#reader; // builds the statements; `direct` runs them
      return direct.snapshot(() => {
        const [execution] = this.#templates.rowsNow<NameRow>(direct, 'workflow-name-of', nameOf(db), [executionId]);
        if (!execution) return [];
        const rows = this.#templates.rowsNow<EventRow>(direct, 'events-after', eventsAfter(db), [executionId, since]);
        return events(rows, execution);
      });
    }
    return this.#read(async (db) => {
      const [execution] = await this.#templates.rows<NameRow>(db, 'workflow-name-of', nameOf(db), [executionId]);
      if (!execution) return [];
      return events(
        await this.#templates.rows<EventRow>(db, 'events-after', eventsAfter(db), [executionId, since]),
        execution,
      );
    });
  }

  listUnfinished(): Promise<ExecutionRecord[]> {
    return this.#read(async (db) => {
      const rows = await this.#executions(db)
        .where('executions.status', 'in', ['pending', 'queued', 'running'])
        .orderBy('executions.ordinal')
        .execute();
      return this.#assemble(db, rows);
    });
  }

  async requestCancel(executionId: string, reason: string): Promise<boolean> {
    if (!isStorableKey(executionId)) return false;
    const row = await this.#db
      .selectFrom('executions')
      .select('status')
      .where('id', '=', executionId)
      .executeTakeFirst();
    if (!row || !['pending', 'queued', 'running'].includes(row.status)) return false;
    await this.#db
      .insertInto('cancel_requests')
      .values({ execution_id: executionId, reason, requested_at: new Date().toISOString() })
      .onConflict((conflict) => conflict.column('execution_id').doNothing())
      .execute();
    return true;
  }

  async cancelRequests(executionIds: readonly string[]): Promise<Map<string, string>> {
    const requests = new Map<string, string>();
    for (let at = 0; at < executionIds.length; at += 500) {
      const rows = await this.#reader
        .selectFrom('cancel_requests')
        .select(['execution_id', 'reason'])
        .where('execution_id', 'in', executionIds.slice(at, at + 500))
        .execute();
      for (const row of rows) requests.set(row.execution_id, row.reason);
    }
    return requests;
  }

  claimScheduleTick(key: ScheduleTickKey): Promise<boolean> {
    return this.#schedules.claimScheduleTick(key);
  }

  settleScheduleTick(
    key: ScheduleTickKey,
    outcome: { outcome: ScheduleTickOutcome; execution_id?: string; note?: string },
  ): Promise<void> {
    return this.#schedules.settleScheduleTick(key, outcome);
  }

  listScheduleTicks(key: ScheduleKey, limit?: number): Promise<ScheduleTickRecord[]> {
    return this.#schedules.listScheduleTicks(key, limit);
  }

  setSchedulePaused(key: ScheduleKey, paused: boolean): Promise<void> {
    return this.#schedules.setSchedulePaused(key, paused);
  }

  pausedSchedules(): Promise<ScheduleKey[]> {
    return this.#schedules.pausedSchedules();
  }

  recordWebhookDelivery(delivery: {
    workflow_name: string;
    delivery_id: string;
    expires_at: string;
  }): Promise<boolean> {
    return this.#schedules.recordWebhookDelivery(delivery);
  }

  claimLease(executionId: string, owner: string, ttlMs: number): Promise<LeaseFence | undefined> {
    return this.#leases.claimLease(executionId, owner, ttlMs);
  }

  renewLeases(owner: string, held: ReadonlyMap<string, number>, ttlMs: number): Promise<string[]> {
    return this.#leases.renewLeases(owner, held, ttlMs);
  }

  releaseLease(executionId: string, fence: LeaseFence, finished: boolean): Promise<void> {
    return this.#leases.releaseLease(executionId, fence, finished);
  }

  leaseOf(executionId: string) {
    return this.#leases.leaseOf(executionId);
  }

  expiredLeases(limit?: number): Promise<string[]> {
    return this.#leases.expiredLeases(limit);
  }

  appendFencedEvents(
    executionId: string,
    fence: LeaseFence,
    bodies: readonly WorkflowEventBody[],
    timestamps?: readonly string[],
  ): Promise<WorkflowEvent[]> {
    return this.#leases.appendFencedEvents(executionId, fence, bodies, timestamps);
  }

  acquireConcurrencySlot(claim: { key: string; limit: number; execution_id: string }): Promise<ConcurrencyClaim> {
    return this.#concurrency.acquireConcurrencySlot(claim);
  }

  releaseConcurrencySlot(key: string, executionId: string): Promise<void> {
    return this.#concurrency.releaseConcurrencySlot(key, executionId);
  }

  listConcurrencyHolders(key: string): Promise<ConcurrencyHolder[]> {
    return this.#concurrency.listConcurrencyHolders(key);
  }

  /** Writes what is pending, then closes the database (idempotent); the store cannot be used afterwards. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#group?.idle();
      if (this.#reader !== this.#db) await this.#reader.destroy();
      await this.#db.destroy();
    })();
    return this.#closing;
  }

  /** Runs the reads of `read` on the read connection, as one snapshot where it has one of its own. */
  #read<T>(read: (db: Kysely<StoreDatabase>) => Promise<T>): Promise<T> {
    return this.#snapshotReads ? this.#reader.transaction().execute(read) : read(this.#reader);
  }

  /** Executions joined with their snapshots. */
  #executions(db: Kysely<StoreDatabase>) {
    return db
      .selectFrom('executions')
      .innerJoin('execution_snapshots', 'execution_snapshots.execution_id', 'executions.id')
      .selectAll('executions')
      .select(['execution_snapshots.inputs', 'execution_snapshots.definition']);
  }

  async #assemble(db: Kysely<StoreDatabase>, rows: ExecutionRow[]): Promise<ExecutionRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const steps = await this.#templates.rows<StepRow>(db, `steps-of:${ids.length}`, this.#stepsOf(db, ids.length), ids);
    return recordsOf(rows, steps);
  }

  /** The step records of `count` executions (their ids bound in order), by execution then by first event. */
  #stepsOf(db: Kysely<StoreDatabase>, count: number) {
    return (p: Param) =>
      db
        .selectFrom('step_records')
        .selectAll()
        .where(
          'execution_id',
          'in',
          Array.from({ length: count }, (_, i) => p(i)),
        )
        .orderBy('execution_id')
        .orderBy('first_seq');
  }
}

/** Execution rows with their step rows (any order of executions, steps by first event) as records. */
function recordsOf(rows: readonly ExecutionRow[], stepRows: readonly StepRow[]): ExecutionRecord[] {
  const steps = new Map<string, StepRecord[]>();
  for (const stepRow of stepRows) {
    const list = steps.get(stepRow.execution_id) ?? [];
    list.push(stepFromRow(stepRow));
    steps.set(stepRow.execution_id, list);
  }
  return rows.map((row) => executionFromRow(row, steps.get(row.id) ?? []));
}
