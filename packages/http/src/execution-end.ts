// Waiting, with a deadline, for an execution's terminal event (used after a cancel request).
import type { Engine } from '@skill/workflow-core';
import { isTerminalEvent } from '@skill/workflow-model';

/**
 * Resolves true once the execution's terminal event (with `seq > since`) is recorded, false after
 * `timeoutMs` or when the execution cannot be watched.
 */
export async function waitForTerminalEvent(
  engine: Engine,
  executionId: string,
  since: number,
  timeoutMs: number,
): Promise<boolean> {
  let unsubscribe: (() => void) | undefined;
  let settled = false;
  let timer: NodeJS.Timeout | undefined;
  const result = await new Promise<boolean>((resolve) => {
    const finish = (ended: boolean): void => {
      if (settled) return;
      settled = true;
      resolve(ended);
    };
    timer = setTimeout(() => finish(false), timeoutMs);
    engine
      .watch(executionId, (event) => (isTerminalEvent(event) ? finish(true) : undefined), { since })
      .then(
        (stop) => {
          if (settled) stop();
          else unsubscribe = stop;
        },
        () => finish(false),
      );
  });
  clearTimeout(timer);
  // A subscription that arrives after the result stops itself (see above).
  unsubscribe?.();
  return result;
}
