// Turns smol-toml's syntax errors into TOML_SYNTAX diagnostics with the error's line and column and
// clearer wording for the common mistakes.
import type { Diagnostic } from '@skill/workflow-model';
import type { TomlError } from 'smol-toml';
import { codePointColumn } from './text-position.js';

/** Rewrites smol-toml's message where the raw one would confuse (an unclosed string, a repeated key). */
function syntaxMessage(error: TomlError, text: string): string {
  const first = (error.message.split('\n')[0] ?? error.message).replace(/^Invalid TOML document:\s*/, '');
  const line = text.split('\n')[error.line - 1] ?? '';
  const at = line[error.column - 1];
  if (/control characters/.test(first) && (at === undefined || at === '\r')) {
    return 'string not closed before the end of the line';
  }
  const key = /^\s*([A-Za-z0-9_.-]+|"[^"]*"|'[^']*')\s*=/.exec(line)?.[1];
  if (/redefine/.test(first) && key) return `key ${key.startsWith('"') ? key : `"${key}"`} is defined twice`;
  return first;
}

const SYNTAX_HINTS: readonly [RegExp, string][] = [
  [/defined twice|redefine/, 'a key or table can be defined only once'],
  [
    /not closed|unfinished string/,
    'close the string with the quote it started with; use """ or \'\'\' for several lines',
  ],
  [/end of structure/, 'separate entries with commas and close the { } or [ ]'],
];

/** The one diagnostic of a document that is not valid TOML. */
export function syntaxDiagnostic(error: TomlError, text: string, file: string | undefined): Diagnostic {
  const message = syntaxMessage(error, text);
  const hint = SYNTAX_HINTS.find(([pattern]) => pattern.test(message))?.[1];
  return {
    code: 'TOML_SYNTAX',
    severity: 'error',
    message: `invalid TOML: ${message}`,
    ...(file === undefined ? {} : { file }),
    line: error.line,
    column: codePointColumn(text.split('\n')[error.line - 1] ?? '', error.column),
    ...(hint === undefined ? {} : { hint }),
  };
}
