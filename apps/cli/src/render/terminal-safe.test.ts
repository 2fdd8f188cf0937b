// terminalSafe: control characters become visible, newlines and tabs stay; terminalJson escapes what JSON leaves raw.
import { describe, expect, it } from 'vitest';
import { terminalJson, terminalSafe, terminalSafeDeep } from './terminal-safe.js';

describe('terminalSafe', () => {
  it('shows escape sequences, bells, carriage returns and NUL as control pictures', () => {
    expect(terminalSafe('\x1b]0;title\x07')).toBe('␛]0;title␇');
    expect(terminalSafe('\x1b[2J\x1b[H')).toBe('␛[2J␛[H');
    expect(terminalSafe('\x1b]52;c;aGk=\x07')).toBe('␛]52;c;aGk=␇');
    expect(terminalSafe('ok\rFAKE\x00\x7f')).toBe('ok␍FAKE␀␡');
  });

  it('keeps newlines, tabs and ordinary Unicode; CRLF becomes LF', () => {
    expect(terminalSafe('a\tb\nc\r\nd ✓ é 日本')).toBe('a\tb\nc\nd ✓ é 日本');
  });

  it('shows C1 controls (8-bit CSI) and direction overrides as \\u escapes', () => {
    expect(terminalSafe('\u009b2J')).toBe('\\u009b2J');
    expect(terminalSafe('abc\u202edcba\u2066')).toBe('abc\\u202edcba\\u2066');
  });

  it('applies to every string and key of a value, leaving other values alone', () => {
    expect(terminalSafeDeep({ out: 'x\x1b[31m', n: 1, list: ['\x07', null], 'k\x1b': true })).toEqual({
      out: 'x␛[31m',
      n: 1,
      list: ['␇', null],
      'k␛': true,
    });
  });

  it('writes JSON with C0, C1 and overrides escaped, still parseable to the same value', () => {
    const value = { text: 'a\x1b]0;t\x07\u009b\u202e' };
    const json = terminalJson(value, 2);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
