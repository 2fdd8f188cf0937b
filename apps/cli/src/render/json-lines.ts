// --json progress: each event exactly as recorded, one JSON object per line, nothing else on stdout.
import type { WorkflowEvent } from '@skill/workflow-model';

/** The event as one line of JSON, newline included. */
export function jsonLine(event: WorkflowEvent): string {
  return `${JSON.stringify(event)}\n`;
}
