// Levels of a large graph as summaries: step counts by status, a dominant status, and whether a level starts open.
import type { StepRecord, StepStatus } from '@skill/workflow-model';

/** The order statuses are listed in, and the first present one colours the level. */
const STATUS_ORDER: readonly StepStatus[] = [
  'failed',
  'running',
  'waiting',
  'pending',
  'cancelled',
  'completed',
  'skipped',
];

/** One level of the graph (level 1 holds the steps without dependencies). */
export interface LevelSummary {
  /** 1-based: what people read ("level 7"). */
  level: number;
  size: number;
  /** Counts by status, most urgent first; empty when the graph has no execution records. */
  counts: [StepStatus, number][];
  /** The most urgent status present, or 'none' without records. */
  status: StepStatus | 'none';
  /** Whether the level is open unless the reader chose otherwise: running or failed steps, or the selected one. */
  startsExpanded: boolean;
}

/** Summarises the steps `stepIds` (level `level`, 1-based) against the execution's `records`. */
export function summarizeLevel(
  level: number,
  stepIds: readonly string[],
  records: Record<string, StepRecord> | undefined,
  selected?: string,
): LevelSummary {
  const tally = new Map<StepStatus, number>();
  let holdsSelected = false;
  for (const id of stepIds) {
    if (id === selected) holdsSelected = true;
    if (!records) continue;
    const status = records[id]?.status ?? 'pending';
    tally.set(status, (tally.get(status) ?? 0) + 1);
  }
  const counts = STATUS_ORDER.filter((s) => tally.has(s)).map((s): [StepStatus, number] => [s, tally.get(s) ?? 0]);
  return {
    level,
    size: stepIds.length,
    counts,
    status: counts[0]?.[0] ?? 'none',
    startsExpanded: holdsSelected || tally.has('running') || tally.has('waiting') || tally.has('failed'),
  };
}

/** "level 7: 50 steps — 48 completed, 2 running". */
export function levelSummaryText(summary: LevelSummary): string {
  const head = `level ${summary.level}: ${summary.size} ${summary.size === 1 ? 'step' : 'steps'}`;
  if (summary.counts.length === 0) return head;
  return `${head} — ${summary.counts.map(([status, n]) => `${n} ${status}`).join(', ')}`;
}
