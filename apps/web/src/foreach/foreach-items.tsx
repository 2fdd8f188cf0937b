// A foreach step's items: counts, a status filter and a windowed (virtualised) list that copes with thousands of rows.
import type { ForeachItemResult } from '@skill/workflow-model';
import { useMemo, useState } from 'react';
import { navigate, pathOf } from '../router.js';
import { StatusBadge } from '../states.js';
import { type ForeachSummary, previewOf, visibleWindow } from './foreach-results.js';

/** Fixed row height (px) the window maths relies on. */
export const ITEM_ROW_HEIGHT = 30;
const VIEWPORT_HEIGHT = 300;

function ItemRow({ result, top, onOpen }: { result: ForeachItemResult; top: number; onOpen: () => void }) {
  return (
    <button
      type="button"
      className="foreach-item"
      style={{ top, height: ITEM_ROW_HEIGHT }}
      onClick={onOpen}
      data-testid={`foreach-item-${result.index}`}
      data-status={result.status}
      title={result.error ?? previewOf(result.item, 200)}
    >
      <span className="foreach-item-index">#{result.index}</span>
      <span className="foreach-item-preview">{previewOf(result.item)}</span>
      <StatusBadge status={result.status} />
      {result.error !== undefined && <span className="foreach-item-error">{previewOf(result.error, 40)}</span>}
    </button>
  );
}

/** The items list of foreach step `stepId`. */
export function ForeachItems({
  executionId,
  stepId,
  summary,
}: {
  executionId: string;
  stepId: string;
  summary: ForeachSummary;
}) {
  const [filter, setFilter] = useState('all');
  const [scrollTop, setScrollTop] = useState(0);
  const statuses = useMemo(() => [...new Set(summary.results.map((r) => r.status))].sort(), [summary.results]);
  const shown = useMemo(
    () => (filter === 'all' ? summary.results : summary.results.filter((r) => r.status === filter)),
    [summary.results, filter],
  );
  const { first, last } = visibleWindow(scrollTop, VIEWPORT_HEIGHT, ITEM_ROW_HEIGHT, shown.length);
  const open = (index: number) => navigate(pathOf('executions', executionId, 'steps', stepId, 'items', String(index)));

  return (
    <section className="foreach-items" data-testid="foreach-items">
      <h3>Items</h3>
      <p className="foreach-counts" data-testid="foreach-counts">
        <span data-testid="foreach-completed">{summary.completed}</span> completed ·{' '}
        <span data-testid="foreach-failed">{summary.failed}</span> failed ·{' '}
        <span data-testid="foreach-total">{summary.total}</span> total
      </p>
      {summary.results.length === 0 ? (
        <p className="muted" data-testid="foreach-items-empty">
          No per-item results yet.
        </p>
      ) : (
        <>
          <label className="foreach-filter">
            Status{' '}
            <select
              value={filter}
              onChange={(e) => {
                setFilter(e.target.value);
                setScrollTop(0);
              }}
              data-testid="foreach-filter"
            >
              <option value="all">all ({summary.results.length})</option>
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {s} ({summary.results.filter((r) => r.status === s).length})
                </option>
              ))}
            </select>
          </label>
          <div
            className="foreach-viewport"
            style={{ height: Math.min(VIEWPORT_HEIGHT, Math.max(shown.length, 1) * ITEM_ROW_HEIGHT + 2) }}
            onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
            data-testid="foreach-viewport"
            data-rows={shown.length}
          >
            <div className="foreach-canvas" style={{ height: shown.length * ITEM_ROW_HEIGHT }}>
              {shown.slice(first, last).map((result, i) => (
                <ItemRow
                  key={result.index}
                  result={result}
                  top={(first + i) * ITEM_ROW_HEIGHT}
                  onOpen={() => open(result.index)}
                />
              ))}
            </div>
          </div>
        </>
      )}
    </section>
  );
}
