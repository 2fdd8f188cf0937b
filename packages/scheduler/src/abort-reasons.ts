// Why a scope was aborted (cancel, stop, timeouts) carried as the AbortSignal's reason, and linked controllers.
import { setMaxListeners } from 'node:events';
import { ErrorCode, isWorkflowError, WorkflowError } from '@skill/workflow-model';

/** How steps that never started are recorded when their scope halts. */
export type SkipStatus = 'skipped' | 'cancelled';

/** What a halted scope records on its steps. */
export interface HaltInfo {
  code: string;
  message: string;
  skipStatus: SkipStatus;
}

/** An abort reason: a `WorkflowError` (so executors see a readable error) that says how to record steps. */
export function haltError(code: string, message: string, skipStatus: SkipStatus): WorkflowError {
  return new WorkflowError(code, message, { retryable: false, skipStatus });
}

const CANCELLED: HaltInfo = { code: ErrorCode.Cancelled, message: 'execution cancelled', skipStatus: 'cancelled' };

/** Reads back what {@link haltError} put in a signal's reason; anything else counts as a cancellation. */
export function haltInfo(reason: unknown): HaltInfo {
  if (isWorkflowError(reason)) {
    const skip = reason.details.skipStatus === 'cancelled' ? 'cancelled' : 'skipped';
    return { code: String(reason.code), message: reason.message, skipStatus: skip };
  }
  return CANCELLED;
}

/** A new AbortController without the listener-count warning (many leaves listen to one scope signal). */
export function newController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** A controller aborted (with the same reason) when `parent` aborts; call `unlink` once it is no longer needed. */
export function linkedController(parent: AbortSignal): { controller: AbortController; unlink: () => void } {
  const controller = newController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { controller, unlink: noop };
  }
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { controller, unlink: () => parent.removeEventListener('abort', onAbort) };
}

function noop(): void {}
