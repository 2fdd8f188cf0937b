// terminalSafe: control characters become visible, newlines and tabs stay; terminalJson escapes what JSON leaves raw.
import { describe, expect, it } from 'vitest';
import { terminalJson, terminalSafe, terminalSafeDeep } from './terminal-safe.js';

describe('terminalSafe', () => {
  it.each([
    ['an escape sequence setting the title, as control pictures', '\x1b]0;title\x07', '␛]0;title␇'],
    ['a screen clear, as control pictures', '\x1b[2J\x1b[H', '␛[2J␛[H'],
    ['a clipboard write (OSC 52), as control pictures', '\x1b]52;c;aGk=\x07', '␛]52;c;aGk=␇'],
    ['carriage returns, NUL and DEL, as control pictures', 'ok\rFAKE\x00\x7f', 'ok␍FAKE␀␡'],
    ['newlines, tabs and ordinary Unicode unchanged, CRLF as LF', 'a\tb\nc\r\nd ✓ é 日本', 'a\tb\nc\nd ✓ é 日本'],
    ['a C1 control (8-bit CSI) as a \\u escape', '\u009b2J', '\\u009b2J'],
    ['direction overrides as \\u escapes', 'abc\u202edcba\u2066', 'abc\\u202edcba\\u2066'],
  ])('shows %s', (_what, raw, shown) => {
    expect(terminalSafe(raw)).toBe(shown);
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
