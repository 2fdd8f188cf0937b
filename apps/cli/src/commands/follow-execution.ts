// Follows one recorded execution through engine.watch until it ends: stored events first, then live ones.
import type { Engine } from '@skill/workflow-core';
import {
  type ExecutionRecord,
  isTerminalEvent,
  isTerminalExecutionStatus,
  WorkflowError,
  type WorkflowEvent,
} from '@skill/workflow-model';

/** How often the record is re-read in case the end event never comes (the execution's engine died). */
const CHECK_MS = 1000;

/** Options of {@link followExecution}. */
export interface FollowOptions {
  /** Deliver only events with a greater `seq`. */
  since?: number;
  /** Stop following early (Ctrl-C): resolves with `undefined` then. */
  signal?: AbortSignal;
}

/**
 * Delivers the execution's events with `seq > since` to `onEvent`, in order and once each, until the execution
 * has ended and every event was delivered; resolves with the final record. Throws `EXECUTION_NOT_FOUND`.
 */
export async function followExecution(
  engine: Engine,
  executionId: string,
  onEvent: (event: WorkflowEvent) => void,
  options: FollowOptions = {},
): Promise<ExecutionRecord | undefined> {
  let last = options.since ?? 0;
  let wake: () => void = () => {};
  let ended = false;
  const deliver = (event: WorkflowEvent): void => {
    if (event.seq <= last) return;
    last = event.seq;
    onEvent(event);
    if (isTerminalEvent(event)) {
      ended = true;
      wake();
    }
  };
  const stop = await engine.watch(executionId, deliver, { since: last });
  const onAbort = () => wake();
  options.signal?.addEventListener('abort', onAbort);
  try {
    while (!options.signal?.aborted) {
      const record = await engine.getExecution(executionId);
      if (!record) throw new WorkflowError('EXECUTION_NOT_FOUND', `execution ${executionId} not found`);
      if (ended || isTerminalExecutionStatus(record.status)) {
        for (const event of await engine.listEvents(executionId, last)) deliver(event);
        return (await engine.getExecution(executionId)) ?? record;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, CHECK_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = () => {};
    }
    return undefined;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    stop();
  }
}
