// Wakes the waits of this process as soon as a decision for their step is recorded here (other processes poll).

const waiters = new Map<string, Set<() => void>>();

function keyOf(executionId: string, stepId: string): string {
  return `${executionId}\u0000${stepId}`;
}

/** Calls `wake` whenever a decision for the step is recorded in this process; returns the function that stops it. */
export function onDecisionRecorded(executionId: string, stepId: string, wake: () => void): () => void {
  const key = keyOf(executionId, stepId);
  const set = waiters.get(key) ?? new Set();
  set.add(wake);
  waiters.set(key, set);
  return () => {
    set.delete(wake);
    if (set.size === 0) waiters.delete(key);
  };
}

/** Tells the waits of the step in this process that a decision was recorded. */
export function decisionRecorded(executionId: string, stepId: string): void {
  for (const wake of waiters.get(keyOf(executionId, stepId)) ?? []) wake();
}
