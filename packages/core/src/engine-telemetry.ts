// The engine's side of telemetry: fans the hooks out (a failing hook never fails a run), ends attempts and
// executions with masked errors, and answers the gauges (queued executions, sandbox pool size).
import {
  type AttemptEnd,
  type EngineGauges,
  type EngineTelemetry,
  ErrorCode,
  type ExecutionEnd,
  type ExecutionRecord,
  type ExecutionStore,
  type ExecutionTelemetry,
  isWorkflowError,
  type StepAttemptTelemetry,
} from '@skill/workflow-model';

/** Most pending executions counted per scrape (the store is read page by page). */
const MAX_COUNTED_PENDING = 10_000;
const PAGE = 1000;

/** Calls `call`, swallowing what it throws: telemetry must never change how a run goes. */
function guarded<T>(call: () => T): T | undefined {
  try {
    return call();
  } catch {
    return undefined;
  }
}

/** One hook made of several: each is called in turn; the first traceparent given is the attempt's. */
export function combineTelemetry(hooks: readonly EngineTelemetry[]): EngineTelemetry | undefined {
  if (hooks.length === 0) return undefined;
  return {
    execution(info) {
      const parts = hooks.flatMap((hook) => guarded(() => hook.execution(info)) ?? []);
      return combinedExecution(parts);
    },
    attach(gauges) {
      for (const hook of hooks) guarded(() => hook.attach?.(gauges));
    },
  };
}

function combinedExecution(parts: readonly ExecutionTelemetry[]): ExecutionTelemetry {
  return {
    stepAttempt(info) {
      const attempts = parts.flatMap((part) => guarded(() => part.stepAttempt(info)) ?? []);
      const traceparent = attempts.find((attempt) => attempt.traceparent !== undefined)?.traceparent;
      const combined: StepAttemptTelemetry = {
        traceparent,
        end(result) {
          for (const attempt of attempts) guarded(() => attempt.end(result));
        },
      };
      return combined;
    },
    end(result) {
      for (const part of parts) guarded(() => part.end(result));
    },
  };
}

/**
 * How an attempt that threw ended: `failed` with its code and masked message, except when its signal was aborted
 * for another reason than its timeout (the run was cancelled or stopped): `cancelled`.
 */
export function attemptFailure(error: unknown, signal: AbortSignal, mask: (text: string) => string): AttemptEnd {
  const timedOut = isWorkflowError(signal.reason) && signal.reason.code === ErrorCode.Timeout;
  if (signal.aborted && !timedOut) return { status: 'cancelled' };
  const cause = timedOut ? signal.reason : error;
  const code = isWorkflowError(cause) ? String(cause.code) : ErrorCode.StepFailed;
  const message = cause instanceof Error ? cause.message : String(cause);
  return { status: 'failed', error: { code, message: mask(message) } };
}

/** How a recorded execution ended (its error was masked before it was recorded); still `running`: interrupted. */
export function executionEnd(record: ExecutionRecord): ExecutionEnd {
  const { status, error } = record;
  if (status !== 'completed' && status !== 'failed' && status !== 'cancelled') return { status: 'interrupted' };
  return error ? { status, error: { code: String(error.code), message: error.message } } : { status };
}

/** The gauges of an engine over `store`; `sandboxPoolSize` defaults to 0 (no warm pool). */
export function engineGauges(store: ExecutionStore, sandboxPoolSize: () => number = () => 0): EngineGauges {
  return {
    async queuedExecutions() {
      let count = 0;
      // Waiting for a run slot (pending) or for a concurrency key (queued).
      for (const status of ['pending', 'queued'] as const) {
        let cursor: string | undefined;
        do {
          const page = await store.listExecutions({ status, limit: PAGE, ...(cursor ? { cursor } : {}) });
          count += page.items.length;
          cursor = page.next_cursor;
        } while (cursor && count < MAX_COUNTED_PENDING);
      }
      return count;
    },
    sandboxPoolSize,
  };
}
