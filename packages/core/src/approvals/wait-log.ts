// What an execution's event log says about one waiting step: when its wait began (and its deadline) and the decision.
import type { ExecutionStore, WorkflowEventOf } from '@skill/workflow-model';

/** The first `step_waiting` of the step (a resumed wait keeps its start and deadline) and its first decision. */
export interface WaitLog {
  waiting?: WorkflowEventOf<'step_waiting'>;
  /** The first `step_decided` of the step: the one that counts. */
  decision?: WorkflowEventOf<'step_decided'>;
  /** The last seq read (poll from there). */
  lastSeq: number;
}

/** Reads the wait of `stepId` from the log, from `since` on (all of it by default) into `into`. */
export async function readWaitLog(
  store: ExecutionStore,
  executionId: string,
  stepId: string,
  into: WaitLog = { lastSeq: 0 },
): Promise<WaitLog> {
  for (const event of await store.listEvents(executionId, into.lastSeq)) {
    into.lastSeq = event.seq;
    if (!('step_id' in event) || event.step_id !== stepId) continue;
    if (event.type === 'step_waiting') into.waiting ??= event;
    else if (event.type === 'step_decided') into.decision ??= event;
  }
  return into;
}
