// Collects located diagnostics while a workflow is checked: one place turns a key path into file,
// line, column, step id and display path.

import type { Diagnostic, ErrorCode, SourceLocation } from '@skill/workflow-model';
import { quoteText } from '@skill/workflow-model';
import { type SuggestionBudget, suggestionBudget } from './did-you-mean.js';
import { formatPath, stepIdAt } from './key-path.js';
import { type KeyPath, locationIn, type SourceMap } from './source-map.js';

/** The collector passed to every check. */
export class DiagnosticSink {
  readonly #list: Diagnostic[] = [];
  /** The "did you mean" work allowed to this validation, shared by every check. */
  readonly suggestions: SuggestionBudget = suggestionBudget();

  constructor(
    private readonly raw: unknown,
    private readonly map: SourceMap | undefined,
    private readonly file: string | undefined,
  ) {}

  /** Location of `path` (or of its nearest located ancestor; line 1, column 1 when unknown). */
  locate(path: KeyPath): SourceLocation {
    return locationIn(this.map, path, this.file);
  }

  /** Records an error at `path` (the location of that key, or of its nearest located ancestor). */
  error(code: ErrorCode, path: KeyPath, message: string, hint?: string): void {
    this.add('error', code, path, message, hint);
  }

  /** Records a diagnostic of any severity at `path`. */
  add(severity: Diagnostic['severity'], code: ErrorCode, path: KeyPath, message: string, hint?: string): void {
    const where = this.locate(path);
    const stepId = stepIdAt(this.raw, path);
    const shown = formatPath(path);
    this.#list.push({
      code,
      severity,
      message,
      ...(this.file === undefined ? {} : { file: this.file }),
      line: where.line,
      column: where.column,
      ...(stepId === undefined ? {} : { step_id: stepId }),
      ...(shown === '' ? {} : { path: shown }),
      ...(hint === undefined ? {} : { hint }),
    });
  }

  get hasErrors(): boolean {
    return this.#list.some((d) => d.severity === 'error');
  }

  /** All diagnostics, duplicates removed, sorted by line then column (stable otherwise). */
  sorted(): Diagnostic[] {
    const seen = new Set<string>();
    const unique = this.#list.filter((d) => {
      const key = `${d.code}\u0000${d.line}\u0000${d.column}\u0000${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return unique.sort((a, b) => a.line - b.line || a.column - b.column);
  }
}

/** Describes a raw value for messages: `"fast"`, `0`, `true`, `a table`, `an array`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return quoteText(value);
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a date';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a table';
  return String(value);
}
