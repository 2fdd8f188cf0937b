// Text for `skill executions list` and `show`: aligned tables of executions and of one execution's steps.
import type { ExecutionRecord, StepRecord } from '@skill/workflow-model';
import type { Style } from '../terminal-style.js';
import { formatDateTime, formatDuration } from './duration.js';
import { compactValue } from './run-summary.js';
import { waitOf, waitText } from './wait-text.js';

/** Longest detail (output, error or reason) shown on a step row. */
export const MAX_DETAIL_CHARS = 120;

/** Pads each column to its widest cell (not the last) and joins with two spaces; `paint` styles padded cells. */
function alignRows(rows: string[][], paint: (row: number, column: number, padded: string) => string): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row, r) =>
    row
      .map((cell, i) => paint(r, i, i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** The colour of a status word. */
function statusPaint(status: string, style: Style): (text: string) => string {
  if (status === 'completed') return style.green;
  if (status === 'failed') return style.red;
  if (status === 'cancelled') return style.yellow;
  if (status === 'running' || status === 'waiting') return style.cyan;
  if (status === 'queued') return style.yellow;
  return (text) => text;
}

/** Bold header row; the status column coloured by its word. */
function tablePainter(statusColumn: number, style: Style) {
  return (row: number, column: number, padded: string): string => {
    if (row === 0) return style.bold(padded);
    return column === statusColumn ? statusPaint(padded.trim(), style)(padded) : padded;
  };
}

function durationText(ms: number | undefined): string {
  return ms === undefined ? '-' : formatDuration(ms);
}

/** The executions as an aligned table: ID, WORKFLOW, STATUS, STARTED, DURATION. */
export function executionListLines(records: readonly ExecutionRecord[], style: Style): string[] {
  const rows = [
    ['ID', 'WORKFLOW', 'STATUS', 'STARTED', 'DURATION'],
    ...records.map((r) => [
      r.id,
      r.workflow_name,
      r.status,
      formatDateTime(r.started_at ?? r.created_at),
      durationText(r.duration_ms),
    ]),
  ];
  return alignRows(rows, tablePainter(2, style));
}

/** A value on one line, newlines shown as `⏎`, cut after `max` characters. */
export function oneLineValue(value: unknown, max = MAX_DETAIL_CHARS): string {
  const flat = compactValue(value, Number.MAX_SAFE_INTEGER)
    .replace(/\s*\n\s*/g, ' ⏎ ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** What a step row says after its duration: the error, the reason, or the output. */
function stepDetail(step: StepRecord): string {
  if (step.status === 'failed') {
    const code = step.error_code ? `[${step.error_code}] ` : '';
    return `${code}${oneLineValue(step.error ?? step.reason ?? 'failed')}`;
  }
  if (step.reason) return oneLineValue(step.reason);
  if (step.status === 'waiting') return oneLineValue(waitText(waitOf(step)));
  if (step.status === 'completed' && step.output !== undefined && step.output !== '') return oneLineValue(step.output);
  return '';
}

/** The steps of an execution, those of the definition first (in its order), then any other records. */
export function orderedSteps(record: ExecutionRecord): StepRecord[] {
  const declared = record.definition?.steps.map((s) => s.id) ?? [];
  const ids = [...declared, ...Object.keys(record.steps).filter((id) => !declared.includes(id))];
  return ids.map((id) => record.steps[id] ?? { step_id: id, status: 'pending', attempts: 0, metadata: {} });
}

/** The header of `skill executions show`: one `Label  value` line per known fact. */
function headerLines(record: ExecutionRecord, style: Style): string[] {
  const facts: [string, string][] = [
    ['Execution', record.id],
    ['Workflow', record.workflow_name],
    ['Status', record.status],
    ['Started', formatDateTime(record.started_at ?? record.created_at)],
  ];
  if (record.finished_at) {
    facts.push(['Finished', `${formatDateTime(record.finished_at)} (${durationText(record.duration_ms)})`]);
  }
  if (Object.keys(record.inputs).length > 0) facts.push(['Inputs', oneLineValue(record.inputs, 500)]);
  if (record.retry_of) {
    const { execution_id, from, downstream } = record.retry_of;
    facts.push(['Retry of', `${execution_id} from step ${from}${downstream ? ' and downstream' : ' only'}`]);
  }
  if (record.parent) facts.push(['Parent', `${record.parent.execution_id} (step ${record.parent.step})`]);
  for (const child of record.children ?? []) {
    facts.push(['Child', `${child.execution_id} (step ${child.step}: ${child.workflow_name}, ${child.status})`]);
  }
  if (record.trusted === false) facts.push(['Trusted', 'no (created through the API or MCP)']);
  if (record.error) facts.push(['Error', `${record.error.code}: ${oneLineValue(record.error.message, 500)}`]);
  if (record.status === 'queued' && record.waiting_for)
    facts.push(['Waiting', oneLineValue(record.waiting_for.reason, 500)]);
  const width = Math.max(...facts.map(([label]) => label.length));
  return facts.map(([label, value]) => {
    const text = label === 'Status' ? statusPaint(value, style)(value) : value;
    return `${style.bold(label.padEnd(width))}  ${text}`;
  });
}

/** `skill executions show`: the header, a blank line, then STEP, STATUS, ATTEMPTS, DURATION, DETAIL rows. */
export function executionShowLines(record: ExecutionRecord, style: Style): string[] {
  const steps = orderedSteps(record);
  const rows = [
    ['STEP', 'STATUS', 'ATTEMPTS', 'DURATION', 'DETAIL'],
    ...steps.map((s) => [s.step_id, s.status, String(s.attempts), durationText(s.duration_ms), stepDetail(s)]),
  ];
  return [...headerLines(record, style), '', ...alignRows(rows, tablePainter(1, style))];
}
