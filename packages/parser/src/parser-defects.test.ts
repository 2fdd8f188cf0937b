// Tests of the parser defects of issue 10: invalid UTF-8, impossible dates, dotted headers and escaped
// quoted keys located exactly, key names printed escaped, columns in code points.
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from './parse-workflow.js';
import { SourceMap } from './source-map.js';
import { codePointColumn, LineIndex } from './text-position.js';
import { unescapeBasic } from './toml-values.js';
import { decodeWorkflowText } from './utf8-text.js';

const head = 'version = "1"\nname = "w"\n';
const step = '[[steps]]\nid = "a"\ncommand = "true"\n';

describe('invalid UTF-8', () => {
  it('is refused at the first bad byte, with its line and code-point column', () => {
    const bytes = new Uint8Array([...Buffer.from('a = 1\nb = "é'), 0xff, 0xfe, ...Buffer.from('"\n')]);
    const { diagnostic, text } = decodeWorkflowText(bytes, 'w.toml');
    expect(text).toBeUndefined();
    expect(diagnostic).toMatchObject({ code: 'INVALID_ENCODING', file: 'w.toml', line: 2, column: 7 });
    expect(diagnostic?.message).toContain('0xff');
  });

  it.each([
    ['a truncated sequence at the end', [0x61, 0xe2, 0x82], 2],
    ['an overlong encoding', [0x61, 0x62, 0xc0, 0xaf], 3],
    ['a surrogate', [0xed, 0xa0, 0x80], 1],
  ])('finds %s', (_name, bytes, column) => {
    expect(decodeWorkflowText(new Uint8Array(bytes)).diagnostic).toMatchObject({ line: 1, column });
  });

  it('decodes valid UTF-8 (a BOM is dropped)', () => {
    expect(decodeWorkflowText(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('x = "😀"')])).text).toBe('x = "😀"');
  });
});

describe('dates', () => {
  it.each([
    ['d = 1985-02-30', 'February 1985 has 28 days'],
    ['d = 2023-02-29T10:00:00Z', 'February 2023 has 28 days'],
    ['d = [2024-04-31]', 'April 2024 has 30 days'],
  ])('%s is refused where it is', (line, why) => {
    const { diagnostics, definition } = parseWorkflow(`${head}${line}\n`);
    expect(definition).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'TOML_SYNTAX', line: 3, column: line.search(/\d{4}-/) + 1 });
    expect(diagnostics[0]?.message).toContain(why);
  });

  it('accepts real dates (a leap day included) and date-like strings', () => {
    const text = `${head}[inputs.when]\ntype = "string"\ndefault = "1985-02-30"\n${step}`;
    expect(parseWorkflow(text).diagnostics).toEqual([]);
    expect(SourceMap.scan('d = 2024-02-29\ne = 1985-12-31T23:59:59Z\n').invalidDates).toEqual([]);
  });
});

describe('locations', () => {
  it('a table created by a dotted header is located at that header', () => {
    const { diagnostics } = parseWorkflow(`${head}${step}\n[inptus.foo]\ntype = "string"\n`);
    expect(diagnostics[0]).toMatchObject({ code: 'UNKNOWN_KEY', line: 7, column: 1, path: 'inptus' });
    expect(diagnostics[0]?.hint).toBe('did you mean "inputs"?');
  });

  it.each([
    ['\\U0001F600', '😀'],
    ['\\e', '\u001b'],
    ['\\x41', 'A'],
    ['\\u00e9', 'é'],
    ['\\b\\t\\n\\f\\r\\"\\\\', '\b\t\n\f\r"\\'],
  ])('a quoted key with %s is located at its line', (escaped, value) => {
    expect(unescapeBasic(escaped)).toBe(value);
    const text = `${head}${step}"k${escaped}" = 1\n`;
    const { diagnostics } = parseWorkflow(text);
    expect(diagnostics[0]).toMatchObject({ code: 'UNKNOWN_KEY', line: 6, column: 1 });
  });

  it('prints key names escaped: a terminal title sequence stays text', () => {
    const { diagnostics } = parseWorkflow(`${head}${step}"\\u001b]0;title\\u0007" = 1\n`);
    expect(diagnostics[0]?.message).toBe('unknown key "\\u001b]0;title\\u0007" in steps[0]');
    expect(diagnostics[0]?.path).toBe('steps[0]."\\u001b]0;title\\u0007"');
    expect(diagnostics[0]?.line).toBe(6);
  });

  it('counts columns in code points (an emoji before the error is one column)', () => {
    const { diagnostics } = parseWorkflow(`${head}${step}description = "😀😀" x\n`);
    // `x` is the 20th character (counting UTF-16 units would say 22).
    expect(diagnostics[0]).toMatchObject({ code: 'TOML_SYNTAX', line: 6, column: 20 });
    const located = parseWorkflow(`${head}[[steps]]\nid = "a"\ncommand = "true"\nargs = { "😀" = 1, when = 2 }\n`);
    const where = located.locate(['steps', 0, 'args', 'when']);
    expect(where).toMatchObject({ line: 6, column: 19 });
  });

  it('LineIndex and codePointColumn agree', () => {
    const text = 'ab\n😀x😀y\n';
    const index = new LineIndex(text);
    expect(index.position(text.indexOf('y'))).toEqual({ line: 2, column: 4 });
    expect(codePointColumn('😀x😀y', 6)).toBe(4);
  });
});
