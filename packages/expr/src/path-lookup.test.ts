// Tests for walking reference paths: own properties, indexes, JSON strings, refused prototype walks, messages.
import { describe, expect, it } from 'vitest';
import { lookupReference, type TemplateScope } from './path-lookup.js';
import { listReferences } from './template-parse.js';

const scope: TemplateScope = new Map<string, unknown>([
  ['inputs', { env: 'prod', count: 3, list: ['x', 'y'], empty: {} }],
  ['execution_id', 'exec-1'],
  ['fetch-user', { status: 'completed', output: { user: { id: 123, name: 'Alice' } }, metadata: { exit_code: 0 } }],
  ['skipped', { status: 'skipped', output: undefined }],
  ['pending', { status: 'pending' }],
  ['json', { status: 'completed', output: '{"rows": [{"id": 7}], "n": null}' }],
  ['list', { status: 'completed', output: [10, 20, 30] }],
  ['wide', { output: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i])) }],
]);

function lookup(text: string) {
  const [ref] = listReferences(text);
  if (!ref) throw new Error(`no reference in ${text}`);
  return lookupReference(ref, scope);
}

describe('lookupReference', () => {
  it.each([
    ['{fetch-user.output.user.id}', 123],
    ['{fetch-user.output.user}', { id: 123, name: 'Alice' }],
    ['{fetch-user.metadata.exit_code}', 0],
    ['{fetch-user.status}', 'completed'],
    ['{execution_id}', 'exec-1'],
    ['{inputs.list[1]}', 'y'],
    ['{inputs.list.0}', 'x'],
    ['{list.output[2]}', 30],
    ['{json.output.rows[0].id}', 7],
    ['{json.output.n}', null],
    ['{json.output}', '{"rows": [{"id": 7}], "n": null}'],
  ])('finds %s', (text, value) => {
    expect(lookup(text)).toEqual({ found: true, value });
  });

  it.each([
    [
      '{fetch-user.output.user.nme}',
      '{fetch-user.output.user.nme}: no field "nme" in fetch-user.output.user (fields: id, name)',
    ],
    [
      '{fetch-user.output.user.name.first}',
      '{fetch-user.output.user.name.first}: fetch-user.output.user.name is a string, not an object',
    ],
    [
      '{fetch-user.output.user.id[0]}',
      '{fetch-user.output.user.id[0]}: fetch-user.output.user.id is a number, not an array',
    ],
    ['{json.output.n.x}', '{json.output.n.x}: json.output.n is null, not an object'],
    ['{skipped.output}', '{skipped.output}: step "skipped" has no output (status: skipped)'],
    ['{skipped.output.x}', '{skipped.output.x}: step "skipped" has no output (status: skipped)'],
    ['{pending.output.x}', '{pending.output.x}: step "pending" has no output (status: pending)'],
    ['{list.output[3]}', '{list.output[3]}: no index 3 in list.output (3 items)'],
    ['{list.output.length}', '{list.output.length}: list.output is an array, "length" is not an index'],
    ['{inputs.missing}', '{inputs.missing}: no field "missing" in inputs (fields: env, count, list, empty)'],
    ['{inputs.empty.x}', '{inputs.empty.x}: no field "x" in inputs.empty (no fields)'],
    ['{nobody.output}', '{nobody.output}: unknown reference "nobody"'],
    [
      '{wide.output.zz}',
      '{wide.output.zz}: no field "zz" in wide.output (fields: k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, ... (12 in all))',
    ],
  ])('reports %s as missing with a readable message', (text, message) => {
    expect(lookup(text)).toEqual({ found: false, message });
  });

  it('never walks __proto__, constructor or prototype', () => {
    const hostile: TemplateScope = new Map<string, unknown>([
      ['a', { output: { x: 1, prototype: 'own but refused' } }],
      ['fn', { output: () => 1 }],
    ]);
    for (const text of [
      '{a.__proto__}',
      '{a.output.__proto__}',
      '{a.output.constructor}',
      '{a.output.constructor.name}',
      '{a.output.prototype}',
      '{a.output.toString}',
      '{a.output.hasOwnProperty}',
      '{fn.output.prototype}',
    ]) {
      const [ref] = listReferences(text);
      if (!ref) throw new Error(text);
      const result = lookupReference(ref, hostile);
      expect(result.found, text).toBe(false);
    }
  });

  it('does not walk into strings that are not JSON objects or arrays', () => {
    const strings: TemplateScope = new Map<string, unknown>([
      ['s', { output: '"quoted"' }],
      ['t', { output: '{bad json' }],
    ]);
    for (const text of ['{s.output.x}', '{t.output.x}']) {
      const [ref] = listReferences(text);
      if (!ref) throw new Error(text);
      expect(lookupReference(ref, strings)).toEqual({
        found: false,
        message: `${text}: ${ref.root}.output is a string, not an object`,
      });
    }
  });

  it('reports a root whose value is undefined', () => {
    const [ref] = listReferences('{loop.item}');
    if (!ref) throw new Error('no ref');
    expect(lookupReference(ref, new Map([['loop', undefined]]))).toEqual({
      found: false,
      message: '{loop.item}: "loop" has no value',
    });
  });
});
