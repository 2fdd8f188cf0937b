import { describe, expect, it } from 'vitest';
import { parseProcessOutput, stripFinalNewline } from './parse-output.js';

describe('parseProcessOutput', () => {
  it('drops exactly one final newline', () => {
    expect(parseProcessOutput('hello\n')).toBe('hello');
    expect(parseProcessOutput('hello\r\n')).toBe('hello');
    expect(parseProcessOutput('hello\n\n')).toBe('hello\n');
    expect(parseProcessOutput('hello')).toBe('hello');
    expect(parseProcessOutput('')).toBe('');
    expect(stripFinalNewline('\n')).toBe('');
  });

  it('returns the JSON value when the whole text is JSON', () => {
    expect(parseProcessOutput('{"a": [1, 2], "b": null}\n')).toEqual({ a: [1, 2], b: null });
    expect(parseProcessOutput('[1,2]')).toEqual([1, 2]);
    expect(parseProcessOutput('42\n')).toBe(42);
    expect(parseProcessOutput('-1.5e3')).toBe(-1500);
    expect(parseProcessOutput('true')).toBe(true);
    expect(parseProcessOutput('null')).toBe(null);
    expect(parseProcessOutput('"quoted"\n')).toBe('quoted');
    expect(parseProcessOutput('  {"pretty": true}\n  ')).toEqual({ pretty: true });
  });

  it('keeps text that is not (entirely) JSON', () => {
    expect(parseProcessOutput('{"a": 1}\nmore\n')).toBe('{"a": 1}\nmore');
    expect(parseProcessOutput('nothing')).toBe('nothing');
    expect(parseProcessOutput('12 apples')).toBe('12 apples');
    expect(parseProcessOutput('{broken')).toBe('{broken');
  });
});
