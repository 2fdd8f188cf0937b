// Tests for resolving templates: typed whole references, text insertion, unknown roots kept, errors.
import { workflowErrorThrownBy } from '@skill/test-kit';
import { WorkflowError } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import type { TemplateScope } from './path-lookup.js';
import { resolveDeep, resolveTemplate } from './template-resolve.js';

const scope: TemplateScope = new Map<string, unknown>([
  ['inputs', { name: 'Ada', n: 2.5, on: true, nothing: null, tags: ['a', 'b'], obj: { k: 'v', n: 1 } }],
  ['execution_id', 'exec-42'],
  ['workflow', 'demo'],
  ['loop', { item: { host: 'svc-a' }, index: 0 }],
  ['fetch-user', { status: 'completed', output: { user: { id: 123, name: 'Alice' } } }],
  ['skipped', { status: 'skipped' }],
]);

describe('resolveTemplate', () => {
  it('returns a lone reference with its type', () => {
    expect(resolveTemplate('{fetch-user.output.user.id}', scope)).toBe(123);
    expect(resolveTemplate('{fetch-user.output.user}', scope)).toEqual({ id: 123, name: 'Alice' });
    expect(resolveTemplate('{inputs.on}', scope)).toBe(true);
    expect(resolveTemplate('{inputs.nothing}', scope)).toBeNull();
    expect(resolveTemplate('{inputs.tags}', scope)).toEqual(['a', 'b']);
    expect(resolveTemplate('{loop.index}', scope)).toBe(0);
  });

  it('inserts values into longer strings as text', () => {
    expect(resolveTemplate('Hello {fetch-user.output.user.name}!', scope)).toBe('Hello Alice!');
    expect(
      resolveTemplate('id={fetch-user.output.user.id} n={inputs.n} on={inputs.on} x={inputs.nothing}', scope),
    ).toBe('id=123 n=2.5 on=true x=null');
    expect(resolveTemplate('tags={inputs.tags} obj={inputs.obj}', scope)).toBe('tags=["a","b"] obj={"k":"v","n":1}');
    expect(resolveTemplate('https://{loop.item.host}.example.com/{execution_id}/{workflow}', scope)).toBe(
      'https://svc-a.example.com/exec-42/demo',
    );
    expect(resolveTemplate(' {inputs.name}', scope)).toBe(' Ada');
  });

  it('leaves references to unknown roots and non-references exactly as written', () => {
    const python = 'row = {"x": 1}\nprint(f"{row.x} {inputs.name}")\nd = {"a": {"b": [1]}}';
    expect(resolveTemplate(python, scope)).toBe('row = {"x": 1}\nprint(f"{row.x} Ada")\nd = {"a": {"b": [1]}}');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell text on purpose
    const bash = 'echo "${HOME:-${USER}}" ${inputs.name} | awk \'{print $1}\' && test -n "${PATH}"';
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell text on purpose
    const expected = 'echo "${HOME:-${USER}}" $Ada | awk \'{print $1}\' && test -n "${PATH}"';
    expect(resolveTemplate(bash, scope)).toBe(expected);
    expect(resolveTemplate('{row.x}', scope)).toBe('{row.x}');
    expect(resolveTemplate('{ inputs.name } {} {"a": 1}', scope)).toBe('{ inputs.name } {} {"a": 1}');
  });

  it('applies escapes: {{ref}} is the literal {ref}', () => {
    expect(resolveTemplate('{{inputs.name}} is {inputs.name}', scope)).toBe('{inputs.name} is Ada');
    expect(resolveTemplate('{{inputs.name}}', scope)).toBe('{inputs.name}');
    expect(resolveTemplate('{{json .}} {{ x }}', scope)).toBe('{{json .}} {{ x }}');
  });

  it('returns the same string when there is nothing to resolve', () => {
    const text = 'nothing {here} at all';
    expect(resolveTemplate(text, scope)).toBe(text);
  });

  it('throws TEMPLATE_REF_MISSING naming the reference and what was there', () => {
    const error = workflowErrorThrownBy(() => resolveTemplate('{fetch-user.output.user.nme}', scope));
    expect(error).toBeInstanceOf(WorkflowError);
    expect(error.code).toBe('TEMPLATE_REF_MISSING');
    expect(error.message).toBe(
      '{fetch-user.output.user.nme}: no field "nme" in fetch-user.output.user (fields: id, name)',
    );
    expect(error.details).toEqual({ reference: '{fetch-user.output.user.nme}', retryable: false });

    const inText = workflowErrorThrownBy(() => resolveTemplate('user: {skipped.output}', scope));
    expect(inText.code).toBe('TEMPLATE_REF_MISSING');
    expect(inText.message).toBe('{skipped.output}: step "skipped" has no output (status: skipped)');
    expect(workflowErrorThrownBy(() => resolveTemplate('{fetch-user.output.user.name.x}', scope)).message).toBe(
      '{fetch-user.output.user.name.x}: fetch-user.output.user.name is a string, not an object',
    );
  });

  it('refuses to walk the prototype', () => {
    for (const text of ['{inputs.constructor}', '{inputs.__proto__}', '{inputs.obj.constructor.prototype}']) {
      expect(workflowErrorThrownBy(() => resolveTemplate(text, scope)).code).toBe('TEMPLATE_REF_MISSING');
    }
  });

  it('refuses to insert a value that has no JSON text', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const error = workflowErrorThrownBy(() => resolveTemplate('x {a.output}', new Map([['a', { output: cyclic }]])));
    expect(error.code).toBe('INVALID_TEMPLATE');
  });
});

describe('resolveDeep', () => {
  it('resolves every string in arrays and objects and leaves keys alone', () => {
    const args = {
      user_id: '{fetch-user.output.user.id}',
      name: '{fetch-user.output.user.name}',
      '{inputs.name}': 'key stays',
      nested: [{ url: 'https://{loop.item.host}/x' }, 5, null, false],
    };
    expect(resolveDeep(args, scope)).toEqual({
      user_id: 123,
      name: 'Alice',
      '{inputs.name}': 'key stays',
      nested: [{ url: 'https://svc-a/x' }, 5, null, false],
    });
  });

  it('returns the same object when nothing changed and leaves the input untouched', () => {
    const value = { a: ['plain', { b: 'text {row.x}' }], c: 1 };
    expect(resolveDeep(value, scope)).toBe(value);
    const mixed = { keep: { x: 'plain' }, change: '{inputs.name}' };
    const out = resolveDeep(mixed, scope);
    expect(out).toEqual({ keep: { x: 'plain' }, change: 'Ada' });
    expect(out.keep).toBe(mixed.keep);
    expect(mixed.change).toBe('{inputs.name}');
  });

  it('keeps a "__proto__" key as a plain key', () => {
    const value = JSON.parse('{"__proto__": {"polluted": "{inputs.name}"}}') as Record<string, unknown>;
    const out = resolveDeep(value, scope);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('resolves a top-level string and passes other values through', () => {
    expect(resolveDeep('{inputs.n}', scope)).toBe(2.5);
    expect(resolveDeep(7, scope)).toBe(7);
    const date = new Date(0);
    expect(resolveDeep(date, scope)).toBe(date);
  });
});
