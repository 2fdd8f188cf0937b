// The end of a run on the terminal: the summary line, the errors of failed steps, the final outputs.
import { workflowGraph } from '@skill/workflow-core';
import type { ExecutionRecord, StepRecord, StepStatus, WorkflowDefinition } from '@skill/workflow-model';
import { StatusSymbol, type Style } from '../terminal-style.js';
import { formatDuration } from './duration.js';

/** Longest value or error text printed, in characters. */
export const MAX_VALUE_CHARS = 2048;
const MAX_ITEM_ERRORS = 5;

/** A value on one line (strings raw, the rest as compact JSON), cut after `max` characters. */
export function compactValue(value: unknown, max = MAX_VALUE_CHARS): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

/** Indents every line after the first by `indent` spaces. */
function hang(text: string, indent: number): string {
  return text.replace(/\n/g, `\n${' '.repeat(indent)}`);
}

function stepRecords(record: ExecutionRecord, definition: WorkflowDefinition): StepRecord[] {
  return definition.steps.map(
    (s) => record.steps[s.id] ?? { step_id: s.id, status: 'pending', attempts: 0, metadata: {} },
  );
}

/** `3 completed, 1 failed, 1 skipped` over the top-level steps (zero counts left out). */
export function statusCounts(record: ExecutionRecord, definition: WorkflowDefinition): string {
  const order: StepStatus[] = ['completed', 'failed', 'skipped', 'cancelled', 'running', 'pending'];
  const counts = new Map<StepStatus, number>();
  for (const step of stepRecords(record, definition)) counts.set(step.status, (counts.get(step.status) ?? 0) + 1);
  const parts = order.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s === 'pending' ? 'not run' : s}`);
  return parts.join(', ');
}

/** `✓ hello completed in 1.2s (3 completed, 1 skipped)`, or failed/cancelled with the reason. */
export function summaryLine(record: ExecutionRecord, definition: WorkflowDefinition, style: Style): string {
  const took = formatDuration(record.duration_ms ?? 0);
  const counts = statusCounts(record, definition);
  const name = style.bold(record.workflow_name);
  if (record.status === 'completed') {
    return `${style.green(StatusSymbol.completed)} ${name} completed in ${took} (${counts})`;
  }
  if (record.status === 'cancelled') {
    const reason = record.error?.message ? `: ${record.error.message}` : '';
    return `${style.yellow(StatusSymbol.cancelled)} ${name} cancelled after ${took} (${counts})${reason}`;
  }
  if (record.status === 'skipped') {
    return `${style.yellow(StatusSymbol.skipped)} ${name} skipped: ${record.error?.message ?? 'its concurrency key was taken'}`;
  }
  return `${style.red(StatusSymbol.failed)} ${name} ${record.status} after ${took} (${counts})`;
}

function itemErrors(step: StepRecord): string[] {
  const results = step.metadata.results;
  if (!Array.isArray(results)) return [];
  const failed = results.filter(
    (r): r is { index: number; error?: string } =>
      typeof r === 'object' && r !== null && (r as { status?: unknown }).status === 'failed',
  );
  const lines = failed
    .slice(0, MAX_ITEM_ERRORS)
    .map((r) => `    item ${r.index}: ${hang(compactValue(r.error ?? 'failed', 500), 6)}`);
  if (failed.length > MAX_ITEM_ERRORS) lines.push(`    … and ${failed.length - MAX_ITEM_ERRORS} more failed items`);
  return lines;
}

/** One block per failed top-level step (error, attempts, failed foreach items); the workflow error otherwise. */
export function failureLines(record: ExecutionRecord, definition: WorkflowDefinition, style: Style): string[] {
  const lines: string[] = [];
  for (const step of definition.steps) {
    const rec = record.steps[step.id];
    if (rec?.status !== 'failed') continue;
    const max = step.retry.max_attempts;
    const attempt = max > 1 ? ` (attempt ${rec.attempts}/${max})` : '';
    const code = rec.error_code ? style.dim(` [${rec.error_code}]`) : '';
    const error = hang(compactValue(rec.error ?? rec.reason ?? 'failed'), 4);
    lines.push(`${style.red(StatusSymbol.failed)} ${style.bold(step.id)} failed${attempt}${code}: ${error}`);
    lines.push(...itemErrors(rec));
  }
  if (lines.length === 0 && record.status === 'failed' && record.error) {
    lines.push(
      `${style.red(StatusSymbol.failed)} ${record.error.code}: ${hang(compactValue(record.error.message), 4)}`,
    );
  }
  return lines;
}

/** `Outputs:` and the output of each completed step of the last level, compact and truncated. */
export function outputLines(record: ExecutionRecord, definition: WorkflowDefinition, style: Style): string[] {
  const last = workflowGraph(definition).levels.at(-1) ?? [];
  const lines: string[] = [];
  for (const id of last) {
    const rec = record.steps[id];
    if (rec?.status !== 'completed' || rec.output === undefined || rec.output === '') continue;
    lines.push(`  ${style.cyan(id)}: ${hang(compactValue(rec.output), id.length + 4)}`);
  }
  return lines.length ? [style.bold('Outputs:'), ...lines] : [];
}

/** Everything printed after a run in text mode: the final outputs, the summary line, then the failures. */
export function finalReport(record: ExecutionRecord, definition: WorkflowDefinition, style: Style): string[] {
  return [
    ...outputLines(record, definition, style),
    summaryLine(record, definition, style),
    ...failureLines(record, definition, style),
  ];
}
