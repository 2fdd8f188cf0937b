// Tests for evaluating `when` conditions: the guide's examples, equality, ordering, membership, null refs.
import { describe, expect, it } from 'vitest';
import { conditionReferences, evaluateCondition } from './condition-evaluate.js';
import { parseCondition } from './condition-parser.js';
import type { TemplateScope } from './path-lookup.js';

const scope: TemplateScope = new Map<string, unknown>([
  [
    'inputs',
    { env: 'prod', n: 5, price: '5', zero: 0, empty: '', none: null, list: [], tags: ['a', 'b'], cfg: { x: 1 } },
  ],
  ['validate-data', { status: 'failed', metadata: { quality_score: 0.95 }, output: { rows: [{ id: 1 }, { id: 2 }] } }],
  ['check-environment', { status: 'completed', output: { env: 'production' } }],
  ['step-a', { status: 'completed', output: '{"ok": true}' }],
  ['skipped', { status: 'skipped' }],
]);

const when = (text: string) => evaluateCondition(text, scope);

describe('evaluateCondition', () => {
  it.each([
    // the guide's examples
    ['{validate-data.metadata.quality_score} > 0.9', true],
    ['{validate-data.metadata.quality_score} > 0.99', false],
    ["{validate-data.status} == 'failed'", true],
    ["{check-environment.output.env} == 'production'", true],
    ["{check-environment.output.env} == 'staging'", false],
    ["{step-a.status} == 'completed'", true],
    // equality: deep, numbers vs numeric strings, no other coercion
    ['{inputs.n} == 5', true],
    ["{inputs.n} == '5'", true],
    ['{inputs.price} == 5.0', true],
    ["{inputs.n} == ' 5 '", true],
    ["{inputs.n} == '5x'", false],
    ["{inputs.n} == ''", false],
    ['{inputs.zero} == false', false],
    ['{inputs.empty} == 0', false],
    ['{inputs.none} == null', true],
    ["{inputs.tags} == ['a', 'b']", true],
    ["{inputs.tags} == ['b', 'a']", false],
    ["{inputs.tags} != ['a']", true],
    ['{validate-data.output.rows} == [{validate-data.output.rows[0]}, {validate-data.output.rows[1]}]', true],
    ['{step-a.output.ok} == true', true],
    ['\'a\' == "a"', true],
    ['1 == 1.0', true],
    // ordering: two numbers or two strings only
    ['{inputs.n} >= 5', true],
    ['{inputs.n} < 5', false],
    ["'apple' < 'banana'", true],
    ["'b' <= 'a'", false],
    ['{inputs.price} > 4', false],
    ['null < 1', false],
    ['true > false', false],
    ['{skipped.output} < 1', false],
    // membership
    ["'a' in {inputs.tags}", true],
    ["'c' in {inputs.tags}", false],
    ["'c' not in {inputs.tags}", true],
    ["5 in ['5', 6]", true],
    ['[1] in [[1], [2]]', true],
    ["'rod' in {inputs.env}", true],
    ["'x' in {inputs.cfg}", true],
    ["'y' in {inputs.cfg}", false],
    ["'constructor' in {inputs.cfg}", false],
    ["'a' in null", false],
    ["'a' in 5", false],
    ["null in ['a', null]", true],
    // logic and truthiness
    ['!{inputs.zero}', true],
    ['not {inputs.empty}', true],
    ['!{inputs.list}', true],
    ['!{inputs.cfg}', false],
    ["!!'0'", true],
    ['{inputs.n} > 1 && {inputs.n} < 10', true],
    ["{inputs.env} == 'dev' || {inputs.env} == 'prod'", true],
    ["{inputs.env} == 'dev' or ({inputs.n} == 5 and not {inputs.zero})", true],
    ['{inputs.tags}', true],
    ['{inputs.list}', false],
    ['0', false],
    ['-0.0', false],
    ["''", false],
    ['[]', false],
    ['[0]', true],
    ['null', false],
    ['true', true],
    // a missing reference reads as null, never throwing
    ['{skipped.output} == null', true],
    ['{skipped.output}', false],
    ['{skipped.output.deep.field} == null', true],
    ['{inputs.nope} == null', true],
    ['{nobody.status} == null', true],
    ['{inputs.tags[9]} == null', true],
    ['{inputs.env.x} == null', true],
    ['{inputs.constructor} == null', true],
    ["{skipped.status} == 'skipped'", true],
    // references inside quoted strings are interpolated as text
    ["'{inputs.env}-{inputs.n}' == 'prod-5'", true],
    ['\'{inputs.tags}\' == \'["a","b"]\'', true],
    ["'{skipped.output}' == 'null'", true],
    ['\'{row.x}\' == "{row.x}"', true],
    ["'{{inputs.env}}' == '\\{inputs.env\\}'", true],
  ])('%s is %s', (text, expected) => {
    expect(when(text)).toBe(expected);
  });

  it('accepts a parsed condition', () => {
    const condition = parseCondition("{inputs.env} == 'prod'");
    expect(evaluateCondition(condition, scope)).toBe(true);
    expect(evaluateCondition(condition, new Map([['inputs', { env: 'dev' }]]))).toBe(false);
  });

  it('short-circuits && and ||', () => {
    let reads = 0;
    const counting: TemplateScope = {
      has: () => true,
      get: (root) => {
        reads++;
        return root === 'a' ? { v: 0 } : { v: 1 };
      },
    };
    expect(evaluateCondition('{a.v} && {b.v}', counting)).toBe(false);
    expect(reads).toBe(1);
    expect(evaluateCondition('{b.v} || {a.v}', counting)).toBe(true);
    expect(reads).toBe(2);
  });

  it('compares deeply nested values without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const nested = new Map<string, unknown>([
      ['a', { output: deep }],
      ['b', { output: deep }],
    ]);
    expect(evaluateCondition('{a.output} == {b.output}', nested)).toBe(true);
  });
});

describe('conditionReferences', () => {
  it('lists references in source order, including those in strings and lists', () => {
    const text = "!({a.status} == 'x-{b.output.y}') || [{c.output[0]}] != {d}";
    expect(conditionReferences(text).map((ref) => ref.raw)).toEqual([
      '{a.status}',
      '{b.output.y}',
      '{c.output[0]}',
      '{d}',
    ]);
    expect(conditionReferences(parseCondition('{e.status}'))).toEqual([
      { root: 'e', path: ['status'], raw: '{e.status}', start: 0, end: 10 },
    ]);
    expect(conditionReferences('true')).toEqual([]);
  });
});
