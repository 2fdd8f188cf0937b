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
import { bindRow, bindRows, columnsOf, type DirectSql, QueryTemplates, valuesOf } from './query-templates.js';
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

/** A step as read before the batch, and its columns then (to skip writes that change nothing). */
interface StepBefore {
  step: StepRecord;
  columns: ReturnType<typeof stepScalarColumns>;
}

/** Rows per multi-row statement: far below SQLite's and PostgreSQL's bound-parameter limits. */
const ROWS_PER_STATEMENT = 200;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += ROWS_PER_STATEMENT) out.push(items.slice(i, i + ROWS_PER_STATEMENT));
  return out;
}

/** When each of `bodies` happened: `timestamps[i]` when given, else now. */
export function stampsOf(bodies: readonly WorkflowEventBody[], timestamps?: readonly string[]): string[] {
  const now = new Date().toISOString();
  return bodies.map((_, i) => timestamps?.[i] ?? now);
}

/** Appends events for one store; see {@link EventWriter.appendMany}. */
export class EventWriter {
  readonly #db: Kysely<StoreDatabase>;
  /** `#db`'s connection answering at once (SQLite): used only inside transactions that hold it. */
  readonly #direct: DirectSql | undefined;
  readonly #templates = new QueryTemplates();

  constructor(db: Kysely<StoreDatabase>, direct?: DirectSql) {
    this.#db = db;
    this.#direct = direct;
  }

  /** Records `body` as the next event of the execution; see {@link EventWriter.appendMany}. */
  async append(executionId: string, body: WorkflowEventBody, timestamp?: string): Promise<WorkflowEvent> {
    const [event] = await this.appendMany(executionId, [body], timestamp === undefined ? undefined : [timestamp]);
    return event as WorkflowEvent;
  }

  /**
   * Records `bodies` as the next events of the execution, in order, in one transaction, with a handful of
   * statements whatever their number: the seqs are claimed at once, the events inserted together, and the
   * execution and each step they touch are read once, folded in memory, and written once. Appenders are
   * serialised by the execution row's lock (PostgreSQL) or the database's write lock (SQLite, BEGIN
   * IMMEDIATE); should a writer slip past anyway, the (execution_id, seq) key rejects the batch and it is retried.
   * `timestamps[i]` stamps `bodies[i]` (when it happened); without it, the time of this call.
   */
  async appendMany(
    executionId: string,
    bodies: readonly WorkflowEventBody[],
    timestamps?: readonly string[],
  ): Promise<WorkflowEvent[]> {
    if (bodies.length === 0) return [];
    const stamps = stampsOf(bodies, timestamps);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#db.transaction().execute((trx) => this.appendIn(trx, executionId, bodies, stamps));
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isUniqueViolation(error)) throw error;
      }
    }
  }

  /**
   * Records `bodies` as the next events of the execution inside the caller's transaction `trx` (see
   * {@link EventWriter.appendMany}); `stamps[i]` stamps `bodies[i]`. The group commit writes several executions'
   * batches in one transaction through this.
   */
  async appendIn(
    trx: Transaction<StoreDatabase>,
    executionId: string,
    bodies: readonly WorkflowEventBody[],
    stamps: readonly string[],
  ): Promise<WorkflowEvent[]> {
    // Claiming the seqs first locks the execution row (PostgreSQL) for the rest of the transaction, so every later
    // statement reads what the previous appender committed.
    const [claimed] = await this.#templates.rowsIn<ClaimedExecution & { last_seq: number | string }>(
      trx,
      this.#direct,
      'claim-seqs',
      (p) =>
        trx
          .updateTable('executions')
          .set((eb) => ({ last_seq: eb('last_seq', '+', p<number>(0)) }))
          .where('id', '=', p(1))
          .returning(['workflow_name', 'status', 'started_at', 'finished_at', 'duration_ms', 'last_seq']),
      [bodies.length, executionId],
    );
    if (!claimed) throw new WorkflowError('EXECUTION_NOT_FOUND', `execution ${executionId} not found`);

    const firstSeq = Number(claimed.last_seq) - bodies.length + 1;
    const events = bodies.map(
      (body, i) =>
        ({
          ...body,
          execution_id: executionId,
          workflow_name: claimed.workflow_name,
          seq: firstSeq + i,
          timestamp: stamps[i],
        }) as WorkflowEvent,
    );
    const eventRows = bodies.map((body, i) => ({
      execution_id: executionId,
      seq: firstSeq + i,
      type: body.type,
      body: JSON.stringify(body),
      timestamp: stamps[i] as string,
    }));
    for (const rows of chunks(eventRows)) {
      await this.#templates.rowsIn(
        trx,
        this.#direct,
        `insert-events:${rows.length}`, // every column of every row has a value
        (p) => trx.insertInto('events').values(bindRows(p, rows)),
        rows.flatMap(valuesOf),
      );
    }

    const record = miniRecord(executionId, claimed);
    const before = executionColumns(record);
    const firstSeen = new Map<string, number>();
    for (const event of events) {
      if ('step_id' in event && !firstSeen.has(event.step_id)) firstSeen.set(event.step_id, event.seq);
    }
    const stepsBefore = await this.#readSteps(trx, executionId, [...firstSeen.keys()]);
    for (const [stepId, known] of stepsBefore) record.steps[stepId] = known.step;
    for (const event of events) applyEvent(record, event);

    const after = executionColumns(record);
    if (record.error !== undefined || record.waiting_for !== undefined || !sameColumns(after, before)) {
      const columns = {
        ...after,
        waiting_for: toJson(record.waiting_for), // kept only while the last event queued it
        ...(record.error !== undefined ? { error: toJson(record.error) } : {}),
      };
      const values = valuesOf(columns);
      await this.#templates.rowsIn(
        trx,
        this.#direct,
        `update-execution:${columnsOf(columns)}`,
        (p) =>
          trx
            .updateTable('executions')
            .set(bindRow(p, columns, 0))
            .where('id', '=', p(values.length)),
        [...values, executionId],
      );
    }
    const inserts: StepRecord[] = [];
    for (const stepId of firstSeen.keys()) {
      const step = record.steps[stepId];
      if (!step) continue;
      const known = stepsBefore.get(stepId);
      if (known) await this.#updateStep(trx, executionId, step, known.columns);
      else inserts.push(step);
    }
    await this.#insertSteps(trx, executionId, inserts, firstSeen);
    return events;
  }

  async #readSteps(
    trx: Transaction<StoreDatabase>,
    executionId: string,
    stepIds: string[],
  ): Promise<Map<string, StepBefore>> {
    const found = new Map<string, StepBefore>();
    for (const ids of chunks(stepIds)) {
      const rows = await this.#templates.rowsIn<StepScalars>(
        trx,
        this.#direct,
        `read-steps:${ids.length}`,
        (p) =>
          trx
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
            .where('execution_id', '=', p(0))
            .where(
              'step_id',
              'in',
              ids.map((_, i) => p(i + 1)),
            ),
        [executionId, ...ids],
      );
      for (const row of rows) {
        const step = stepFromScalars(row, UNCHANGED_METADATA);
        found.set(row.step_id, { step, columns: stepScalarColumns(step) });
      }
    }
    return found;
  }

  /** Steps first seen in this batch, in one statement per chunk; `firstSeen` gives each its first seq. */
  async #insertSteps(
    trx: Transaction<StoreDatabase>,
    executionId: string,
    steps: StepRecord[],
    firstSeen: Map<string, number>,
  ): Promise<void> {
    for (const chunk of chunks(steps)) {
      const rows = chunk.map((step) => ({
        execution_id: executionId,
        step_id: step.step_id,
        first_seq: firstSeen.get(step.step_id) ?? 0,
        ...stepScalarColumns(step),
        output: 'output' in step ? toJson(step.output) : null,
        metadata: step.metadata === UNCHANGED_METADATA ? '{}' : JSON.stringify(step.metadata),
      }));
      await this.#templates.rowsIn(
        trx,
        this.#direct,
        `insert-steps:${columnsOf(...rows)}`,
        (p) => trx.insertInto('step_records').values(bindRows(p, rows)),
        rows.flatMap(valuesOf),
      );
    }
  }

  async #updateStep(
    trx: Transaction<StoreDatabase>,
    executionId: string,
    step: StepRecord,
    previous: ReturnType<typeof stepScalarColumns>,
  ): Promise<void> {
    const columns = stepScalarColumns(step);
    const output = 'output' in step ? { output: toJson(step.output) } : {};
    const metadata = step.metadata === UNCHANGED_METADATA ? {} : { metadata: JSON.stringify(step.metadata) };
    const changedLargeColumns = 'output' in output || 'metadata' in metadata;
    if (!changedLargeColumns && sameColumns(columns, previous)) return;
    const changed = { ...columns, ...output, ...metadata };
    const values = valuesOf(changed);
    await this.#templates.rowsIn(
      trx,
      this.#direct,
      `update-step:${columnsOf(changed)}`,
      (p) =>
        trx
          .updateTable('step_records')
          .set(bindRow(p, changed, 0))
          .where('execution_id', '=', p(values.length))
          .where('step_id', '=', p(values.length + 1)),
      [...values, executionId, step.step_id],
    );
  }
}
