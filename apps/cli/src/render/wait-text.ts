// What a waiting step waits for, in one line: "waiting for approval: <message>" or "sleeping until <time>".
import type { StepRecord, StepWait } from '@skill/workflow-model';

/** The line for a wait; `until` times in UTC, as recorded. */
export function waitText(wait: StepWait | undefined): string {
  if (wait?.kind === 'sleep') return `sleeping until ${wait.until ?? '?'}`;
  const deadline = wait?.until ? ` (until ${wait.until}, then ${wait.on_timeout ?? 'reject'})` : '';
  return `waiting for approval${wait?.message ? `: ${wait.message.split('\n', 1)[0]}` : ''}${deadline}`;
}

/** The wait a waiting step's record describes (its `metadata.waiting`). */
export function waitOf(record: Pick<StepRecord, 'metadata'>): StepWait | undefined {
  const waiting = record.metadata?.waiting;
  return waiting !== null && typeof waiting === 'object' ? (waiting as StepWait) : undefined;
}
