// Splits a `when` condition into tokens: literals, references, quoted (template) strings, words and operators.
import { WorkflowError } from '@skill/workflow-model';
import { type Reference, scanBrace } from './reference.js';
import type { TemplatePart } from './template-parse.js';

/** Conditions longer than this are refused before lexing. */
export const MAX_CONDITION_LENGTH = 10_000;

/** One token of a condition; `start`/`end` are offsets into the condition text. */
export type Token =
  | { kind: 'number'; value: number; start: number; end: number }
  | { kind: 'string'; parts: TemplatePart[]; start: number; end: number }
  | { kind: 'ref'; ref: Reference; start: number; end: number }
  | { kind: 'word'; text: string; start: number; end: number }
  | { kind: 'op'; text: string; start: number; end: number }
  | { kind: 'eof'; start: number; end: number };

/** The INVALID_CONDITION error `<message> at column N<after>`, N being the 1-based column of `offset`. */
export function conditionError(message: string, offset: number, after = ''): WorkflowError {
  const column = offset + 1;
  return new WorkflowError('INVALID_CONDITION', `${message} at column ${column}${after}`, { column, retryable: false });
}

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '[', ']', ',', '-'];
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  t: '\t',
  r: '\r',
  '{': '{',
  '}': '}',
};
const NUMBER = /[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_.-]*/y;

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/** Reads a quoted string starting at `start`; `{ref}` inside it becomes a ref part, `\x` an escape. */
function lexString(source: string, start: number): Token {
  const quote = source[start];
  const parts: TemplatePart[] = [];
  let text = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === quote) {
      if (text !== '') parts.push({ kind: 'text', text });
      return { kind: 'string', parts, start, end: i + 1 };
    }
    if (ch === '\\') {
      const next = source[i + 1];
      const escaped = next === undefined ? undefined : ESCAPES[next];
      if (escaped === undefined) {
        const shown = next === undefined ? '\\' : `\\${next}`;
        throw conditionError(`unknown escape '${shown}' in a string`, i, " (use '\\\\' for a backslash)");
      }
      text += escaped;
      i += 2;
      continue;
    }
    if (ch === '{') {
      const scan = scanBrace(source, i);
      if (scan.kind === 'ref') {
        if (text !== '') parts.push({ kind: 'text', text });
        text = '';
        parts.push({ kind: 'ref', ref: scan.ref });
        i = scan.end;
        continue;
      }
      if (scan.kind === 'escape') {
        text += scan.text;
        i = scan.end;
        continue;
      }
    }
    text += ch;
    i++;
  }
  throw conditionError('unterminated string starting', start, `: add the closing ${quote}`);
}

/** The text of a malformed `{...}` for an error message: up to a near closing brace, else to a space. */
function badBraceText(source: string, start: number): string {
  const close = source.indexOf('}', start);
  if (close >= 0 && close - start < 40) return source.slice(start, close + 1);
  let i = start + 1;
  while (i < source.length && i - start < 40 && !isSpace(source[i] as string)) i++;
  return source.slice(start, i);
}

function lexOne(source: string, i: number): Token {
  const ch = source[i] as string;
  if (ch === "'" || ch === '"') return lexString(source, i);
  if (ch === '{') {
    const scan = scanBrace(source, i);
    if (scan.kind === 'ref') return { kind: 'ref', ref: scan.ref, start: i, end: scan.end };
    throw conditionError(
      `'${badBraceText(source, i)}' is not a reference (references look like {step-id.output.field}, no spaces)`,
      i,
    );
  }
  NUMBER.lastIndex = i;
  const number = NUMBER.exec(source);
  if (number) {
    const value = Number(number[0]);
    if (!Number.isFinite(value)) throw conditionError(`number ${number[0]} is out of range`, i);
    return { kind: 'number', value, start: i, end: i + number[0].length };
  }
  WORD.lastIndex = i;
  const word = WORD.exec(source);
  if (word) return { kind: 'word', text: word[0], start: i, end: i + word[0].length };
  for (const op of OPERATORS) {
    if (source.startsWith(op, i)) return { kind: 'op', text: op, start: i, end: i + op.length };
  }
  if (ch === '=') throw conditionError("'=' is not an operator; use '==' to compare", i);
  if (ch === '&') throw conditionError("'&' is not an operator; use '&&' (or 'and')", i);
  if (ch === '|') throw conditionError("'|' is not an operator; use '||' (or 'or')", i);
  const shown = JSON.stringify(String.fromCodePoint(source.codePointAt(i) ?? 0));
  throw conditionError(`unexpected character ${shown}`, i);
}

/** All tokens of `source`, ending with an `eof` token. Throws INVALID_CONDITION on bad input. */
export function lexCondition(source: string): Token[] {
  if (source.length > MAX_CONDITION_LENGTH) {
    throw conditionError(`condition is too long (${source.length} characters, at most ${MAX_CONDITION_LENGTH})`, 0);
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    if (isSpace(source[i] as string)) {
      i++;
      continue;
    }
    const token = lexOne(source, i);
    tokens.push(token);
    i = token.end;
  }
  tokens.push({ kind: 'eof', start: source.length, end: source.length });
  return tokens;
}
