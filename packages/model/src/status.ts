// Status vocabularies for steps and executions, as `as const` objects with derived union types, and the
// predicates that say when a step, an execution or its event stream has ended.
import { EventType } from './events.js';

/** Status of one step (or one foreach iteration) within an execution. */
export const StepStatus = {
  Pending: 'pending',
  Running: 'running',
  /** An approval or a sleep waits (no process, no slot held): see the step's `metadata.waiting`. */
  Waiting: 'waiting',
  Completed: 'completed',
  Failed: 'failed',
  Skipped: 'skipped',
  Cancelled: 'cancelled',
} as const;
/** One of the values of {@link StepStatus}. */
export type StepStatus = (typeof StepStatus)[keyof typeof StepStatus];

/** Status of a whole execution. */
export const ExecutionStatus = {
  Pending: 'pending',
  Running: 'running',
  Completed: 'completed',
  Failed: 'failed',
  Cancelled: 'cancelled',
  /**
   * Recorded as pending or running, but the process that ran it is gone (killed, crashed): nothing will finish it.
   * Derived when read, never stored; `skill executions resume` or a retry continues it from its completed steps.
   */
  Interrupted: 'interrupted',
  /** Waits for a slot of its concurrency key (`waiting_for` says which and who holds it). */
  Queued: 'queued',
  /** Never ran: its concurrency key was held and `on_conflict = "skip"` (its `error` says by whom). */
  Skipped: 'skipped',
} as const;
/** One of the values of {@link ExecutionStatus}. */
export type ExecutionStatus = (typeof ExecutionStatus)[keyof typeof ExecutionStatus];

/**
 * The statuses a store records, and so the ones executions can be listed by: all but `interrupted`,
 * which is derived when an execution is read.
 */
export const STORED_EXECUTION_STATUSES = [
  ExecutionStatus.Pending,
  ExecutionStatus.Running,
  ExecutionStatus.Completed,
  ExecutionStatus.Failed,
  ExecutionStatus.Cancelled,
  ExecutionStatus.Queued,
  ExecutionStatus.Skipped,
] as const satisfies readonly ExecutionStatus[];

/** True for the statuses a step never leaves. */
export function isTerminalStepStatus(status: StepStatus): boolean {
  return status !== StepStatus.Pending && status !== StepStatus.Running && status !== StepStatus.Waiting;
}

/** True for the statuses an execution never leaves. */
export function isTerminalExecutionStatus(status: ExecutionStatus): boolean {
  return (
    status === ExecutionStatus.Completed ||
    status === ExecutionStatus.Failed ||
    status === ExecutionStatus.Cancelled ||
    status === ExecutionStatus.Skipped
  );
}

/**
 * True for the events after which an execution records nothing more (`workflow_completed`,
 * `workflow_cancelled`): the end of an execution's event stream.
 *
 * @example
 * isTerminalEvent({ type: 'workflow_cancelled' }); // true
 */
export function isTerminalEvent(event: { readonly type: string }): boolean {
  return event.type === EventType.WorkflowCompleted || event.type === EventType.WorkflowCancelled;
}
