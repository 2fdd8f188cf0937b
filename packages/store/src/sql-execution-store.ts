// SqlExecutionStore: the ExecutionStore over Kysely, one implementation for SQLite and PostgreSQL.
import type {
  ExecutionFilter,
  ExecutionPage,
  ExecutionRecord,
  ExecutionStore,
  NewExecution,
  StepRecord,
  WorkflowEvent,
  WorkflowEventBody,
} from '@skill/workflow-model';
import { WorkflowError } from '@skill/workflow-model';
import type { Kysely } from 'kysely';
import { EventWriter } from './event-writer.js';
import { cursorOrdinal, pageLimit } from './execution-page.js';
import { type ExecutionRow, eventFromRow, executionFromRow, newExecutionRows, stepFromRow } from './record-rows.js';
import type { StoreDatabase, StoreDialect } from './schema.js';

/**
 * Persists executions, step records and the event log in SQL. Open it with `openSqliteStore`,
 * `openPostgresStore` or `openStore`; the records it returns equal what `applyEvent` folds from its log.
 */
export class SqlExecutionStore implements ExecutionStore {
  /** The SQL dialect underneath. */
  readonly dialect: StoreDialect;
  readonly #db: Kysely<StoreDatabase>;
  readonly #writer: EventWriter;
  #closing: Promise<void> | undefined;

  constructor(db: Kysely<StoreDatabase>, dialect: StoreDialect) {
    this.#db = db;
    this.dialect = dialect;
    this.#writer = new EventWriter(db);
  }

  async createExecution(init: NewExecution): Promise<ExecutionRecord> {
    const { execution, snapshot } = newExecutionRows(init, new Date().toISOString());
    await this.#db.transaction().execute(async (trx) => {
      const result = await trx
        .insertInto('executions')
        .values(execution)
        .onConflict((c) => c.column('id').doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) {
        throw new WorkflowError('INVALID_VALUE', `execution ${init.id} already exists`);
      }
      await trx.insertInto('execution_snapshots').values(snapshot).execute();
    });
    return {
      id: init.id,
      workflow_name: init.workflow_name,
      status: 'pending',
      inputs: init.inputs,
      created_at: execution.created_at,
      steps: {},
      definition: init.definition,
      last_seq: 0,
      ...(init.trusted !== undefined ? { trusted: init.trusted } : {}),
      ...(init.retry_of ? { retry_of: init.retry_of } : {}),
    };
  }

  appendEvent(executionId: string, body: WorkflowEventBody, timestamp?: string): Promise<WorkflowEvent> {
    return this.#writer.append(executionId, body, timestamp);
  }

  appendEvents(
    executionId: string,
    bodies: readonly WorkflowEventBody[],
    timestamps?: readonly string[],
  ): Promise<WorkflowEvent[]> {
    return this.#writer.appendMany(executionId, bodies, timestamps);
  }

  async getExecution(id: string): Promise<ExecutionRecord | undefined> {
    const row = await this.#executions().where('executions.id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    return (await this.#assemble([row]))[0];
  }

  async listExecutions(filter: ExecutionFilter = {}): Promise<ExecutionPage> {
    const limit = pageLimit(filter.limit);
    const { workflow_name, status } = filter;
    const cursor = cursorOrdinal(filter.cursor);
    if (cursor === null) return { items: [] };
    const rows = await this.#executions()
      .$if(cursor !== undefined, (q) => q.where('executions.ordinal', '<', cursor as number))
      .$if(Boolean(workflow_name), (q) => q.where('executions.workflow_name', '=', workflow_name as string))
      .$if(Boolean(status), (q) => q.where('executions.status', '=', status as string))
      .orderBy('executions.ordinal', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: await this.#assemble(page),
      ...(rows.length > limit && last ? { next_cursor: String(last.ordinal) } : {}),
    };
  }

  async listEvents(executionId: string, since = 0): Promise<WorkflowEvent[]> {
    const execution = await this.#db
      .selectFrom('executions')
      .select('workflow_name')
      .where('id', '=', executionId)
      .executeTakeFirst();
    if (!execution) return [];
    const rows = await this.#db
      .selectFrom('events')
      .selectAll()
      .where('execution_id', '=', executionId)
      .where('seq', '>', since)
      .orderBy('seq')
      .execute();
    return rows.map((row) => eventFromRow(row, execution.workflow_name));
  }

  async listUnfinished(): Promise<ExecutionRecord[]> {
    const rows = await this.#executions()
      .where('executions.status', 'in', ['pending', 'running'])
      .orderBy('executions.ordinal')
      .execute();
    return this.#assemble(rows);
  }

  async requestCancel(executionId: string, reason: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('executions')
      .select('status')
      .where('id', '=', executionId)
      .executeTakeFirst();
    if (!row || (row.status !== 'pending' && row.status !== 'running')) return false;
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
      const rows = await this.#db
        .selectFrom('cancel_requests')
        .select(['execution_id', 'reason'])
        .where('execution_id', 'in', executionIds.slice(at, at + 500))
        .execute();
      for (const row of rows) requests.set(row.execution_id, row.reason);
    }
    return requests;
  }

  /** Closes the database (idempotent); the store cannot be used afterwards. */
  close(): Promise<void> {
    this.#closing ??= this.#db.destroy();
    return this.#closing;
  }

  /** Executions joined with their snapshots. */
  #executions() {
    return this.#db
      .selectFrom('executions')
      .innerJoin('execution_snapshots', 'execution_snapshots.execution_id', 'executions.id')
      .selectAll('executions')
      .select(['execution_snapshots.inputs', 'execution_snapshots.definition']);
  }

  async #assemble(rows: ExecutionRow[]): Promise<ExecutionRecord[]> {
    if (rows.length === 0) return [];
    const steps = new Map<string, StepRecord[]>();
    const stepRows = await this.#db
      .selectFrom('step_records')
      .selectAll()
      .where(
        'execution_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('execution_id')
      .orderBy('first_seq')
      .execute();
    for (const stepRow of stepRows) {
      const list = steps.get(stepRow.execution_id) ?? [];
      list.push(stepFromRow(stepRow));
      steps.set(stepRow.execution_id, list);
    }
    return rows.map((row) => executionFromRow(row, steps.get(row.id) ?? []));
  }
}
