// Text from a workflow shown to a person (key names, ids, values in messages): quoted, with control
// and bidirectional characters escaped so a name cannot drive the terminal, and long text shortened.

/** C0 controls, DEL, C1 controls, line/paragraph separators and bidirectional overrides. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Longest text shown whole; longer text keeps its start and says how long it was. */
export const MAX_DISPLAYED_LENGTH = 100;

function escapeOne(c: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return named[c] ?? `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

/** Replaces control and bidirectional characters by `\uXXXX` (`\n`, `\r`, `\t` by their short forms). */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

/** `text` escaped like {@link escapeControls} and shortened past {@link MAX_DISPLAYED_LENGTH} characters, unquoted. */
export function shortenText(text: string): string {
  if (text.length <= MAX_DISPLAYED_LENGTH) return escapeControls(text);
  return `${escapeControls(text.slice(0, MAX_DISPLAYED_LENGTH))}… (${text.length} characters)`;
}

/**
 * `text` in double quotes, safe to print: escaped like {@link escapeControls} (quotes and backslashes
 * too), and shortened past {@link MAX_DISPLAYED_LENGTH} characters.
 *
 * @example
 * quoteText('a\u001b]0;x\u0007'); // '"a\\u001b]0;x\\u0007"'
 */
export function quoteText(text: string): string {
  const shown = text.length > MAX_DISPLAYED_LENGTH ? text.slice(0, MAX_DISPLAYED_LENGTH) : text;
  const quoted = `"${escapeControls(shown.replace(/[\\"]/g, (c) => `\\${c}`))}"`;
  return shown === text ? quoted : `${quoted}… (${text.length} characters)`;
}
