// Tests of [config] concurrency: defaults, every field, and mistakes located at their key.
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from './parse-workflow.js';

const STEP = '[[steps]]\nid = "a"\ncommand = "true"\n';

function parse(concurrency: string) {
  return parseWorkflow(`version = "1"\nname = "deploy"\n[config]\nconcurrency = ${concurrency}\n${STEP}`, {
    file: 'w.toml',
  });
}

describe('[config] concurrency', () => {
  it('reads key, limit and on_conflict, with limit 1 and queue by default', () => {
    const { definition, diagnostics } = parse('{ key = "deploy-{inputs.env}" }');
    expect(diagnostics).toEqual([]);
    expect(definition?.config.concurrency).toEqual({
      key: 'deploy-{inputs.env}',
      limit: 1,
      on_conflict: 'queue',
      location: { file: 'w.toml', line: 4, column: 1 },
    });
    const full = parse('{ key = "k", limit = 3, on_conflict = "cancel-running" }').definition?.config.concurrency;
    expect(full).toMatchObject({ key: 'k', limit: 3, on_conflict: 'cancel-running' });
    expect(parseWorkflow(`version = "1"\nname = "x"\n${STEP}`).definition?.config.concurrency).toBeUndefined();
  });

  it.each([
    ['{ key = "" }', 'key'],
    ['{ limit = 2 }', 'key'],
    ['{ key = "k", limit = 0 }', 'limit'],
    ['{ key = "k", limit = 1001 }', 'limit'],
    ['{ key = "k", limit = 1.5 }', 'limit'],
    ['{ key = "k", on_conflict = "wait" }', 'on_conflict'],
    ['{ key = "k", when = "x" }', 'when'],
    ['"deploy"', 'concurrency'],
    [`{ key = "${'k'.repeat(257)}" }`, 'key'],
  ])('refuses %s at line 4', (value, field) => {
    const { definition, diagnostics } = parse(value);
    expect(definition).toBeUndefined();
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', file: 'w.toml', line: 4 });
    expect(diagnostics.map((d) => d.message).join('\n')).toContain(field);
  });
});
