// Tests for template syntax: which braces are references, escapes, and reference listing.
import { describe, expect, it } from 'vitest';
import { isTemplateRoot } from './reference.js';
import { escapeTemplateText, listReferences, listReferencesDeep, parseTemplate } from './template-parse.js';

const raws = (text: string) => listReferences(text).map((ref) => ref.raw);

describe('parseTemplate', () => {
  it('splits text and references with offsets and typed path segments', () => {
    const source = 'id={fetch-user.output.users[2].name}!';
    expect(parseTemplate(source)).toEqual({
      source,
      parts: [
        { kind: 'text', text: 'id=' },
        {
          kind: 'ref',
          ref: {
            root: 'fetch-user',
            path: ['output', 'users', 2, 'name'],
            raw: '{fetch-user.output.users[2].name}',
            start: 3,
            end: 36,
          },
        },
        { kind: 'text', text: '!' },
      ],
    });
    expect(source.slice(3, 36)).toBe('{fetch-user.output.users[2].name}');
  });

  it('keeps a numeric .0 segment as a string and [0] as a number', () => {
    expect(listReferences('{a.output.0}')[0]?.path).toEqual(['output', '0']);
    expect(listReferences('{a.output[0]}')[0]?.path).toEqual(['output', 0]);
  });

  it('returns no parts for the empty string and one text part for plain text', () => {
    expect(parseTemplate('').parts).toEqual([]);
    expect(parseTemplate('plain').parts).toEqual([{ kind: 'text', text: 'plain' }]);
  });

  it.each([
    ['{"a": 1}'],
    ['{ x }'],
    ['{}'],
    ['{a.}'],
    ['{a..b}'],
    ['{a[x]}'],
    ['{a[-1]}'],
    ['{a[]}'],
    ['{a.b c}'],
    ['{a.b'],
    ['{a$b}'],
    ['{execution_id.x}'],
    ['{workflow.name}'],
    ['{a[1234567890123456]}'],
    ['{{.State.Running}}'],
    ["docker ps --format '{{json .}}'"],
    ['{{ inputs.x }}'],
  ])('treats %s as plain text, exactly as written', (text) => {
    expect(parseTemplate(text).parts).toEqual([{ kind: 'text', text }]);
    expect(listReferences(text)).toEqual([]);
  });

  it('finds references right after a $ (the $ is just text)', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell text on purpose
    expect(parseTemplate('${inputs.x}').parts).toEqual([
      { kind: 'text', text: '$' },
      { kind: 'ref', ref: { root: 'inputs', path: ['x'], raw: '{inputs.x}', start: 1, end: 11 } },
    ]);
  });

  it('reads {{ref}} as the literal text {ref}', () => {
    expect(parseTemplate('a {{inputs.x}} b').parts).toEqual([{ kind: 'text', text: 'a {inputs.x} b' }]);
    expect(parseTemplate('{{a[0].b}}').parts).toEqual([{ kind: 'text', text: '{a[0].b}' }]);
  });

  it('leaves braces that do not wrap a reference alone, doubled or not', () => {
    const python = 'd = {"a": {"b": 1}}\nprint(f"{{x: 1}}")';
    expect(parseTemplate(python).parts).toEqual([{ kind: 'text', text: python }]);
    const awk = "awk '{print $1}}' | jq '{a: .b}'";
    expect(parseTemplate(awk).parts).toEqual([{ kind: 'text', text: awk }]);
  });

  it('sees a shell $NAME in braces as a candidate {NAME} (resolution keeps unknown roots as written)', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell text on purpose
    const bash = 'echo "${HOME:-${USER}}"';
    expect(raws(bash)).toEqual(['{USER}']);
    const joined = parseTemplate(bash)
      .parts.map((part) => (part.kind === 'text' ? part.text : part.ref.raw))
      .join('');
    expect(joined).toBe(bash);
  });

  it('mixes escapes, references and braces', () => {
    expect(parseTemplate('{{{inputs.a}}}-{inputs.b}}').parts).toEqual([
      { kind: 'text', text: '{{inputs.a}}-' },
      { kind: 'ref', ref: { root: 'inputs', path: ['b'], raw: '{inputs.b}', start: 15, end: 25 } },
      { kind: 'text', text: '}' },
    ]);
  });

  it('accepts execution_id and workflow without a path', () => {
    expect(raws('{execution_id}/{workflow}')).toEqual(['{execution_id}', '{workflow}']);
  });

  it('caches by string and freezes the result', () => {
    const first = parseTemplate('cached {inputs.v}');
    expect(parseTemplate('cached {inputs.v}')).toBe(first);
    expect(Object.isFrozen(first.parts)).toBe(true);
    expect(() => (first.parts as unknown[]).push(1)).toThrow(TypeError);
  });
});

describe('listReferences / listReferencesDeep', () => {
  it('lists candidate references by syntax only', () => {
    expect(raws('{row.x} {inputs.a} {0} {{inputs.b}}')).toEqual(['{row.x}', '{inputs.a}', '{0}']);
  });

  it('lists references in every string of nested arrays and objects, not in keys', () => {
    const value = {
      '{inputs.key}': 'k',
      url: 'https://{loop.item}.example.com',
      args: ['{a.output}', { deep: ['x {b.status} {c.output[0]}'] }],
      count: 3,
      flag: true,
      none: null,
    };
    expect(listReferencesDeep(value).map((ref) => ref.raw)).toEqual([
      '{loop.item}',
      '{a.output}',
      '{b.status}',
      '{c.output[0]}',
    ]);
    expect(listReferencesDeep('{inputs.a}').map((ref) => ref.root)).toEqual(['inputs']);
    expect(listReferencesDeep(42)).toEqual([]);
  });

  it('survives cycles', () => {
    const value: Record<string, unknown> = { a: '{inputs.a}' };
    value.self = value;
    expect(listReferencesDeep(value).map((ref) => ref.raw)).toEqual(['{inputs.a}']);
  });
});

describe('isTemplateRoot', () => {
  it('is true only for the engine roots', () => {
    expect(['inputs', 'loop', 'execution_id', 'workflow'].map(isTemplateRoot)).toEqual([true, true, true, true]);
    expect(['fetch-user', 'output', 'Inputs', ''].map(isTemplateRoot)).toEqual([false, false, false, false]);
  });
});

describe('escapeTemplateText', () => {
  it.each([
    ['{a}', '{{a}}'],
    ['{{a}}', '{{{a}}}'],
    ['x {"k": 1} {a.b[0]}}', 'x {"k": 1} {{a.b[0]}}}'],
    ['no braces', 'no braces'],
  ])('escapes %s as %s, which parses back to the same text', (text, escaped) => {
    expect(escapeTemplateText(text)).toBe(escaped);
    expect(parseTemplate(escaped).parts).toEqual([{ kind: 'text', text }]);
  });
});
