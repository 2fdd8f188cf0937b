// JavaScript source for template values: text escaped for strings and template literals, values as literals in code.
import { type CodeValue, hex } from './code-values.js';
import type { JsLiteral } from './javascript-lexer.js';

const NAMED: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '`': '\\`',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * `text` escaped for the inside of a JavaScript string or (untagged) template literal: ASCII only
 * out, every quote kind escaped, each non-ASCII UTF-16 unit as `\uXXXX` (lone surrogates included),
 * and in template literals `$` and `{` escaped so no `${` can form with the code around.
 */
export function jsTextInLiteral(text: string, literal: JsLiteral): string {
  let out = '';
  for (let k = 0; k < text.length; k++) {
    const ch = text[k] as string;
    const unit = ch.charCodeAt(0);
    const named = NAMED[ch];
    if (named !== undefined) out += named;
    else if (literal === 'template' && (ch === '$' || ch === '{')) out += `\\${ch}`;
    else if (unit >= 0x20 && unit <= 0x7e) out += ch;
    else if (unit < 0x100) out += `\\x${hex(unit, 2)}`;
    else out += `\\u${hex(unit, 4)}`;
  }
  return out;
}

function jsString(text: string): string {
  return `"${jsTextInLiteral(text, 'double')}"`;
}

function literal(value: CodeValue): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return jsString(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  // A plain `"__proto__": v` would set the prototype; a computed key defines an own property.
  const entries = Object.entries(value).map(
    ([key, item]) => `${key === '__proto__' ? `[${jsString(key)}]` : jsString(key)}: ${literal(item)}`,
  );
  return `{${entries.join(', ')}}`;
}

/** `value` as one parenthesized JavaScript expression (so `{...}` is never read as a block). */
export function jsValueLiteral(value: CodeValue): string {
  return `(${literal(value)})`;
}

/** Code reading the environment variable `envName`: `(process.env["SKILL_SECRET_X"])`. */
export function jsSecretInCode(envName: string): string {
  return `(process.env[${jsString(envName)}])`;
}

/** A `${...}` substitution reading `envName` inside a template literal; undefined for other strings. */
export function jsSecretInLiteral(envName: string, literal: JsLiteral): string | undefined {
  return literal === 'template' ? `\${process.env[${jsString(envName)}]}` : undefined;
}

/** How messages show a literal kind. */
export function jsLiteralName(literal: JsLiteral): string {
  return literal === 'single' ? "a '...' string" : literal === 'double' ? 'a "..." string' : 'a template literal';
}
