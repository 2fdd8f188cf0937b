// Building step outcomes (completed, failed, cancelled, skipped) and the terminal event each one emits.
import {
  ErrorCode,
  isJsonObject,
  isWorkflowError,
  type StepResult,
  WorkflowError,
  type WorkflowEventBody,
} from '@skill/workflow-model';
import type { HaltInfo } from './abort-reasons.js';
import type { StepOutcome } from './scheduler-types.js';

/** Start and end of a step, for the timing fields of its outcome. */
export interface StepTiming {
  attempts: number;
  startedAt: number;
  finishedAt: number;
}

/** Any thrown value as a `WorkflowError` (`STEP_FAILED` unless it already has a code). */
export function asWorkflowError(value: unknown, code: string = ErrorCode.StepFailed): WorkflowError {
  if (isWorkflowError(value)) return value;
  if (value instanceof Error) return new WorkflowError(code, value.message || String(value), {}, { cause: value });
  return new WorkflowError(code, typeof value === 'string' ? value : `non-error thrown: ${String(value)}`);
}

function timing(t: StepTiming) {
  return {
    attempts: t.attempts,
    duration_ms: Math.max(0, t.finishedAt - t.startedAt),
    started_at: t.startedAt,
    finished_at: t.finishedAt,
  };
}

export function completedOutcome(result: StepResult | undefined, t: StepTiming): StepOutcome {
  const metadata = isJsonObject(result?.metadata) ? result.metadata : {};
  return { status: 'completed', output: result?.output, metadata, ...timing(t) };
}

export function failedOutcome(
  error: WorkflowError,
  t: StepTiming,
  extra?: { output?: unknown; metadata?: Record<string, unknown> },
): StepOutcome {
  const fromError = error.details.metadata;
  const metadata = extra?.metadata ?? (isJsonObject(fromError) ? fromError : {});
  const outcome: StepOutcome = {
    status: 'failed',
    metadata,
    error: error.message,
    error_code: String(error.code),
    reason: error.message,
    ...timing(t),
  };
  if (extra?.output !== undefined) outcome.output = extra.output;
  return outcome;
}

export function cancelledOutcome(halt: HaltInfo, t: StepTiming, metadata: Record<string, unknown> = {}): StepOutcome {
  return {
    status: 'cancelled',
    metadata,
    error: halt.message,
    error_code: halt.code,
    reason: halt.message,
    ...timing(t),
  };
}

export function skippedOutcome(status: 'skipped' | 'cancelled', reason: string): StepOutcome {
  return { status, metadata: {}, reason, attempts: 0 };
}

/**
 * The event that ends a step: `step_completed`, `step_failed`, `step_cancelled` (cancelled while
 * running) or `step_skipped` (did not run: skipped, or cancelled before it started).
 */
export function terminalEvent(stepId: string, outcome: StepOutcome, continueOnError: boolean): WorkflowEventBody {
  if (outcome.status === 'completed') {
    return {
      type: 'step_completed',
      step_id: stepId,
      status: 'completed',
      output: outcome.output,
      metadata: outcome.metadata,
      attempt: outcome.attempts,
      duration_ms: outcome.duration_ms ?? 0,
    };
  }
  if (outcome.status === 'skipped' || (outcome.status === 'cancelled' && outcome.started_at === undefined)) {
    return { type: 'step_skipped', step_id: stepId, status: outcome.status, reason: outcome.reason ?? '' };
  }
  const ended = {
    error: outcome.error ?? outcome.reason ?? outcome.status,
    metadata: outcome.metadata,
    attempt: outcome.attempts,
    duration_ms: outcome.duration_ms ?? 0,
    ...(outcome.error_code === undefined ? {} : { error_code: outcome.error_code }),
    ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
    ...(outcome.output === undefined ? {} : { output: outcome.output }),
  };
  if (outcome.status === 'cancelled') {
    return { type: 'step_cancelled', step_id: stepId, status: 'cancelled', ...ended };
  }
  const continued = continueOnError ? { continue_on_error: true } : {};
  return { type: 'step_failed', step_id: stepId, status: 'failed', ...ended, ...continued };
}
