// Colour on only for a TTY without NO_COLOR.
import { describe, expect, it } from 'vitest';
import { colorEnabled, createStyle } from './terminal-style.js';

describe('colorEnabled', () => {
  it('colours only a TTY without NO_COLOR (any value, even empty)', () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '' })).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({}, {})).toBe(false);
  });

  it('leaves text unchanged when colour is off', () => {
    expect(createStyle(false).red('x')).toBe('x');
    expect(createStyle(true).red('x')).toBe('\u001b[31mx\u001b[39m');
  });
});
