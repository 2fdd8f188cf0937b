// At shutdown, executions that only wait (an approval, a sleep: nothing running) stop at once instead of holding the
// shutdown for its grace period: their waits are in the store and the next engine resumes them.
import type { ExecutionStore } from '@skill/workflow-model';
import type { RunningExecution } from '../engine-context.js';

/** Aborts with `reason` every execution of `running` whose stored steps wait and none runs. */
export async function stopIdleWaits(
  store: ExecutionStore,
  running: ReadonlyMap<string, RunningExecution>,
  reason: unknown,
): Promise<void> {
  await Promise.all(
    [...running].map(async ([id, entry]) => {
      const record = await store.getExecution(id).catch(() => undefined);
      const statuses = Object.values(record?.steps ?? {}).map((step) => step.status);
      if (statuses.includes('waiting') && !statuses.includes('running')) entry.controller.abort(reason);
    }),
  );
}
