// Python source for template values: text escaped for each string literal kind, and values as literals in code.
import { type CodeValue, codePoints, floatOrIntText, hex, isPrintableAscii } from './code-values.js';
import type { PythonCode, PythonLiteral } from './python-lexer.js';

const NAMED: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};
/** Strings that may stand quoted, without escapes, inside an f-string replacement field (Python 3.11). */
const FIELD_SAFE = /^[A-Za-z0-9_ ,.;+\-*/<>?@^|~%&$]*$/;

/** `text` escaped for a non-raw str literal: ASCII only out, both quotes escaped, braces doubled when `format`. */
function escapeText(text: string, format: boolean): string {
  let out = '';
  for (const cp of codePoints(text)) {
    const ch = String.fromCodePoint(cp);
    const named = NAMED[ch];
    if (named !== undefined) out += named;
    else if (format && (ch === '{' || ch === '}')) out += ch + ch;
    else if (cp >= 0x20 && cp <= 0x7e) out += ch;
    else if (cp < 0x100) out += `\\x${hex(cp, 2)}`;
    else if (cp <= 0xffff) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return out;
}

/** The UTF-8 bytes of `text` (a lone surrogate as U+FFFD) escaped for a non-raw bytes literal. */
function escapeBytes(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const ch = String.fromCharCode(byte);
    const named = NAMED[ch];
    if (named !== undefined) out += named;
    else if (byte >= 0x20 && byte <= 0x7e) out += ch;
    else out += `\\x${hex(byte, 2)}`;
  }
  return out;
}

/**
 * `text` as it must be written inside the Python string literal `literal` so that the program sees
 * exactly `text` (bytes literals: its UTF-8 bytes). Raw literals cannot escape: printable ASCII
 * without backslash or quotes goes in as is, anything else closes the literal, adds an escaped
 * literal of the same type and reopens it (`r'a' 'b\n' r'c'`: Python joins adjacent literals).
 */
export function pythonTextInLiteral(text: string, literal: PythonLiteral): string {
  if (!literal.raw) return literal.bytes ? escapeBytes(text) : escapeText(text, literal.format);
  if (isPrintableAscii(text) && !/[\\'"]/.test(text)) return literal.format ? text.replace(/[{}]/g, '$&$&') : text;
  const quote = literal.triple ? literal.quote.repeat(3) : literal.quote;
  const middle = literal.bytes ? `b'${escapeBytes(text)}'` : `'${escapeText(text, false)}'`;
  return `${quote} ${middle} ${literal.prefix}${quote}`;
}

/**
 * A Python expression for the str `text`. At top level a double-quoted literal with escapes; inside an
 * f-string replacement field (no backslash allowed there, nor the enclosing quotes, in Python 3.11)
 * a plain quoted literal when that is possible, else `str().join(map(chr,(...)))`.
 */
export function pythonString(text: string, code: PythonCode): string {
  if (!code.inField) return `"${escapeText(text, false)}"`;
  const quote = ["'", '"'].find((q) => !code.quotes.includes(q));
  if (quote !== undefined && FIELD_SAFE.test(text)) return `${quote}${text}${quote}`;
  if (text === '') return 'str()';
  return `str().join(map(chr,(${codePoints(text).join(',')},)))`;
}

function literal(value: CodeValue, code: PythonCode): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return floatOrIntText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return pythonString(value, code);
  if (Array.isArray(value)) return `[${value.map((item) => literal(item, code)).join(', ')}]`;
  const entries = Object.entries(value).map(([key, item]) => `${pythonString(key, code)}: ${literal(item, code)}`);
  return `{${entries.join(', ')}}`;
}

/** `value` as one parenthesized Python expression: str, int/float, True/False/None, list, dict. */
export function pythonValueLiteral(value: CodeValue, code: PythonCode): string {
  return `(${literal(value, code)})`;
}

function environExpression(envName: string, code: PythonCode): string {
  return `__import__(${pythonString('os', code)}).environ[${pythonString(envName, code)}]`;
}

/** Code reading the environment variable `envName`: `(__import__("os").environ["SKILL_SECRET_X"])`. */
export function pythonSecretInCode(envName: string, code: PythonCode): string {
  return `(${environExpression(envName, code)})`;
}

/** A replacement field reading `envName` inside an f-string's text, or undefined for other literals. */
export function pythonSecretInLiteral(envName: string, literal: PythonLiteral): string | undefined {
  if (!literal.format) return undefined;
  return `{${environExpression(envName, { inField: true, quotes: literal.quote })}}`;
}

/** How messages show a literal kind: `rb'...'`, `f"""..."""`. */
export function pythonLiteralName(literal: PythonLiteral): string {
  const quote = literal.triple ? literal.quote.repeat(3) : literal.quote;
  return `${literal.prefix}${quote}...${quote}`;
}
