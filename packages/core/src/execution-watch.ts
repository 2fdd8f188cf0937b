// watch(): follow one execution's events - stored ones after `since`, then live ones - with no gap or duplicate.
import {
  type ExecutionStore,
  isTerminalEvent,
  isTerminalExecutionStatus,
  WorkflowError,
  type WorkflowEvent,
} from '@skill/workflow-model';

const POLL_MS = 250;

/** What watch needs from the engine. */
export interface WatchSource {
  store: ExecutionStore;
  /** Live events of an execution run by this engine; returns the unsubscribe function. */
  subscribe(executionId: string, listener: (event: WorkflowEvent) => void): () => void;
  /** True when this engine is running the execution (its events arrive live). */
  isRunningHere(executionId: string): boolean;
}

/**
 * Delivers the execution's events with `seq > since` to `listener` in order. Executions run by another
 * process sharing the store are followed by polling the store until they finish.
 */
export async function watchExecution(
  source: WatchSource,
  executionId: string,
  listener: (event: WorkflowEvent) => void,
  since = 0,
): Promise<() => void> {
  const record = await source.store.getExecution(executionId);
  if (!record) throw new WorkflowError('EXECUTION_NOT_FOUND', `execution ${executionId} not found`);
  let last = since;
  let finished = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  const deliver = (event: WorkflowEvent): void => {
    if (closed || event.seq <= last) return;
    last = event.seq;
    if (isTerminalEvent(event)) finished = true;
    listener(event);
  };
  let buffer: WorkflowEvent[] | undefined = [];
  const unsubscribe = source.subscribe(executionId, (event) => {
    if (buffer) buffer.push(event);
    else deliver(event);
  });
  for (const event of await source.store.listEvents(executionId, since)) deliver(event);
  const live = buffer;
  buffer = undefined;
  for (const event of live) deliver(event);

  const poll = async (): Promise<void> => {
    if (closed || finished) return;
    if (!source.isRunningHere(executionId)) {
      for (const event of await source.store.listEvents(executionId, last)) deliver(event);
      const current = await source.store.getExecution(executionId);
      if (current && isTerminalExecutionStatus(current.status) && current.last_seq <= last) return;
    }
    if (!closed && !finished) timer = setTimeout(() => void poll(), POLL_MS);
  };
  if (!finished && !isTerminalExecutionStatus(record.status)) {
    timer = setTimeout(() => void poll(), POLL_MS);
  }
  return () => {
    closed = true;
    clearTimeout(timer);
    unsubscribe();
  };
}
