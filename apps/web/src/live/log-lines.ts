// A step's log lines kept in event order: fetched lines merged with streamed ones, no line twice.
import type { WorkflowEvent } from '@skill/workflow-model';
import type { LogLine } from '../api.js';

/** The log line an event carries for step `stepId`, if it is one of its output lines. */
export function logLineOf(event: WorkflowEvent, stepId: string): LogLine | undefined {
  if (event.type !== 'step_progress' || event.step_id !== stepId || event.message === undefined) return undefined;
  return { seq: event.seq, timestamp: event.timestamp, stream: event.stream ?? 'stdout', message: event.message };
}

/** True when every line's seq is above `after` and above the previous line's. */
function isAscendingAfter(after: number, lines: readonly LogLine[]): boolean {
  let last = after;
  for (const line of lines) {
    if (line.seq <= last) return false;
    last = line.seq;
  }
  return true;
}

/** `existing` and `incoming` in `seq` order, each seq once (`existing` is already in order). */
export function mergeLogLines(existing: readonly LogLine[], incoming: readonly LogLine[]): LogLine[] {
  if (incoming.length === 0) return existing as LogLine[];
  if (isAscendingAfter(existing.at(-1)?.seq ?? 0, incoming)) return [...existing, ...incoming];
  const bySeq = new Map<number, LogLine>();
  for (const line of existing) bySeq.set(line.seq, line);
  for (const line of incoming) if (!bySeq.has(line.seq)) bySeq.set(line.seq, line);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
