import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useTempDir } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { parseMetadataText, readMetadataFile, withEngineKeys } from './metadata-file.js';

const dir = useTempDir('metadata-file-test-');

describe('parseMetadataText', () => {
  it('reads key=value lines with typed numbers and booleans', () => {
    const text =
      '# a comment\nrows=1234\nratio=0.97\nneg=-3\nok=true\nbad=false\n\nname=report 1\nnull=null\nzip=007\n';
    expect(parseMetadataText(text)).toEqual({
      rows: 1234,
      ratio: 0.97,
      neg: -3,
      ok: true,
      bad: false,
      name: 'report 1',
      null: 'null',
      zip: '007',
    });
  });

  it('keeps everything after the first = and lets a later line win', () => {
    expect(parseMetadataText('query=a=b&c=d\r\nx=1\nx=2\nno equals sign\n=novalue')).toEqual({
      query: 'a=b&c=d',
      x: 2,
    });
  });

  it('reads one JSON object, keeping its types', () => {
    expect(parseMetadataText('{"rows": 3, "tags": ["a"], "nested": {"k": "v"}}\n')).toEqual({
      rows: 3,
      tags: ['a'],
      nested: { k: 'v' },
    });
  });

  it('keeps __proto__ as plain data', () => {
    const parsed = parseMetadataText('__proto__=polluted\nx=1');
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('readMetadataFile', () => {
  it('gives {} for a missing file', async () => {
    expect(await readMetadataFile(join(dir(), 'missing'))).toEqual({});
  });

  it('reads both formats from disk', async () => {
    await writeFile(join(dir(), 'kv'), 'count=5\nlabel=done\n');
    await writeFile(join(dir(), 'json'), '{"count": 5, "label": "done"}');
    expect(await readMetadataFile(join(dir(), 'kv'))).toEqual({ count: 5, label: 'done' });
    expect(await readMetadataFile(join(dir(), 'json'))).toEqual({ count: 5, label: 'done' });
  });
});

describe('withEngineKeys', () => {
  it('adds engine keys only where the step set none and skips undefined values', () => {
    expect(withEngineKeys({ exit_code: 'mine' }, { exit_code: 0, stderr: 'x', truncated: undefined })).toEqual({
      exit_code: 'mine',
      stderr: 'x',
    });
  });
});
