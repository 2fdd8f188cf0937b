// Turns captured process output into a step's `output`: final newline dropped, JSON parsed when the whole text is JSON.

/** Characters a JSON text can start with (after leading whitespace). */
const JSON_START = new Set(['{', '[', '"', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 't', 'f', 'n']);

/** Removes one final `\n` or `\r\n`, nothing more. */
export function stripFinalNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

/** Parses `text` as JSON when the whole of it is a JSON value; `undefined` signals "not JSON". */
export function tryParseJson(text: string): { value: unknown } | undefined {
  const first = text.trimStart()[0];
  if (first === undefined || !JSON_START.has(first)) return undefined;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/**
 * A process's stdout as a step output: one final newline dropped; the parsed value when the
 * whole text is JSON, otherwise the text.
 */
export function parseProcessOutput(stdout: string): unknown {
  const text = stripFinalNewline(stdout);
  const parsed = tryParseJson(text);
  return parsed === undefined ? text : parsed.value;
}
