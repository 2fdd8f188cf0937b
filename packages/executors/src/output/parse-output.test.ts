import { describe, expect, it } from 'vitest';
import { parseProcessOutput, stripFinalNewline } from './parse-output.js';

/** Standard output of a process, and the step output it becomes, by rule. */
const CASES: Record<string, [stdout: string, output: unknown][]> = {
  'drops exactly one final newline': [
    ['hello\n', 'hello'],
    ['hello\r\n', 'hello'],
    ['hello\n\n', 'hello\n'],
    ['hello', 'hello'],
    ['', ''],
  ],
  'returns the JSON value when the whole text is JSON': [
    ['{"a": [1, 2], "b": null}\n', { a: [1, 2], b: null }],
    ['[1,2]', [1, 2]],
    ['42\n', 42],
    ['-1.5e3', -1500],
    ['true', true],
    ['null', null],
    ['"quoted"\n', 'quoted'],
    ['  {"pretty": true}\n  ', { pretty: true }],
  ],
  'keeps text that is not (entirely) JSON': [
    ['{"a": 1}\nmore\n', '{"a": 1}\nmore'],
    ['nothing', 'nothing'],
    ['12 apples', '12 apples'],
    ['{broken', '{broken'],
  ],
};

describe.each(Object.entries(CASES))('parseProcessOutput %s', (_rule, cases) => {
  it.each(cases)('%j', (stdout, output) => {
    expect(parseProcessOutput(stdout)).toEqual(output);
  });
});

describe('stripFinalNewline', () => {
  it('leaves nothing of a lone newline', () => {
    expect(stripFinalNewline('\n')).toBe('');
  });
});
