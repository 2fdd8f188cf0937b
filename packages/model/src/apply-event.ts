// Folds one recorded event into an execution record; every store uses this so records match the log.
import type { WorkflowEvent } from './events.js';
import type { ExecutionRecord, StepRecord } from './execution.js';

function stepRecord(record: ExecutionRecord, stepId: string): StepRecord {
  let step = record.steps[stepId];
  if (!step) {
    step = { step_id: stepId, status: 'pending', attempts: 0, metadata: {} };
    record.steps[stepId] = step;
  }
  return step;
}

/**
 * Applies `event` to `record` in place and returns it.
 *
 * @example
 * for (const e of events) applyEvent(record, e);
 */
export function applyEvent(record: ExecutionRecord, event: WorkflowEvent): ExecutionRecord {
  record.last_seq = event.seq;
  delete record.waiting_for; // only while the last event is workflow_queued
  switch (event.type) {
    case 'workflow_queued':
      record.status = 'queued';
      record.waiting_for = event.waiting_for;
      break;
    case 'workflow_started':
      record.status = 'running';
      record.started_at ??= event.timestamp;
      break;
    case 'step_started': {
      const step = stepRecord(record, event.step_id);
      step.status = 'running';
      step.attempts = event.attempt;
      step.started_at ??= event.timestamp;
      delete step.error;
      delete step.error_code;
      delete step.reason;
      break;
    }
    case 'step_progress': {
      if (event.progress) stepRecord(record, event.step_id).progress = event.progress;
      break;
    }
    case 'step_retrying': {
      const step = stepRecord(record, event.step_id);
      step.attempts = event.attempt;
      step.error = event.error;
      if (event.error_code) step.error_code = event.error_code;
      break;
    }
    case 'step_completed': {
      const step = stepRecord(record, event.step_id);
      step.status = 'completed';
      step.output = event.output;
      step.metadata = event.metadata;
      step.attempts = event.attempt;
      step.finished_at = event.timestamp;
      step.duration_ms = event.duration_ms;
      break;
    }
    case 'step_failed':
    case 'step_cancelled': {
      const step = stepRecord(record, event.step_id);
      step.status = event.status;
      step.error = event.error;
      if (event.error_code) step.error_code = event.error_code;
      if (event.reason) step.reason = event.reason;
      if (event.output !== undefined) step.output = event.output;
      step.metadata = event.metadata;
      step.attempts = event.attempt;
      step.finished_at = event.timestamp;
      step.duration_ms = event.duration_ms;
      break;
    }
    case 'step_skipped': {
      const step = stepRecord(record, event.step_id);
      step.status = event.status;
      step.reason = event.reason;
      step.finished_at = event.timestamp;
      break;
    }
    case 'step_waiting': {
      const step = stepRecord(record, event.step_id);
      step.status = 'waiting';
      step.attempts = event.attempt;
      step.metadata = { waiting: event.wait };
      break;
    }
    case 'workflow_completed':
      record.status = event.status;
      record.finished_at = event.timestamp;
      record.duration_ms = event.duration_ms;
      if (event.error) record.error = event.error;
      break;
    case 'workflow_cancelled':
      record.status = 'cancelled';
      record.finished_at = event.timestamp;
      record.duration_ms = event.duration_ms;
      record.error = { code: 'CANCELLED', message: event.reason, details: {} };
      break;
  }
  return record;
}
