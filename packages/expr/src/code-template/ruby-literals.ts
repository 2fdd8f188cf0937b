// Ruby source for template values: text escaped for each string kind, and values as literals in code.
import { type CodeValue, codePoints, floatOrIntText, hex, isPrintableAscii, isSurrogate } from './code-values.js';
import type { RubyLiteral } from './ruby-syntax.js';

const NAMED: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\x1b': '\\e',
  // `#` starts an interpolation (`#{`, `#@`, `#$`); `{`, `@`, `$` too when the code has a `#` just before.
  '#': '\\#',
  '{': '\\{',
  '@': '\\@',
  $: '\\$',
};

/**
 * `text` escaped for the inside of a Ruby "..." string: ASCII only out, no interpolation can form,
 * non-ASCII as `\u{...}`. A lone surrogate (it has no UTF-8 form) becomes U+FFFD, as it would
 * wherever the text is encoded as UTF-8.
 */
function escapeDouble(text: string): string {
  let out = '';
  for (const cp of codePoints(text)) {
    const ch = String.fromCodePoint(cp);
    const named = NAMED[ch];
    if (named !== undefined) out += named;
    else if (cp >= 0x20 && cp <= 0x7e) out += ch;
    else if (cp < 0x80) out += `\\x${hex(cp, 2)}`;
    else out += `\\u{${hex(isSurrogate(cp) ? 0xfffd : cp, 4)}}`;
  }
  return out;
}

function rubyString(text: string): string {
  return `"${escapeDouble(text)}"`;
}

/**
 * `text` as it must be written inside the Ruby literal kind `literal` so the program sees exactly
 * `text`: escaped in "...", written as the interpolation `#{"..."}` in heredocs and %Q() (so heredoc
 * indentation, terminators and delimiters cannot interfere), and in '...' as is (`\` and `'`
 * escaped) when printable ASCII, else by closing the literal and joining an escaped "..." to it
 * (`'a' "\n" 'b'`: Ruby joins adjacent literals; '...' has no escape for a CR, which Ruby would drop before a LF).
 */
export function rubyTextInLiteral(text: string, literal: RubyLiteral): string {
  if (literal === 'double') return escapeDouble(text);
  if (literal === 'interpolating') return `#{${rubyString(text)}}`;
  if (isPrintableAscii(text)) return text.replace(/[\\']/g, '\\$&');
  return `' ${rubyString(text)} '`;
}

function literal(value: CodeValue): string {
  if (value === null) return 'nil';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return floatOrIntText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return rubyString(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  const entries = Object.entries(value).map(([key, item]) => `${rubyString(key)} => ${literal(item)}`);
  return `{${entries.join(', ')}}`;
}

/** `value` as one parenthesized Ruby expression: String, Integer/Float, true/false/nil, Array, Hash (string keys). */
export function rubyValueLiteral(value: CodeValue): string {
  return `(${literal(value)})`;
}

/** Code reading the environment variable `envName`: `(ENV['SKILL_SECRET_X'])`. */
export function rubySecretInCode(envName: string): string {
  return `(ENV[${rubyString(envName)}])`;
}

/** An interpolation reading `envName` inside an interpolating literal; undefined inside '...'. */
export function rubySecretInLiteral(envName: string, literal: RubyLiteral): string | undefined {
  return literal === 'single' ? undefined : `#{ENV[${rubyString(envName)}]}`;
}

/** How messages show a literal kind. */
export function rubyLiteralName(literal: RubyLiteral): string {
  return literal === 'single' ? "a '...' string" : literal === 'double' ? 'a "..." string' : 'an interpolating string';
}
