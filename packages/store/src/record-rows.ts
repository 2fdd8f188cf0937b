// Conversions between database rows and the model's ExecutionRecord, StepRecord and WorkflowEvent.
import type {
  ExecutionRecord,
  ExecutionStatus,
  NewExecution,
  StepRecord,
  StepStatus,
  WorkflowEvent,
} from '@skill/workflow-model';
import type { Insertable, Selectable } from 'kysely';
import type { EventsTable, ExecutionSnapshotsTable, ExecutionsTable, StepRecordsTable } from './schema.js';

/** An executions row joined with its snapshot, as read. */
export type ExecutionRow = Selectable<ExecutionsTable> & Omit<Selectable<ExecutionSnapshotsTable>, 'execution_id'>;
/** A step_records row as read. */
export type StepRow = Selectable<StepRecordsTable>;
/** One stored event as its row holds it. */
export type EventRow = Selectable<EventsTable>;

/** JSON text of a value; null stays SQL NULL only for `undefined`. */
export function toJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function fromJson<T>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}

/**
 * True when `key` (an id or a name looked up) can be in the store: PostgreSQL's text refuses NUL and SQLite reads
 * text back only up to one, so nothing stored has one, and a lookup with it finds nothing (asked, PostgreSQL fails).
 */
export function isStorableKey(key: string): boolean {
  return !key.includes('\u0000');
}

/** Numbers may arrive as strings (bigint columns); null stays undefined. */
function num(value: number | string | null): number | undefined {
  return value === null ? undefined : Number(value);
}

/** The rows a new execution starts with. */
export function newExecutionRows(
  init: NewExecution,
  createdAt: string,
): { execution: Insertable<ExecutionsTable>; snapshot: Insertable<ExecutionSnapshotsTable> } {
  return {
    execution: {
      id: init.id,
      workflow_name: init.workflow_name,
      status: 'pending',
      created_at: createdAt,
      last_seq: 0,
      trusted: init.trusted === undefined ? null : init.trusted ? 1 : 0,
      retry_of: toJson(init.retry_of),
      started_by: toJson(init.trigger),
      parent_id: init.parent?.execution_id ?? null,
      parent_step: init.parent?.step ?? null,
    },
    snapshot: { execution_id: init.id, inputs: JSON.stringify(init.inputs), definition: toJson(init.definition) },
  };
}

/** Assembles the full record of an execution from its row and its steps (in first-seen order). */
export function executionFromRow(row: ExecutionRow, steps: StepRecord[]): ExecutionRecord {
  const record: ExecutionRecord = {
    id: row.id,
    workflow_name: row.workflow_name,
    status: row.status as ExecutionStatus,
    inputs: JSON.parse(row.inputs) as Record<string, unknown>,
    created_at: row.created_at,
    steps: {},
    last_seq: Number(row.last_seq),
  };
  if (row.started_at !== null) record.started_at = row.started_at;
  if (row.finished_at !== null) record.finished_at = row.finished_at;
  if (row.duration_ms !== null) record.duration_ms = Number(row.duration_ms);
  if (row.error !== null) record.error = JSON.parse(row.error);
  if (row.definition !== null) record.definition = JSON.parse(row.definition);
  if (row.trusted !== null) record.trusted = Number(row.trusted) === 1;
  if (row.retry_of !== null) record.retry_of = JSON.parse(row.retry_of);
  if (row.started_by !== null && row.started_by !== undefined) record.trigger = JSON.parse(row.started_by);
  if (row.parent_id !== null && row.parent_id !== undefined) {
    record.parent = { execution_id: row.parent_id, step: row.parent_step ?? '' };
  }
  if (row.waiting_for !== null && row.waiting_for !== undefined) record.waiting_for = JSON.parse(row.waiting_for);
  for (const step of steps) record.steps[step.step_id] = step;
  return record;
}

/** The step columns other than output and metadata (cheap to read on every event). */
export type StepScalars = Omit<StepRow, 'execution_id' | 'output' | 'metadata' | 'first_seq'>;

/** Builds a StepRecord from its scalar columns; `output`/`metadata` are filled by the caller. */
export function stepFromScalars(row: StepScalars, metadata: Record<string, unknown>): StepRecord {
  const step: StepRecord = {
    step_id: row.step_id,
    status: row.status as StepStatus,
    attempts: Number(row.attempts),
    metadata,
  };
  const error = fromJson<string>(row.error);
  if (error !== undefined) step.error = error;
  if (row.error_code !== null) step.error_code = row.error_code;
  const reason = fromJson<string>(row.reason);
  if (reason !== undefined) step.reason = reason;
  if (row.started_at !== null) step.started_at = row.started_at;
  if (row.finished_at !== null) step.finished_at = row.finished_at;
  const duration = num(row.duration_ms);
  if (duration !== undefined) step.duration_ms = duration;
  const progress = fromJson<StepRecord['progress']>(row.progress);
  if (progress !== undefined) step.progress = progress;
  return step;
}

/** The full StepRecord of a row. */
export function stepFromRow(row: StepRow): StepRecord {
  const step = stepFromScalars(row, JSON.parse(row.metadata) as Record<string, unknown>);
  if (row.output !== null) step.output = JSON.parse(row.output);
  return step;
}

/** The scalar columns of a step record (everything but output and metadata). */
export function stepScalarColumns(step: StepRecord): Omit<StepScalars, 'step_id'> {
  return {
    status: step.status,
    attempts: step.attempts,
    error: toJson(step.error),
    error_code: step.error_code ?? null,
    reason: toJson(step.reason),
    started_at: step.started_at ?? null,
    finished_at: step.finished_at ?? null,
    duration_ms: step.duration_ms ?? null,
    progress: toJson(step.progress),
  };
}

/** Rebuilds a recorded event from its row: the body as appended plus the envelope. */
export function eventFromRow(row: EventRow, workflowName: string): WorkflowEvent {
  return {
    ...(JSON.parse(row.body) as object),
    execution_id: row.execution_id,
    workflow_name: workflowName,
    seq: Number(row.seq),
    timestamp: row.timestamp,
  } as WorkflowEvent;
}
