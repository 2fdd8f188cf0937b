// Folds a streamed event into an execution record (immutably, so React sees what changed).
import type { ExecutionRecord, StepRecord, WorkflowEvent } from '@skill/workflow-model';
import { withLiveItem } from './live-items.js';

function withStep(record: ExecutionRecord, id: string, change: (old: StepRecord) => StepRecord): ExecutionRecord {
  const old: StepRecord = record.steps[id] ?? { step_id: id, status: 'pending', attempts: 0, metadata: {} };
  return { ...record, steps: { ...record.steps, [id]: change(old) } };
}

/** The record after `event`; events at or below `record.last_seq` change nothing. */
export function applyStreamEvent(record: ExecutionRecord, event: WorkflowEvent): ExecutionRecord {
  if (event.seq <= record.last_seq) return record;
  const next = applyBody(record, event);
  return { ...next, last_seq: event.seq };
}

function applyBody(record: ExecutionRecord, event: WorkflowEvent): ExecutionRecord {
  switch (event.type) {
    case 'workflow_started':
      return { ...record, status: 'running', started_at: record.started_at ?? event.timestamp };
    case 'step_started':
      return withStep(record, event.step_id, (old) => {
        const { error: _e, error_code: _c, reason: _r, ...rest } = old;
        return { ...rest, status: 'running', attempts: event.attempt, started_at: old.started_at ?? event.timestamp };
      });
    case 'step_retrying':
      return withStep(record, event.step_id, (old) => ({ ...old, error: event.error }));
    case 'step_progress': {
      const { progress, item } = event;
      if (!progress && !item) return record;
      return withStep(record, event.step_id, (old) => ({
        ...old,
        ...(progress ? { progress } : {}),
        ...(item ? { metadata: withLiveItem(old.metadata, item) } : {}),
      }));
    }
    case 'step_completed':
      return withStep(record, event.step_id, (old) => ({
        ...old,
        status: 'completed',
        output: event.output,
        metadata: event.metadata,
        attempts: event.attempt,
        duration_ms: event.duration_ms,
        finished_at: event.timestamp,
      }));
    case 'step_failed':
    case 'step_cancelled':
      return withStep(record, event.step_id, (old) => ({
        ...old,
        status: event.status,
        error: event.error,
        ...(event.error_code !== undefined ? { error_code: event.error_code } : {}),
        ...(event.reason !== undefined ? { reason: event.reason } : {}),
        ...(event.output !== undefined ? { output: event.output } : {}),
        metadata: event.metadata,
        attempts: event.attempt,
        duration_ms: event.duration_ms,
        finished_at: event.timestamp,
      }));
    case 'step_skipped':
      return withStep(record, event.step_id, (old) => ({
        ...old,
        status: event.status,
        reason: event.reason,
        finished_at: event.timestamp,
      }));
    case 'workflow_completed':
      return {
        ...record,
        status: event.status,
        duration_ms: event.duration_ms,
        finished_at: event.timestamp,
        ...(event.error !== undefined ? { error: event.error } : {}),
      };
    case 'workflow_cancelled':
      return { ...record, status: 'cancelled', duration_ms: event.duration_ms, finished_at: event.timestamp };
    default:
      return record;
  }
}
