// --json progress: each event exactly as recorded, one JSON object per line, nothing else on stdout.
import type { WorkflowEvent } from '@skill/workflow-model';
import { terminalJson } from './terminal-safe.js';

/** The event as one line of JSON (control characters escaped), newline included. */
export function jsonLine(event: WorkflowEvent): string {
  return `${terminalJson(event)}\n`;
}
