// followExecution(): one execution's events as an async iterator - stored ones after `since`, then live ones - that
// ends after its terminal event, also for executions another process sharing the store runs.
import {
  type ExecutionStore,
  isTerminalEvent,
  isTerminalExecutionStatus,
  WorkflowError,
  type WorkflowEvent,
} from '@skill/workflow-model';
import type { FollowOptions } from './engine-types.js';
import { isAbandoned } from './execution-owner.js';

/** How often the store is read for an execution that another process runs. */
const FOLLOW_POLL_MS = 250;
/** How often, at most, a quiet execution run elsewhere is checked for a process that is gone. */
const LIVENESS_CHECK_MS = 1_000;

/** What following needs from the engine. */
export interface FollowSource {
  store: ExecutionStore;
  /** Live events of an execution run by this engine (announced after they are stored); returns the unsubscribe. */
  subscribe(executionId: string, listener: (event: WorkflowEvent) => void): () => void;
  /** True while this engine runs the execution (its events arrive live). */
  isRunningHere(executionId: string): boolean;
}

/** The live events after `last` when they follow it without a gap; undefined when the store must fill one. */
function inOrder(live: WorkflowEvent[], last: number): WorkflowEvent[] | undefined {
  const events = live.splice(0).filter((event) => event.seq > last);
  return events.every((event, i) => event.seq === last + 1 + i) ? events : undefined;
}

/** Whether an execution run elsewhere that sent nothing new is over, has more to read, or may still send. */
async function stateAfter(store: ExecutionStore, executionId: string, last: number, checkOwner: boolean) {
  const record = await store.getExecution(executionId);
  if (!record) return 'over';
  if (isTerminalExecutionStatus(record.status)) return record.last_seq > last ? 'more' : 'over';
  return checkOwner && (await isAbandoned(store, record)) ? 'over' : 'waiting';
}

/**
 * Yields the execution's events with `seq > since` in order, each once, and returns after its terminal event
 * (`workflow_completed`, `workflow_cancelled`), when it ended before `since`, when the process running it is gone
 * (interrupted: nothing more will come until it is resumed), or when `signal` aborts. Breaking out of the loop
 * stops following. Throws `EXECUTION_NOT_FOUND` for an unknown id (on the first step of the iteration).
 */
export async function* followExecution(
  source: FollowSource,
  executionId: string,
  options: FollowOptions = {},
): AsyncGenerator<WorkflowEvent, void, undefined> {
  const { store } = source;
  const { signal } = options;
  if (!(await store.getExecution(executionId))) {
    throw new WorkflowError('EXECUTION_NOT_FOUND', `execution ${executionId} not found`);
  }
  let last = options.since ?? 0;
  const live: WorkflowEvent[] = [];
  let wake: (() => void) | undefined;
  const nudge = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const unsubscribe = source.subscribe(executionId, (event) => {
    live.push(event);
    nudge();
  });
  signal?.addEventListener('abort', nudge);
  let readStore = true; // first the stored events after `since`
  let rereads = 0;
  let ownerCheckedAt = Number.NEGATIVE_INFINITY;
  try {
    while (!signal?.aborted) {
      const fresh = inOrder(live, last);
      const batch = readStore || !fresh ? await store.listEvents(executionId, last) : fresh;
      readStore = false;
      for (const event of batch) {
        if (event.seq <= last) continue;
        last = event.seq;
        yield event;
        if (isTerminalEvent(event) || signal?.aborted) return;
      }
      if (live.length > 0) continue;
      if (batch.length === 0 && !source.isRunningHere(executionId)) {
        const checkOwner = Date.now() - ownerCheckedAt >= LIVENESS_CHECK_MS;
        if (checkOwner) ownerCheckedAt = Date.now();
        const state = await stateAfter(store, executionId, last, checkOwner);
        if (state === 'over') return;
        // Events stored between the two reads: read again at once (a bounded number of times).
        if (state === 'more' && rereads < 3) {
          rereads += 1;
          readStore = true;
          continue;
        }
      }
      rereads = 0;
      if (signal?.aborted || live.length > 0) continue;
      const timedOut = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          wake = undefined;
          resolve(true);
        }, FOLLOW_POLL_MS);
        wake = () => {
          clearTimeout(timer);
          resolve(false);
        };
      });
      readStore = timedOut && !source.isRunningHere(executionId);
    }
  } finally {
    wake = undefined;
    unsubscribe();
    signal?.removeEventListener('abort', nudge);
  }
}
