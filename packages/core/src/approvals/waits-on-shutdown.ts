// A wait outlives its engine: when an engine shuts down, the steps that were waiting stay `waiting` in the store
// (their `step_cancelled` is not recorded), so a decision can still be made before another engine resumes them.
import type { WorkflowEventBody } from '@skill/workflow-model';

/**
 * Returns a filter for an execution's events: false for the `step_cancelled` of a step that was waiting when
 * `stoppedByShutdown()` holds; true for everything else.
 */
export function keepWaitsOnShutdown(stoppedByShutdown: () => boolean): (body: WorkflowEventBody) => boolean {
  const waiting = new Set<string>();
  return (body) => {
    if (body.type === 'step_waiting') waiting.add(body.step_id);
    else if (body.type === 'step_cancelled' && waiting.has(body.step_id) && stoppedByShutdown()) return false;
    else if ('step_id' in body && body.type !== 'step_progress') waiting.delete(body.step_id);
    return true;
  };
}
