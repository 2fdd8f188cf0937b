// "Data stays data" through the real shell and interpreters on the host: hostile values come out byte-identical.
import { spawnSync } from 'node:child_process';
import { useHttpServer } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { coreWorkflow } from '../test/engine-fixture.js';
import { expectValuesStayData, HOSTILE_VALUES } from './data-stays-data.suite.js';
import { createEngine } from './engine.js';

const hasRuby = spawnSync('ruby', ['-e', '0']).status === 0;
const requireAll = process.env.SKILL_REQUIRE_INTEGRATION === '1';
if (!hasRuby && !requireAll) console.warn('data-stays-data: ruby is not installed; its contexts are skipped');

describe('template values are data in shell and code (native)', () => {
  it('every context prints every hostile value exactly and runs nothing else', { timeout: 300_000 }, async () => {
    await expectValuesStayData({ native: true, skip: hasRuby || requireAll ? [] : ['ruby'] });
  });
});

describe('template values in other places', () => {
  /** Answers every request with the raw request target it received. */
  const echo = useHttpServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ target: req.url, header: req.headers['x-value'] ?? null }));
  });

  it('percent-encodes values in a URL path and query, and fails a header value holding CR/LF', async () => {
    const engine = createEngine();
    const record = await engine.run(coreWorkflow('urls'), {
      base: echo().url,
      id: '../admin?x=1#frag\r\nX-Evil: 1',
      q: 'a&b=c d/é',
    });
    expect(record.steps.call?.output).toMatchObject({
      target: `/users/${encodeURIComponent('../admin?x=1#frag\r\nX-Evil: 1')}?q=${encodeURIComponent('a&b=c d/é')}`,
    });
    expect(record.steps.split).toMatchObject({ status: 'failed' });
    expect(record.steps.split?.error).toMatch(/line break/);
  });

  it('gives environment and argv values that resolve to objects and arrays as compact JSON', async () => {
    const engine = createEngine();
    const record = await engine.run(coreWorkflow('text-fields'), { obj: { a: 1, b: 'x y' }, list: ['a', 'b'] });
    expect(record.steps.env?.output).toBe('{"a":1,"b":"x y"}|["a","b"]');
    expect(record.steps.argv?.output).toBe('{"a":1,"b":"x y"}|["a","b"]');
  });

  it('never resolves a value twice: {execution_id} inside a value stays text everywhere', async () => {
    const engine = createEngine();
    const value = '{execution_id} {workflow} {inputs.v}';
    const record = await engine.run(coreWorkflow('once'), { v: value });
    expect(record.steps.echo?.output).toBe(value);
    expect(record.steps.again?.output).toBe(value);
    expect(record.steps.loop?.output).toEqual([value]);
  });

  it('keeps at least 15 hostile values in the suite', () => {
    expect(HOSTILE_VALUES.length).toBeGreaterThanOrEqual(15);
  });
});
