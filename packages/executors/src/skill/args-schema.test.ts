// The JSON-Schema subset used for skill args: types, required, unknown keys, enum, items, and partial (templated) checks.
import { describe, expect, it } from 'vitest';
import { checkSchema, hasTemplate } from './args-schema.js';

const schema = {
  type: 'object',
  properties: {
    url: { type: 'string' },
    count: { type: 'integer' },
    ratio: { type: 'number' },
    dry: { type: 'boolean' },
    mode: { type: 'string', enum: ['fast', 'safe'] },
    tags: { type: 'array', items: { type: 'string' } },
    options: { type: 'object', properties: { depth: { type: 'integer' } }, additionalProperties: false },
    anything: {},
  },
  required: ['url'],
  additionalProperties: false,
};

describe('checkSchema', () => {
  it('accepts values that fit', () => {
    const args = {
      url: 'x',
      count: 2,
      ratio: 0.5,
      dry: false,
      mode: 'safe',
      tags: ['a'],
      options: { depth: 1 },
      anything: null,
    };
    expect(checkSchema(schema, args)).toEqual([]);
  });

  it('reports each problem with its path', () => {
    const args = {
      count: 1.5,
      ratio: '1',
      dry: 'yes',
      mode: 'slow',
      tags: ['a', 2],
      options: { depth: 1, extra: true },
      zzz: 1,
    };
    expect(checkSchema(schema, args)).toEqual([
      'args: missing required "url"',
      'args.count: expected integer, got number',
      'args.ratio: expected number, got string',
      'args.dry: expected boolean, got string',
      'args.mode: must be one of "fast", "safe" (got "slow")',
      'args.tags[1]: expected string, got number',
      'args.options: unknown key "extra" (accepted: depth)',
      'args: unknown key "zzz" (accepted: url, count, ratio, dry, mode, tags, options, anything)',
    ]);
  });

  it('checks a list of types and additionalProperties schemas', () => {
    const env = { type: 'object', additionalProperties: { type: ['string', 'number'] } };
    expect(checkSchema(env, { A: 'x', B: 2 })).toEqual([]);
    expect(checkSchema(env, { A: [] }, 'env')).toEqual(['env.A: expected string or number, got array']);
    expect(checkSchema(schema, [])).toEqual(['args: expected object, got array']);
  });

  it('skips templated values in partial mode but not required or unknown keys', () => {
    const args = { url: '{inputs.url}', count: '{prev.output.n}', mode: '{inputs.mode}', typo: 1 };
    expect(checkSchema(schema, args, 'args', { partial: true })).toEqual([
      'args: unknown key "typo" (accepted: url, count, ratio, dry, mode, tags, options, anything)',
    ]);
    expect(checkSchema(schema, { count: '{prev.output.n}' }, 'args', { partial: true })).toEqual([
      'args: missing required "url"',
    ]);
    expect(checkSchema(schema, { url: 'x', count: 'not a template' }, 'args', { partial: true })).toEqual([
      'args.count: expected integer, got string',
    ]);
    expect(checkSchema(schema, { url: 'x', count: '{prev.output.n}' })).toEqual([
      'args.count: expected integer, got string',
    ]);
  });

  it('tells templates from other braces', () => {
    expect(hasTemplate({ a: ['x', '{loop.item}'] })).toBe(true);
    expect(hasTemplate('{fetch-user.output.user[0].id}')).toBe(true);
    expect(hasTemplate('print({"a": 1})')).toBe(false);
    expect(hasTemplate(42)).toBe(false);
  });
});
