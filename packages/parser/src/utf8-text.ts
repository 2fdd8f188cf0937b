// Workflow files as bytes to text: invalid UTF-8 is refused with the line and column of the first bad
// byte (a lenient decoder would silently put U+FFFD in its place and validation would pass).
import type { Diagnostic } from '@skill/workflow-model';

const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * The well-formed UTF-8 lead bytes (RFC 3629, table 3-7 of Unicode): `[first, last, length, low, high]` says a
 * lead byte in first..last starts a sequence of `length` bytes whose second byte lies in low..high (later ones
 * in 0x80..0xbf). Any other byte cannot start a character.
 */
const LEAD_BYTES: readonly (readonly [number, number, number, number, number])[] = [
  [0x00, 0x7f, 1, 0, 0],
  [0xc2, 0xdf, 2, 0x80, 0xbf],
  [0xe0, 0xe0, 3, 0xa0, 0xbf],
  [0xe1, 0xec, 3, 0x80, 0xbf],
  [0xed, 0xed, 3, 0x80, 0x9f],
  [0xee, 0xef, 3, 0x80, 0xbf],
  [0xf0, 0xf0, 4, 0x90, 0xbf],
  [0xf1, 0xf3, 4, 0x80, 0xbf],
  [0xf4, 0xf4, 4, 0x80, 0x8f],
];

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    const lead = LEAD_BYTES.find(([first, last]) => b >= first && b <= last);
    if (!lead) return i;
    const [, , length, low, high] = lead;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < min || next > max) return i;
    }
    i += length;
  }
  return bytes.length;
}

/** The text of a workflow file, or an INVALID_ENCODING diagnostic at the first bad byte. */
export function decodeWorkflowText(
  bytes: Uint8Array,
  file?: string,
): { text: string; diagnostic?: undefined } | { text?: undefined; diagnostic: Diagnostic } {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    const at = firstInvalidByte(bytes);
    const lineStart = bytes.lastIndexOf(0x0a, at - 1) + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
    const before = strict.decode(bytes.subarray(lineStart, at));
    const column = [...before].length + 1;
    const hex = (bytes[at] ?? 0).toString(16).padStart(2, '0');
    return {
      diagnostic: {
        code: 'INVALID_ENCODING',
        severity: 'error',
        message: `the file is not valid UTF-8: byte 0x${hex} at line ${line}, column ${column} cannot start or continue a character`,
        ...(file === undefined ? {} : { file }),
        line,
        column,
        hint: 'save the file as UTF-8',
      },
    };
  }
}
