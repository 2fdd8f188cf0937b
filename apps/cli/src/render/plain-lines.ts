// Non-TTY progress: one timestamped line per event as it happens (CI logs, pipes).
import type { WorkflowEvent } from '@skill/workflow-model';
import { StatusSymbol, type Style } from '../terminal-style.js';
import { formatClock, formatDuration } from './duration.js';
import type { RunView } from './run-view.js';
import { waitText } from './wait-text.js';

/** Longest error shown on an event line; the final report shows more. */
const MAX_LINE_ERROR = 500;

function oneLine(text: string, max = MAX_LINE_ERROR): string {
  const flat = text.replace(/\s*\n\s*/g, ' ⏎ ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** ` (attempt 2/3)` when the step may retry and `shown` says so, else nothing. */
function attemptSuffix(attempt: number, max: number, shown: boolean): string {
  return max > 1 && shown ? ` (attempt ${attempt}/${max})` : '';
}

/**
 * The lines for one event (already folded into `view`), without a trailing newline; empty for
 * events that print nothing (progress counts, output lines, loop-body steps, the workflow end).
 */
export function plainEventLines(event: WorkflowEvent, view: RunView, style: Style): string[] {
  const at = style.dim(`[${formatClock(event.timestamp)}]`);
  const line = (text: string) => [`${at} ${text}`];
  switch (event.type) {
    case 'workflow_started':
      return line(
        `${StatusSymbol.started} ${style.bold(event.workflow_name)} started (execution ${event.execution_id})`,
      );
    case 'step_progress': {
      const item = event.item;
      if (item?.status !== 'failed' || !view.isTopLevel(event.step_id)) return [];
      const error = item.error ? `: ${oneLine(item.error)}` : '';
      return line(`  ${style.red(StatusSymbol.failed)} ${event.step_id}[${item.index}] failed${error}`);
    }
    case 'workflow_queued':
      return line(
        style.yellow(`${StatusSymbol.pending} ${event.workflow_name} queued: ${oneLine(event.waiting_for.reason)}`),
      );
    case 'workflow_completed':
    case 'workflow_cancelled':
      return [];
  }
  if (!view.isTopLevel(event.step_id)) return [];
  const id = style.bold(event.step_id);
  const max = view.maxAttempts(event.step_id);
  switch (event.type) {
    case 'step_started':
      return line(`${StatusSymbol.started} ${id} started${attemptSuffix(event.attempt, max, event.attempt > 1)}`);
    case 'step_retrying':
      return line(
        `${style.yellow(StatusSymbol.retrying)} ${id} retrying in ${formatDuration(event.delay_ms)} (attempt ${event.next_attempt}/${max}): ${oneLine(event.error)}`,
      );
    case 'step_completed':
      return line(
        `${style.green(StatusSymbol.completed)} ${id} completed in ${formatDuration(event.duration_ms)}${attemptSuffix(event.attempt, max, event.attempt > 1)}`,
      );
    case 'step_cancelled':
      return line(`${style.yellow(StatusSymbol.cancelled)} ${id} cancelled: ${oneLine(event.reason ?? event.error)}`);
    case 'step_failed': {
      const tolerated = event.continue_on_error ? ' (continue_on_error)' : '';
      return line(
        `${style.red(StatusSymbol.failed)} ${id} failed after ${formatDuration(event.duration_ms)}${attemptSuffix(event.attempt, max, true)}${tolerated}: ${oneLine(event.error)}`,
      );
    }
    case 'step_skipped': {
      const symbol = event.status === 'cancelled' ? StatusSymbol.cancelled : StatusSymbol.skipped;
      return line(style.dim(`${symbol} ${event.step_id} ${event.status}: ${event.reason}`));
    }
    case 'step_waiting':
      return line(`${style.cyan(StatusSymbol.waiting)} ${id} ${oneLine(waitText(event.wait))}`);
    case 'step_decided':
      return line(`${StatusSymbol.started} ${id} ${event.decision} by ${oneLine(event.decided_by)}`);
  }
}
