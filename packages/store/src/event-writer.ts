// appendEvent's transaction: assign seq, insert the event, fold it into the execution row and the one step it touches.
import {
  applyEvent,
  type ExecutionRecord,
  type ExecutionStatus,
  type StepRecord,
  WorkflowError,
  type WorkflowEvent,
  type WorkflowEventBody,
} from '@skill/workflow-model';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { type StepScalars, stepFromScalars, stepScalarColumns, toJson } from './record-rows.js';
import type { ExecutionsTable, StoreDatabase } from './schema.js';

const MAX_ATTEMPTS = 5;

/**
 * applyEvent only ever assigns a step's output and metadata and an execution's error, never reads or deletes them,
 * so they are not loaded: an output or error present after applyEvent is new, and metadata is new unless it is
 * still this stand-in.
 */
const UNCHANGED_METADATA: Record<string, unknown> = Object.freeze({});

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  return e?.code === '23505' || (typeof e?.message === 'string' && e.message.includes('UNIQUE constraint failed'));
}

function sameColumns(a: object, b: object): boolean {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  return Object.keys(left).every((key) => left[key] === right[key]);
}

type ClaimedExecution = Pick<
  Selectable<ExecutionsTable>,
  'workflow_name' | 'status' | 'started_at' | 'finished_at' | 'duration_ms'
>;

/** The execution as applyEvent needs it: its state columns, no steps, no inputs (applyEvent reads neither). */
function miniRecord(executionId: string, row: ClaimedExecution): ExecutionRecord {
  const record: ExecutionRecord = {
    id: executionId,
    workflow_name: row.workflow_name,
    status: row.status as ExecutionStatus,
    inputs: {},
    created_at: '',
    steps: {},
    last_seq: 0,
  };
  if (row.started_at !== null) record.started_at = row.started_at;
  if (row.finished_at !== null) record.finished_at = row.finished_at;
  if (row.duration_ms !== null) record.duration_ms = Number(row.duration_ms);
  return record;
}

/** The execution columns an event may change besides last_seq and error. */
function executionColumns(record: ExecutionRecord) {
  return {
    status: record.status,
    started_at: record.started_at ?? null,
    finished_at: record.finished_at ?? null,
    duration_ms: record.duration_ms ?? null,
  };
}

/** Appends events for one store; see {@link EventWriter.append}. */
export class EventWriter {
  readonly #db: Kysely<StoreDatabase>;

  constructor(db: Kysely<StoreDatabase>) {
    this.#db = db;
  }

  /**
   * Records `body` as the next event of the execution in one transaction. Appenders are serialised by the
   * execution row's lock (PostgreSQL) or the database's write lock (SQLite, BEGIN IMMEDIATE); should a writer
   * slip past anyway, the (execution_id, seq) key rejects its event and the attempt is retried.
   */
  async append(executionId: string, body: WorkflowEventBody): Promise<WorkflowEvent> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#db.transaction().execute((trx) => this.#appendIn(trx, executionId, body));
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isUniqueViolation(error)) throw error;
      }
    }
  }

  /** Records several events of one execution, in order, in one transaction (cheaper than one each). */
  async appendMany(executionId: string, bodies: readonly WorkflowEventBody[]): Promise<WorkflowEvent[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#db.transaction().execute(async (trx) => {
          const events: WorkflowEvent[] = [];
          for (const body of bodies) events.push(await this.#appendIn(trx, executionId, body));
          return events;
        });
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isUniqueViolation(error)) throw error;
      }
    }
  }

  async #appendIn(
    trx: Transaction<StoreDatabase>,
    executionId: string,
    body: WorkflowEventBody,
  ): Promise<WorkflowEvent> {
    // Claiming the seq first locks the execution row (PostgreSQL) for the rest of the transaction, so every later
    // statement reads what the previous appender committed.
    const claimed = await trx
      .updateTable('executions')
      .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
      .where('id', '=', executionId)
      .returning(['workflow_name', 'status', 'started_at', 'finished_at', 'duration_ms', 'last_seq'])
      .executeTakeFirst();
    if (!claimed) throw new WorkflowError('EXECUTION_NOT_FOUND', `execution ${executionId} not found`);

    const event = {
      ...body,
      execution_id: executionId,
      workflow_name: claimed.workflow_name,
      seq: Number(claimed.last_seq),
      timestamp: new Date().toISOString(),
    } as WorkflowEvent;
    await trx
      .insertInto('events')
      .values({
        execution_id: executionId,
        seq: event.seq,
        type: body.type,
        body: JSON.stringify(body),
        timestamp: event.timestamp,
      })
      .execute();

    const record = miniRecord(executionId, claimed);
    const before = executionColumns(record);
    const stepId = 'step_id' in body ? body.step_id : undefined;
    const stepBefore = stepId === undefined ? undefined : await this.#readStep(trx, executionId, stepId);
    if (stepId !== undefined && stepBefore) record.steps[stepId] = stepBefore.step;
    applyEvent(record, event);

    const after = executionColumns(record);
    if (record.error !== undefined || !sameColumns(after, before)) {
      await trx
        .updateTable('executions')
        .set(after)
        .$if(record.error !== undefined, (q) => q.set({ error: toJson(record.error) }))
        .where('id', '=', executionId)
        .execute();
    }
    const step = stepId === undefined ? undefined : record.steps[stepId];
    if (step) await this.#writeStep(trx, executionId, event.seq, step, stepBefore?.columns);
    return event;
  }

  async #readStep(trx: Transaction<StoreDatabase>, executionId: string, stepId: string) {
    const row: StepScalars | undefined = await trx
      .selectFrom('step_records')
      .select([
        'step_id',
        'status',
        'attempts',
        'error',
        'error_code',
        'reason',
        'started_at',
        'finished_at',
        'duration_ms',
        'progress',
      ])
      .where('execution_id', '=', executionId)
      .where('step_id', '=', stepId)
      .executeTakeFirst();
    if (!row) return undefined;
    const step = stepFromScalars(row, UNCHANGED_METADATA);
    return { step, columns: stepScalarColumns(step) };
  }

  async #writeStep(
    trx: Transaction<StoreDatabase>,
    executionId: string,
    seq: number,
    step: StepRecord,
    previous: ReturnType<typeof stepScalarColumns> | undefined,
  ): Promise<void> {
    const columns = stepScalarColumns(step);
    const output = 'output' in step ? { output: toJson(step.output) } : {};
    const metadata = step.metadata === UNCHANGED_METADATA ? {} : { metadata: JSON.stringify(step.metadata) };
    if (!previous) {
      await trx
        .insertInto('step_records')
        .values({
          execution_id: executionId,
          step_id: step.step_id,
          first_seq: seq,
          ...columns,
          output: null,
          metadata: '{}',
          ...output,
          ...metadata,
        })
        .execute();
      return;
    }
    const changedLargeColumns = 'output' in output || 'metadata' in metadata;
    if (!changedLargeColumns && sameColumns(columns, previous)) return;
    await trx
      .updateTable('step_records')
      .set({ ...columns, ...output, ...metadata })
      .where('execution_id', '=', executionId)
      .where('step_id', '=', step.step_id)
      .execute();
  }
}
