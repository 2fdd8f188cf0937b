// Turns a foreach's resolved `items` into the list to iterate: an array, a JSON array text, or lines of text.
import { ErrorCode, WorkflowError } from '@skill/workflow-model';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  return typeof value;
}

/**
 * An array is used as is; a string that parses as a JSON array is that array; any other string is split into
 * lines, trimmed, empty lines dropped. Anything else throws `FOREACH_ITEMS`.
 */
export function normalizeForeachItems(value: unknown, stepId: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (Array.isArray(parsed)) return parsed;
      } catch {
        // not JSON: treated as lines below
      }
    }
    const lines: string[] = [];
    for (const line of text.split(/\r\n|\r|\n/)) {
      const trimmed = line.trim();
      if (trimmed !== '') lines.push(trimmed);
    }
    return lines;
  }
  throw new WorkflowError(
    ErrorCode.ForeachItems,
    `foreach "${stepId}": items must be an array or text, got ${describe(value)}`,
    { stepId, retryable: false },
  );
}
