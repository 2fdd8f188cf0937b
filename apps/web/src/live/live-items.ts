// Folds a live foreach `step_progress` item into the step's `metadata.results` until the final metadata arrives.
import type { ExecutionRecord, ForeachItemResult, StepStatus, WorkflowEvent } from '@skill/workflow-model';

/** `metadata` with item `item` (index, status, error) recorded in `results`, replacing any same-index entry. */
export function withLiveItem(
  metadata: Record<string, unknown>,
  item: { index: number; status: string; error?: string },
): Record<string, unknown> {
  const old = Array.isArray(metadata.results) ? (metadata.results as ForeachItemResult[]) : [];
  const entry: ForeachItemResult = {
    index: item.index,
    item: undefined,
    status: item.status as StepStatus,
    ...(item.error !== undefined ? { error: item.error } : {}),
  };
  const at = old.findIndex((r) => r.index === item.index);
  const results = at === -1 ? [...old, entry] : old.map((r, i) => (i === at ? { ...r, ...entry, item: r.item } : r));
  if (at === -1 && old.length > 0 && (old.at(-1)?.index ?? 0) > item.index) results.sort((a, b) => a.index - b.index);
  return { ...metadata, results };
}

/** `record` with the items of its running foreach steps recorded before it was loaded (from `events`). */
export function backfillLiveItems(record: ExecutionRecord, events: WorkflowEvent[]): ExecutionRecord {
  let steps = record.steps;
  for (const event of events) {
    if (event.type !== 'step_progress' || !event.item) continue;
    const step = steps[event.step_id];
    if (step?.status !== 'running') continue;
    steps = { ...steps, [event.step_id]: { ...step, metadata: withLiveItem(step.metadata, event.item) } };
  }
  return steps === record.steps ? record : { ...record, steps };
}
