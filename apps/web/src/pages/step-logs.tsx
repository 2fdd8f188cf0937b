// A step's log lines: fetched once when the panel opens, then appended live from the execution's event stream.
import { useEffect, useState } from 'react';
import { ApiError, api, type LogLine } from '../api.js';
import { logLineOf, mergeLogLines } from '../live/log-lines.js';
import type { SubscribeToEvents } from '../live/use-execution.js';

/** The output lines of step `stepId`, live while `subscribe` streams the execution's events. */
export function StepLogs({
  executionId,
  stepId,
  subscribe,
}: {
  executionId: string;
  stepId: string;
  subscribe: SubscribeToEvents;
}) {
  const [lines, setLines] = useState<LogLine[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let stopped = false;
    // Lines streamed before the fetch answers wait here; the merge drops those the fetch also has.
    let early: LogLine[] | undefined = [];
    setLines(undefined);
    setError(undefined);
    const unsubscribe = subscribe((event) => {
      const line = logLineOf(event, stepId);
      if (!line) return;
      if (early) early.push(line);
      else setLines((old) => mergeLogLines(old ?? [], [line]));
    });
    api.stepLogs(executionId, stepId).then(
      ({ lines: fetched }) => {
        if (stopped) return;
        const streamed = early ?? [];
        early = undefined;
        setLines(mergeLogLines(fetched, streamed));
      },
      (failure: unknown) => {
        if (stopped) return;
        const streamed = early ?? [];
        early = undefined;
        setLines((old) => mergeLogLines(old ?? [], streamed));
        setError(failure instanceof ApiError ? failure.message : String(failure));
      },
    );
    return () => {
      stopped = true;
      unsubscribe();
    };
  }, [executionId, stepId, subscribe]);

  if (error && !lines?.length) return <p className="field-error">Logs unavailable: {error}</p>;
  if (!lines) return <p className="muted">Loading logs…</p>;
  if (lines.length === 0)
    return (
      <p className="muted" data-testid="step-logs-empty">
        No log lines.
      </p>
    );
  return (
    <pre className="logs" data-testid="step-logs" data-lines={lines.length}>
      {lines.map((line) => (
        <span key={line.seq} className={`log-${line.stream}`}>
          {line.message}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
