// Cancel requests from other processes: while this engine runs executions, it asks the store every half second
// whether someone (another CLI, a server sharing the database) asked to cancel one of them.
import type { ExecutionStore } from '@skill/workflow-model';

/** How often a running engine looks for cancel requests. */
export const CANCEL_POLL_MS = 500;

/** Starts polling when the first execution starts; stops by itself when none runs. */
export interface CancelPoller {
  /** Call when an execution starts. */
  wake(): void;
}

/**
 * Polls `store.cancelRequests` for the ids `runningIds()` gives and calls `cancel(id, reason)` for each
 * requested one. Stores without cancel requests make this a no-op; a failing poll is retried on the next tick.
 */
export function createCancelPoller(
  store: ExecutionStore,
  runningIds: () => string[],
  cancel: (executionId: string, reason: string) => void,
  intervalMs = CANCEL_POLL_MS,
): CancelPoller {
  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    if (timer !== undefined || !store.cancelRequests || runningIds().length === 0) return;
    timer = setTimeout(poll, intervalMs);
    timer.unref(); // the executions keep the process alive, not the poller
  };
  const poll = async (): Promise<void> => {
    const ids = runningIds();
    try {
      if (ids.length > 0) for (const [id, reason] of (await store.cancelRequests?.(ids)) ?? []) cancel(id, reason);
    } catch {
      // the store is busy or away for a moment: the next tick asks again
    } finally {
      timer = undefined;
      schedule();
    }
  };
  return { wake: schedule };
}
