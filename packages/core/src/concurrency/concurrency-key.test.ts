// The concurrency key as data (attack): hostile input values stay text in the key, control characters are escaped,
// the length is bounded while distinct values stay distinct; templates naming secrets or steps are refused, located.
import { MAX_CONCURRENCY_KEY_LENGTH } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { gatedDeploy } from '../../test/concurrency-workflows.js';
import { useEngines } from '../../test/engine-fixture.js';
import { resolveConcurrencyKey } from './key-resolution.js';

const engines = useEngines('skill-concurrency-key-');
const config = (key: string) => ({ key, limit: 1, on_conflict: 'queue' as const });

describe('resolveConcurrencyKey', () => {
  it('resolves inputs and the workflow name as text', () => {
    expect(resolveConcurrencyKey(config('deploy-{inputs.env}'), { env: 'prod' }, 'w')).toBe('deploy-prod');
    expect(resolveConcurrencyKey(config('{workflow}:{inputs.n}'), { n: 3 }, 'ship')).toBe('ship:3');
    expect(resolveConcurrencyKey(config('{inputs.o}'), { o: { a: [1] } }, 'w')).toBe('{"a":[1]}');
  });

  it('keeps hostile values as data: template syntax, SQL, escapes and bidi characters do nothing', () => {
    const hostile = "prod'; drop table concurrency_slots; -- {secrets.TOKEN} $(rm -rf /)\u001b[31m\u202e";
    const key = resolveConcurrencyKey(config('deploy-{inputs.env}'), { env: hostile }, 'w');
    expect(key).toBe("deploy-prod'; drop table concurrency_slots; -- {secrets.TOKEN} $(rm -rf /)\\u001b[31m\\u202e");
    expect([...key].some((c) => c.charCodeAt(0) < 0x20 || c === '\u202e')).toBe(false);
  });

  it('bounds the length, and keeps distinct long values distinct', () => {
    const long = 'x'.repeat(100_000);
    const a = resolveConcurrencyKey(config('k-{inputs.env}'), { env: `${long}a` }, 'w');
    const b = resolveConcurrencyKey(config('k-{inputs.env}'), { env: `${long}b` }, 'w');
    expect(a.length).toBe(MAX_CONCURRENCY_KEY_LENGTH);
    expect(b.length).toBe(MAX_CONCURRENCY_KEY_LENGTH);
    expect(a).not.toBe(b);
    expect(resolveConcurrencyKey(config('k-{inputs.env}'), { env: `${long}a` }, 'w')).toBe(a);
  });
});

describe('[config] concurrency.key validation', () => {
  it.each([
    ['{secrets.TOKEN}', '{secrets.TOKEN}'],
    ['deploy-{build.output}', '{build.output}'],
    ['deploy-{inputs.nope}', '{inputs.nope}'],
    ['{execution_id}', '{execution_id}'],
  ])('refuses %s at the key, naming the reference', async (key, named) => {
    const { engine } = await engines.project();
    const text = gatedDeploy().replace('deploy-{inputs.env}', key);
    const report = await engine.validate(text);
    expect(report.ok).toBe(false);
    const problem = report.diagnostics.find((d) => d.code === 'UNKNOWN_REFERENCE');
    expect(problem).toMatchObject({ severity: 'error', line: 6, column: 1 });
    expect(problem?.message).toContain(named);
  });

  it('fails an execution whose key names an input that was not given, before anything runs', async () => {
    const { engine } = await engines.project();
    const text = gatedDeploy().replace('required = true', 'required = false');
    const record = await engine.run(text, {});
    expect(record.status).toBe('failed');
    expect(record.error?.code).toBe('TEMPLATE_REF_MISSING');
    expect(record.steps).toEqual({});
  });
});
