// Tests of the TOML line scanner: table headers, arrays of tables, dotted and quoted keys, inline
// tables over several lines, array elements, and text inside strings and comments that looks like TOML.
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { locationIn, SourceMap } from './source-map.js';

const TEXT = [
  'version = "1" # name = "not a key"', // 1
  "name = 'x'", // 2
  '[ config ]', // 3
  '  max_parallel = 2', // 4
  '[[steps]]', // 5
  'id = "a"', // 6
  'code = """', // 7
  '[[steps]]', // 8  (inside a string)
  'fake = 1 \\""" """', // 9
  'args = {', // 10
  '  url = "https://x/{a}",  # comment inside', // 11
  '  "Content-Type" = { nested.deep = true },', // 12
  '}', // 13
  '[steps.retry]', // 14
  'backoff = "none"', // 15
  '[[steps]]', // 16
  "id = 'b'", // 17
  'depends_on = [', // 18
  '  "a",', // 19
  "  '''x]'''", // 20
  ']', // 21
  'http.url = "u"', // 22
  '[[steps.loop]]', // 23
  'id = "c"', // 24
  '[steps.loop.http]', // 25
  'url = "v"', // 26
  '[[steps.loop]]', // 27
  'id = "d"', // 28
  'x = [{ a = 1 }, { b = [1, 2] }]', // 29
  '"quoted key" = 1', // 30
].join('\n');

describe('SourceMap', () => {
  const map = SourceMap.scan(TEXT);

  it('scans a document that smol-toml accepts', () => {
    expect(() => parse(TEXT)).not.toThrow();
  });

  it.each([
    [['version'], 1, 1],
    [['name'], 2, 1],
    [['config'], 3, 1],
    [['config', 'max_parallel'], 4, 3],
    [['steps'], 5, 1],
    [['steps', 0], 5, 1],
    [['steps', 0, 'id'], 6, 1],
    [['steps', 0, 'code'], 7, 1],
    [['steps', 0, 'args'], 10, 1],
    [['steps', 0, 'args', 'url'], 11, 3],
    [['steps', 0, 'args', 'Content-Type'], 12, 3],
    [['steps', 0, 'args', 'Content-Type', 'nested', 'deep'], 12, 22],
    [['steps', 0, 'retry'], 14, 1],
    [['steps', 0, 'retry', 'backoff'], 15, 1],
    [['steps', 1], 16, 1],
    [['steps', 1, 'depends_on', 0], 19, 3],
    [['steps', 1, 'depends_on', 1], 20, 3],
    [['steps', 1, 'http', 'url'], 22, 1],
    [['steps', 1, 'loop', 0], 23, 1],
    [['steps', 1, 'loop', 0, 'http', 'url'], 26, 1],
    [['steps', 1, 'loop', 1, 'id'], 28, 1],
    [['steps', 1, 'loop', 1, 'x', 1, 'b', 1], 29, 27],
    [['steps', 1, 'loop', 1, 'quoted key'], 30, 1],
  ] as const)('%j is at %d:%d', (path, line, column) => {
    expect(map.get(path)).toEqual({ line, column });
  });

  it('does not record text inside strings or comments', () => {
    expect(map.get(['name'])).toEqual({ line: 2, column: 1 });
    expect(map.get(['steps', 2])).toBeUndefined();
    expect(map.get(['steps', 0, 'fake'])).toBeUndefined();
    expect(map.get(['steps', 0, 'args', 'comment'])).toBeUndefined();
  });

  it('falls back to the nearest recorded ancestor and maps normalised names back', () => {
    expect(map.locate(['steps', 0, 'retry', 'max_attempts'])).toEqual({ line: 14, column: 1 });
    expect(map.locate(['steps', 1, 'loop', 0, 'http', 'timeout_ms'])).toEqual({ line: 25, column: 1 });
    expect(map.locate(['config', 'output_limit_bytes'])).toEqual({ line: 3, column: 1 });
    expect(map.locate(['nothing'])).toBeUndefined();
    expect(locationIn(map, ['nothing'], 'w.toml')).toEqual({ file: 'w.toml', line: 1, column: 1 });
    expect(locationIn(undefined, ['steps', 0])).toEqual({ line: 1, column: 1 });
  });

  it('locates every key of a table with many keys and of long arrays', () => {
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
    const m = SourceMap.scan(
      `[t]\n${keys.map((k) => `${k} = 1`).join('\n')}\nlist = [${keys.map(() => '0').join(', ')}]\n`,
    );
    keys.forEach((k, i) => {
      expect(m.get(['t', k])).toEqual({ line: i + 2, column: 1 });
      expect(m.get(['t', 'list', i])).toEqual({ line: 22, column: 9 + 3 * i });
    });
    expect(m.get(['t', 'k20'])).toBeUndefined();
    expect(m.get(['t', 'k0', 'x'])).toBeUndefined();
    expect(m.get(['t', 'list', 20])).toBeUndefined();
  });

  it('handles CRLF line endings', () => {
    const crlf = SourceMap.scan('a = 1\r\n[t]\r\n  b = "x"\r\n');
    expect(crlf.get(['t', 'b'])).toEqual({ line: 3, column: 3 });
  });

  it('maps a timeout written in seconds back from timeout_ms', () => {
    const m = SourceMap.scan('[[steps]]\nid = "a"\ntimeout = 5\nmemory_limit = "1g"\n');
    expect(m.locate(['steps', 0, 'timeout_ms'])).toEqual({ line: 3, column: 1 });
    expect(m.locate(['steps', 0, 'memory_limit_bytes'])).toEqual({ line: 4, column: 1 });
  });
});
