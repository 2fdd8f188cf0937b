// "References imply order": references named by the injected stepReferences order steps and can close cycles.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from './parse-workflow.js';

/** A stand-in for core's reference lister: the roots of `{root...}` in every string of the raw step. */
function roots(raw: Readonly<Record<string, unknown>>): string[] {
  const found: string[] = [];
  const visit = (value: unknown, key?: string): void => {
    if (key === 'loop' || key === 'depends_on' || key === 'id') return;
    if (typeof value === 'string') for (const m of value.matchAll(/\{([a-z_-]+)[.}]/gi)) found.push(m[1] as string);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  visit(raw);
  return found;
}

/** Parses `test/references/<name>.toml` with {@link roots} as the reference lister. */
const parse = (name: string) =>
  parseWorkflow(readFileSync(new URL(`../test/references/${name}.toml`, import.meta.url), 'utf8'), {
    stepReferences: roots,
  });

describe('references imply order', () => {
  it('adds a referenced sibling to depends_on and lists it as inferred', () => {
    const { definition, diagnostics } = parse('sibling');
    expect(diagnostics).toEqual([]);
    expect(definition?.steps[1]).toMatchObject({ depends_on: ['fetch'], inferred_depends_on: ['fetch'] });
    expect(definition?.steps[0]?.inferred_depends_on).toBeUndefined();
  });

  it('does not repeat a dependency that depends_on lists', () => {
    const { definition } = parse('listed');
    expect(definition?.steps[1]?.depends_on).toEqual(['a']);
    expect(definition?.steps[1]?.inferred_depends_on).toBeUndefined();
  });

  it('orders the enclosing foreach after a top-level step a loop step references', () => {
    const { definition } = parse('loop');
    const each = definition?.steps[1];
    expect(each).toMatchObject({ depends_on: ['config'], inferred_depends_on: ['config'] });
    expect(each && 'loop' in each ? each.loop[1] : undefined).toMatchObject({ depends_on: ['one'] });
  });

  it('reports a cycle closed by a reference, naming the reference', () => {
    const { definition, diagnostics } = parse('cycle');
    expect(definition).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'DEPENDENCY_CYCLE', line: 7 });
    expect(diagnostics[0]?.message).toContain('a -> b -> a');
    expect(diagnostics[0]?.message).toContain('"b" references "a"');
  });
});
