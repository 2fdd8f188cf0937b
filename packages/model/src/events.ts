// The execution events: the protocol of the CLI's --json output, the WebSocket stream and the event log.
import type { ConcurrencyWait } from './concurrency.js';
import type { SerializedWorkflowError } from './errors.js';
import type { InputDefinition } from './workflow.js';

/** Event type names. */
export const EventType = {
  WorkflowStarted: 'workflow_started',
  StepStarted: 'step_started',
  StepProgress: 'step_progress',
  StepRetrying: 'step_retrying',
  StepCompleted: 'step_completed',
  StepFailed: 'step_failed',
  StepCancelled: 'step_cancelled',
  StepSkipped: 'step_skipped',
  StepWaiting: 'step_waiting',
  StepDecided: 'step_decided',
  WorkflowCompleted: 'workflow_completed',
  WorkflowCancelled: 'workflow_cancelled',
  WorkflowQueued: 'workflow_queued',
} as const;
/** One of the values of {@link EventType}. */
export type EventType = (typeof EventType)[keyof typeof EventType];

/** Fields every event has once it is recorded. */
export interface EventEnvelope {
  execution_id: string;
  workflow_name: string;
  /** Increases by one per event within an execution, starting at 1. */
  seq: number;
  /** ISO-8601 time the event was recorded. */
  timestamp: string;
}

/** The execution began (inputs already validated). */
export interface WorkflowStartedBody {
  type: 'workflow_started';
  inputs: Record<string, unknown>;
  /** True when this start resumes an execution left unfinished. */
  resumed?: boolean;
  /** The process that runs it (an execution whose owner is gone is shown as `interrupted`). */
  owner?: { host: string; pid: number };
}
/** An attempt of a step began. */
export interface StepStartedBody {
  type: 'step_started';
  step_id: string;
  attempt: number;
  status: 'running';
}
/** Progress of a running step: foreach counts, or a line of output. */
export interface StepProgressBody {
  type: 'step_progress';
  step_id: string;
  progress?: { completed: number; failed: number; total: number };
  /** A foreach iteration finished: its index and status. */
  item?: { index: number; status: string; error?: string };
  /** A line of live output. */
  message?: string;
  stream?: 'stdout' | 'stderr';
}
/** An attempt failed and another will follow after `delay_ms`. */
export interface StepRetryingBody {
  type: 'step_retrying';
  step_id: string;
  attempt: number;
  next_attempt: number;
  delay_ms: number;
  error: string;
  error_code?: string;
}
/** A step finished successfully. */
export interface StepCompletedBody {
  type: 'step_completed';
  step_id: string;
  status: 'completed';
  output: unknown;
  metadata: Record<string, unknown>;
  attempt: number;
  duration_ms: number;
}
/** What `step_failed` and `step_cancelled` both record: why the attempt stopped, and what it had produced. */
interface StepStoppedFields {
  step_id: string;
  /** What stopped it, e.g. `exit code 3` or `cancelled: user request`. */
  error: string;
  error_code?: string;
  reason?: string;
  metadata: Record<string, unknown>;
  /** Partial output of the stopped attempt (foreach: the items that completed). */
  output?: unknown;
  attempt: number;
  duration_ms: number;
}
/**
 * A step failed (retries exhausted). Logs written before `step_cancelled` existed may also hold
 * `step_failed` with status `cancelled` for a step cancelled while running; folds take the status as given.
 */
export interface StepFailedBody extends StepStoppedFields {
  type: 'step_failed';
  status: 'failed';
  /** The failure is recorded but does not fail the workflow. */
  continue_on_error?: boolean;
}
/** A running step was cancelled (the execution was cancelled or stopped while the step ran). */
export interface StepCancelledBody extends StepStoppedFields {
  type: 'step_cancelled';
  status: 'cancelled';
}
/** A step did not run: its condition was false, a dependency did not complete, or the run stopped. */
export interface StepSkippedBody {
  type: 'step_skipped';
  step_id: string;
  status: 'skipped' | 'cancelled';
  reason: string;
}
/** What a waiting step waits for (recorded in the step's `metadata.waiting`). */
export interface StepWait {
  kind: 'approval' | 'sleep';
  /** ISO-8601 time the wait began (kept when a restarted engine resumes the wait). */
  since: string;
  /** ISO-8601 deadline: the sleep's end, or the approval's timeout (absent: no timeout). */
  until?: string;
  /** Approvals: the question, templates resolved. */
  message?: string;
  /** Approvals: the form, typed like `[inputs]`. */
  fields?: Record<string, Omit<InputDefinition, 'location'>>;
  /** Approvals: the decision taken at the deadline. */
  on_timeout?: 'approve' | 'reject';
}
/** An approval or sleep step now waits, holding no process or slot. */
export interface StepWaitingBody {
  type: 'step_waiting';
  step_id: string;
  status: 'waiting';
  attempt: number;
  wait: StepWait;
}
/** Someone (or the timeout) decided a waiting approval; the first decision recorded after the wait began counts. */
export interface StepDecidedBody {
  type: 'step_decided';
  step_id: string;
  decision: 'approved' | 'rejected';
  /** Who decided: `api:token`, `api:anonymous`, `cli:<user>`, `mcp`, `timeout`. */
  decided_by: string;
  /** The submitted form values, defaults applied. */
  fields: Record<string, unknown>;
  comment?: string;
}
/**
 * The execution waits for a slot of its concurrency key (status `queued`); `owner` is the process that waits, as in
 * `workflow_started`.
 */
export interface WorkflowQueuedBody {
  type: 'workflow_queued';
  waiting_for: ConcurrencyWait;
  owner?: { host: string; pid: number };
}
/** The execution finished; `status` says how (`skipped`: it never ran, its concurrency key was held). */
export interface WorkflowCompletedBody {
  type: 'workflow_completed';
  status: 'completed' | 'failed' | 'skipped';
  duration_ms: number;
  error?: SerializedWorkflowError;
}
/** The execution was cancelled. */
export interface WorkflowCancelledBody {
  type: 'workflow_cancelled';
  status: 'cancelled';
  reason: string;
  duration_ms: number;
}

/** An event before the store stamps it with `seq`, `timestamp` and ids. */
export type WorkflowEventBody =
  | WorkflowStartedBody
  | StepStartedBody
  | StepProgressBody
  | StepRetryingBody
  | StepCompletedBody
  | StepFailedBody
  | StepCancelledBody
  | StepSkippedBody
  | StepWaitingBody
  | StepDecidedBody
  | WorkflowCompletedBody
  | WorkflowCancelledBody
  | WorkflowQueuedBody;

/** A recorded event, as streamed and stored. */
export type WorkflowEvent = WorkflowEventBody & EventEnvelope;

/** The recorded event of a given type. */
export type WorkflowEventOf<T extends EventType> = Extract<WorkflowEventBody, { type: T }> & EventEnvelope;
