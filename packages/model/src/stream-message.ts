// A message of the execution WebSocket: the event, and what it changed in the execution record (folded by the server).
import type { WorkflowEvent } from './events.js';
import type { ExecutionRecord, StepRecord } from './execution.js';

/** The execution's own fields that events change. */
export type ExecutionState = Pick<
  ExecutionRecord,
  'status' | 'started_at' | 'finished_at' | 'duration_ms' | 'error' | 'waiting_for'
>;

/**
 * What one event changed in the execution record, as the server's fold (`applyEvent`) left it: the execution's
 * state after a `workflow_*` event, the whole record of the event's step after a step event. Absent when the
 * record did not change (a `step_progress` line of output).
 */
export interface RecordChange {
  execution?: ExecutionState;
  step?: StepRecord;
}

/**
 * One event as `WS /ws/executions/:id` sends it: every field of the stored event, plus `change`, so that a client
 * keeps the record current by merging (`record.steps[step.step_id] = step`, `{ ...record, ...execution }`, `last_seq`)
 * instead of folding events itself.
 */
export type ExecutionStreamMessage = WorkflowEvent & { change?: RecordChange };
