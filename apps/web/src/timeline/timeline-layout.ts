// Gantt maths: each step's bar (start offset and width in %) within the execution's time span.
import type { StepRecord } from '@skill/workflow-model';

/** One step's bar: `left`/`width` in percent of the span, undefined when the step never started. */
export interface TimelineBar {
  id: string;
  status: StepRecord['status'];
  left?: number;
  width?: number;
  durationMs?: number;
}

const time = (iso: string | undefined): number | undefined => {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
};

/** Bars for `ids` (in order), scaled from the execution's start to its end (or `now` while running). */
export function timelineBars(
  ids: string[],
  steps: Record<string, StepRecord>,
  span: { started_at?: string | undefined; finished_at?: string | undefined },
  now: number,
): { bars: TimelineBar[]; spanMs: number } {
  const starts = ids.map((id) => time(steps[id]?.started_at)).filter((t): t is number => t !== undefined);
  const ends = ids.map((id) => time(steps[id]?.finished_at)).filter((t): t is number => t !== undefined);
  const start = Math.min(time(span.started_at) ?? Number.POSITIVE_INFINITY, ...starts);
  const end = Math.max(time(span.finished_at) ?? now, ...ends);
  const spanMs = Number.isFinite(start) ? Math.max(end - start, 1) : 0;
  const bars = ids.map((id): TimelineBar => {
    const step = steps[id];
    const status = step?.status ?? 'pending';
    const s = time(step?.started_at);
    if (s === undefined || spanMs === 0) return { id, status };
    const e = time(step?.finished_at) ?? now;
    const left = ((s - start) / spanMs) * 100;
    const width = Math.max(((Math.max(e, s) - s) / spanMs) * 100, 0.5);
    return {
      id,
      status,
      left,
      width: Math.min(width, 100 - left),
      durationMs: step?.duration_ms ?? Math.max(e - s, 0),
    };
  });
  return { bars, spanMs };
}
