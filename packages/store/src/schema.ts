// Table types of the store's database, shared by both dialects (JSON columns hold text).
import type { Generated } from 'kysely';

/** One row per execution; `ordinal` orders executions by creation (newest first = highest). */
export interface ExecutionsTable {
  ordinal: Generated<number>;
  id: string;
  workflow_name: string;
  status: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  /** JSON SerializedWorkflowError */
  error: string | null;
  last_seq: number;
  /** 1 / 0, null when not given. */
  trusted: number | null;
  /** JSON */
  retry_of: string | null;
  /** JSON ExecutionTrigger: the schedule tick that started it (migration 0003). */
  started_by: string | null;
  /** The execution whose `workflow` step started this one, and that step (migration 0005). */
  parent_id: string | null;
  parent_step: string | null;
  /** JSON ConcurrencyWait while the execution is queued, else null (migration 0007). */
  waiting_for: string | null;
}

/**
 * What an execution started from, written once. Kept apart from `executions`, whose row changes with every event:
 * SQLite rewrites a whole row on update, and a 1,000-step definition would be rewritten 3,000 times.
 */
export interface ExecutionSnapshotsTable {
  execution_id: string;
  /** JSON */
  inputs: string;
  /** JSON; null when no definition snapshot was given. */
  definition: string | null;
}

/** One row per step that has been touched by an event. Free text columns hold JSON strings. */
export interface StepRecordsTable {
  execution_id: string;
  step_id: string;
  /** `seq` of the event that created the row: keeps steps in first-seen order. */
  first_seq: number;
  status: string;
  attempts: number;
  /** JSON; null when the step has no output. */
  output: string | null;
  /** JSON object (foreach iteration results live in `results`). */
  metadata: string;
  /** JSON string */
  error: string | null;
  error_code: string | null;
  /** JSON string */
  reason: string | null;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  /** JSON */
  progress: string | null;
}

/** The append-only event log. */
export interface EventsTable {
  execution_id: string;
  seq: number;
  type: string;
  /** JSON of the event body as appended. */
  body: string;
  timestamp: string;
}

/** Cancel requests for executions another process may be running (it polls this table). */
export interface CancelRequestsTable {
  execution_id: string;
  reason: string;
  requested_at: string;
}

/** One row per claimed schedule tick: the primary key makes each (workflow, trigger, tick) fire once. */
export interface ScheduleTicksTable {
  workflow_name: string;
  trigger_index: number;
  /** ISO 8601, UTC. */
  tick: string;
  claimed_at: string;
  outcome: string;
  execution_id: string | null;
  note: string | null;
}

/** Paused schedules, seen by every server sharing the store. */
export interface SchedulePausesTable {
  workflow_name: string;
  trigger_index: number;
  paused_at: string;
}

/** Webhook delivery ids seen, until they expire: a second call with one is a replay. */
export interface WebhookDeliveriesTable {
  workflow_name: string;
  delivery_id: string;
  /** ISO 8601. */
  expires_at: string;
}

/** Which coordinator runs an execution (see LeaseStore): one row per execution that has had a lease. */
export interface ExecutionLeasesTable {
  execution_id: string;
  owner: string;
  epoch: number;
  /** ISO 8601. */
  expires_at: string;
}

/**
 * Held slots of concurrency keys: the primary key (key, slot) lets at most `limit` executions hold a key (slots are
 * numbered below the limit); the unique (key, execution_id) keeps an execution to one slot per key.
 */
export interface ConcurrencySlotsTable {
  key: string;
  slot: number;
  execution_id: string;
  /** ISO 8601. */
  acquired_at: string;
}

/** The whole database as Kysely sees it. */
export interface StoreDatabase {
  executions: ExecutionsTable;
  execution_snapshots: ExecutionSnapshotsTable;
  step_records: StepRecordsTable;
  events: EventsTable;
  cancel_requests: CancelRequestsTable;
  schedule_ticks: ScheduleTicksTable;
  schedule_pauses: SchedulePausesTable;
  webhook_deliveries: WebhookDeliveriesTable;
  execution_leases: ExecutionLeasesTable;
  concurrency_slots: ConcurrencySlotsTable;
}

/** Which SQL dialect a store runs on. */
export type StoreDialect = 'sqlite' | 'postgres';
