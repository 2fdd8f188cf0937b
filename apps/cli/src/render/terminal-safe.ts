// Text from workflows, steps and records made safe for a terminal: control characters shown, never obeyed.

/**
 * Characters a terminal would act on: C0 controls but tab and newline, DEL, C1 controls (U+009B is a
 * CSI on its own), and the invisible direction overrides that make text read differently than it is.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** What a control character is shown as: its Unicode control picture (`␛`, `␇`, `␍`, `␡`) or `\uXXXX`. */
function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * The text with every control character made visible, so step output, error messages and names cannot
 * move the cursor, clear the screen, set the window title or write the clipboard. Newlines and tabs stay;
 * `\r\n` becomes `\n`. Apply it to data before the CLI adds its own colours.
 *
 * @example
 * terminalSafe('a\x1b]0;title\x07b'); // 'a␛]0;title␇b'
 */
export function terminalSafe(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROL, visible);
}

/** {@link terminalSafe} on every string inside a value (an event, a record, a definition); keys included. */
export function terminalSafeDeep<T>(value: T): T {
  if (typeof value === 'string') return terminalSafe(value) as T;
  if (Array.isArray(value)) return value.map(terminalSafeDeep) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[terminalSafe(key)] = terminalSafeDeep(item);
    return copy as T;
  }
  return value;
}

/** JSON text for a terminal: `JSON.stringify` (which escapes C0 controls) with DEL, C1 and overrides escaped too. */
export function terminalJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(CONTROL, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
