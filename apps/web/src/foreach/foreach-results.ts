// Reads a foreach step's per-item results and counts out of its (untyped) record metadata.
import type { ForeachItemResult, StepRecord } from '@skill/workflow-model';

/** Per-item results and counts of a foreach step. */
export interface ForeachSummary {
  results: ForeachItemResult[];
  total: number;
  completed: number;
  failed: number;
}

function isResult(value: unknown): value is ForeachItemResult {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.index === 'number' && typeof v.status === 'string';
}

function count(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** The summary of `record`, from `metadata.results`/`total`/`completed`/`failed`, falling back to live progress. */
export function foreachSummary(record: StepRecord | undefined): ForeachSummary {
  const meta = record?.metadata ?? {};
  const raw = Array.isArray(meta.results) ? meta.results : [];
  const results = raw.filter(isResult);
  const progress = record?.progress;
  const completedHere = results.filter((r) => r.status === 'completed').length;
  const failedHere = results.filter((r) => r.status === 'failed').length;
  return {
    results,
    total: count(meta.total, progress?.total ?? results.length),
    completed: count(meta.completed, progress?.completed ?? completedHere),
    failed: count(meta.failed, progress?.failed ?? failedHere),
  };
}

/** A one-line preview of an item, at most `max` characters (`…` while only its live status is known). */
export function previewOf(item: unknown, max = 60): string {
  if (item === undefined) return '…';
  let text: string;
  try {
    text = typeof item === 'string' ? item : (JSON.stringify(item) ?? String(item));
  } catch {
    text = String(item);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The rows [first, last) to render for a scroll offset, with `overscan` extra rows on each side. */
export function visibleWindow(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  count: number,
  overscan = 5,
): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}
