// The values code templates write as literals: JSON data (plus bigint), normalized from whatever the scope held.
import { WorkflowError } from '@skill/workflow-model';
import type { Reference } from '../reference.js';
import { valueToText } from '../template-resolve.js';

/** A value a code literal can denote: JSON data, or a bigint (written as an integer). */
export type CodeValue = null | boolean | number | bigint | string | CodeValue[] | { [key: string]: CodeValue };

/** Literals nested deeper than this are refused (Python's parser stops at 200 nested brackets). */
export const MAX_LITERAL_DEPTH = 100;

function isJsonTree(value: unknown, depth: number): value is CodeValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') {
    return true;
  }
  if (typeof value === 'number') return Number.isFinite(value);
  if (depth > MAX_LITERAL_DEPTH || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) return false;
    for (let k = 0; k < value.length; k++) if (!isJsonTree(value[k], depth + 1)) return false;
    return true;
  }
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).every((item) => isJsonTree(item, depth + 1));
}

/**
 * The data `value` stands for, as JSON would carry it (`toJSON` applied, `undefined` fields dropped,
 * non-finite numbers as null). Throws `INVALID_TEMPLATE` when it has no JSON form or is nested deeper
 * than {@link MAX_LITERAL_DEPTH}.
 */
export function toCodeValue(value: unknown, ref: Reference): CodeValue {
  if (isJsonTree(value, 0)) return value;
  const text = valueToText(value, ref);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed !== undefined && isJsonTree(parsed, 0)) return parsed;
  throw new WorkflowError(
    'INVALID_TEMPLATE',
    `${ref.raw}: the value cannot be written as a code literal (no JSON form, or nested more than ${MAX_LITERAL_DEPTH} levels deep); pass it through stdin`,
    { reference: ref.raw, retryable: false },
  );
}

/** Code points of `text`; a lone surrogate comes out as itself. */
export function codePoints(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) out.push(ch.codePointAt(0) as number);
  return out;
}

/** True for a UTF-16 surrogate code point (only a lone one survives {@link codePoints}). */
export function isSurrogate(codePoint: number): boolean {
  return codePoint >= 0xd800 && codePoint <= 0xdfff;
}

/** `hex` padded with zeros to `width` digits. */
export function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

/**
 * A number as Python or Ruby source: safe integers as integers, other integral values and fractions
 * as floats written with an exponent or a point (`-0` is `-0.0`), so the language reads the same double.
 */
export function floatOrIntText(n: number): string {
  if (Object.is(n, -0)) return '-0.0';
  if (Number.isSafeInteger(n)) return String(n);
  if (Number.isInteger(n)) return n.toExponential();
  const text = String(n);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** True when `text` is printable ASCII only (space to `~`). */
export function isPrintableAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}
