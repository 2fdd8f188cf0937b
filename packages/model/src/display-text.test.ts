// Tests of the safe display of workflow text: control characters escaped, long text shortened.
import { describe, expect, it } from 'vitest';
import { escapeControls, quoteText } from './display-text.js';
import { formatDiagnostic } from './errors.js';

describe('quoteText', () => {
  it('escapes a terminal title sequence', () => {
    expect(quoteText('\u001b]0;title\u0007')).toBe('"\\u001b]0;title\\u0007"');
  });

  it('escapes C1 controls, DEL, bidi overrides, quotes and backslashes', () => {
    expect(quoteText('a\u009b\u007f\u202eb"\\')).toBe('"a\\u009b\\u007f\\u202eb\\"\\\\"');
  });

  it('keeps printable text, emoji included', () => {
    expect(quoteText('déjà vu 😀')).toBe('"déjà vu 😀"');
  });

  it('shortens long text and says how long it was', () => {
    const shown = quoteText('x'.repeat(60_000));
    expect(shown.length).toBeLessThan(140);
    expect(shown).toContain('(60000 characters)');
  });
});

describe('formatDiagnostic', () => {
  it('escapes control characters wherever they come from', () => {
    const line = formatDiagnostic({
      code: 'UNKNOWN_KEY',
      severity: 'error',
      message: 'unknown key \u001b[31mred',
      line: 1,
      column: 1,
      step_id: 'a\u0007',
    });
    expect([...line].some((c) => c.charCodeAt(0) < 0x20)).toBe(false);
    expect(line).toContain('\\u001b[31mred');
    expect(escapeControls('tab\there')).toBe('tab\\there');
    const long = formatDiagnostic({
      code: 'X',
      severity: 'error',
      message: 'm',
      line: 1,
      column: 1,
      step_id: 'a'.repeat(60_000),
    });
    expect(long.length).toBeLessThan(200);
  });
});
