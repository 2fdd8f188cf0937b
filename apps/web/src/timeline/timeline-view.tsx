// The Timeline (Gantt) tab: one bar per top-level step from start to finish, coloured by status; click opens the step.
import type { ExecutionRecord } from '@skill/workflow-model';
import { useEffect, useState } from 'react';
import { formatDuration } from '../states.js';
import { timelineBars } from './timeline-layout.js';

/** The Gantt chart of `record`'s top-level steps. */
export function TimelineView({
  record,
  selected,
  onOpen,
}: {
  record: ExecutionRecord;
  selected?: string;
  onOpen: (stepId: string) => void;
}) {
  const running = record.status === 'running' || record.status === 'pending';
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [running]);
  const ids = record.definition ? record.definition.steps.map((s) => s.id) : Object.keys(record.steps);
  const { bars, spanMs } = timelineBars(ids, record.steps, record, now);

  return (
    <div className="timeline" data-testid="timeline" data-span-ms={spanMs}>
      <div className="timeline-axis">
        <span>0</span>
        <span>{formatDuration(spanMs)}</span>
      </div>
      {bars.map((bar) => (
        <div key={bar.id} className="timeline-row" data-testid={`timeline-row-${bar.id}`}>
          <span className="timeline-label">
            <code>{bar.id}</code>
          </span>
          <div className="timeline-track">
            {bar.left !== undefined && bar.width !== undefined ? (
              <button
                type="button"
                className={`timeline-bar status-${bar.status}${selected === bar.id ? ' timeline-bar-selected' : ''}`}
                style={{ left: `${bar.left}%`, width: `${bar.width}%` }}
                onClick={() => onOpen(bar.id)}
                data-testid={`timeline-bar-${bar.id}`}
                data-status={bar.status}
                aria-label={`step ${bar.id}, ${bar.status}, ${formatDuration(bar.durationMs)}`}
                title={`${bar.id} · ${bar.status} · ${formatDuration(bar.durationMs)}`}
              />
            ) : (
              <span className="timeline-none muted">{bar.status}</span>
            )}
          </div>
          <span className="timeline-duration" data-testid={`timeline-duration-${bar.id}`}>
            {formatDuration(bar.durationMs)}
          </span>
        </div>
      ))}
    </div>
  );
}
