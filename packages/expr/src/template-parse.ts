// Splits template strings into text and `{ref}` parts (cached), and lists the references in values.
import { BoundedCache } from './bounded-cache.js';
import { type Reference, scanBrace } from './reference.js';

/** A piece of a parsed template: literal text (escapes already applied) or a reference. */
export type TemplatePart = { kind: 'text'; text: string } | { kind: 'ref'; ref: Reference };

/** A template string split into parts, in order. */
export interface ParsedTemplate {
  source: string;
  parts: TemplatePart[];
}

/** Parsed templates by source: at most 10k of them and 16M characters of source. */
const cache = new BoundedCache<ParsedTemplate>(10_000, 16 * 1024 * 1024);

function parseUncached(source: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let text = '';
  let textStart = 0;
  let i = source.indexOf('{');
  if (i < 0) return { source, parts: source === '' ? [] : [{ kind: 'text', text: source }] };
  while (i >= 0) {
    const scan = scanBrace(source, i);
    if (scan.kind === 'none') {
      text += source.slice(textStart, i + 1);
      textStart = i + 1;
    } else {
      text += source.slice(textStart, i);
      if (scan.kind === 'escape') {
        text += scan.text;
      } else {
        if (text !== '') parts.push({ kind: 'text', text });
        text = '';
        parts.push({ kind: 'ref', ref: scan.ref });
      }
      textStart = scan.end;
    }
    i = source.indexOf('{', textStart);
  }
  text += source.slice(textStart);
  if (text !== '') parts.push({ kind: 'text', text });
  return { source, parts };
}

function freeze(parsed: ParsedTemplate): ParsedTemplate {
  for (const part of parsed.parts) {
    if (part.kind === 'ref') Object.freeze(Object.freeze(part.ref).path);
    Object.freeze(part);
  }
  Object.freeze(parsed.parts);
  return Object.freeze(parsed);
}

/**
 * Splits `text` into literal text and references. Never throws. Results are cached by string and
 * frozen: treat them as read-only.
 */
export function parseTemplate(text: string): ParsedTemplate {
  const cached = cache.get(text);
  if (cached) return cached;
  const parsed = freeze(parseUncached(text));
  cache.set(text, parsed);
  return parsed;
}

/** The candidate references in `text` (syntax only: roots are not checked). */
export function listReferences(text: string): Reference[] {
  const refs: Reference[] = [];
  for (const part of parseTemplate(text).parts) if (part.kind === 'ref') refs.push(part.ref);
  return refs;
}

/** True for arrays and plain objects, the containers templates are looked for in. */
export function isPlainContainer(value: unknown): value is unknown[] | Record<string, unknown> {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Every reference in every string inside `value` (arrays and plain objects, values not keys). */
export function listReferencesDeep(value: unknown): Reference[] {
  const refs: Reference[] = [];
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      refs.push(...listReferences(item));
    } else if (isPlainContainer(item) && !seen.has(item)) {
      seen.add(item);
      const children = Array.isArray(item) ? item : Object.values(item);
      for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]);
    }
  }
  return refs;
}

/**
 * The template source whose parse is the literal `text`: every brace that would start a reference
 * is escaped (`{ref}` becomes `{{ref}}`); all other characters are kept.
 */
export function escapeTemplateText(text: string): string {
  let out = '';
  let from = 0;
  let i = text.indexOf('{');
  while (i >= 0) {
    const scan = scanBrace(text, i);
    if (scan.kind === 'ref') {
      out += `${text.slice(from, i)}{${scan.ref.raw}}`;
      from = scan.end;
      i = text.indexOf('{', from);
    } else {
      i = text.indexOf('{', i + 1);
    }
  }
  return out + text.slice(from);
}
