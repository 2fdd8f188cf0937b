// foreach items: static arrays, JSON array text, lines of text, invalid items, max_iterations, zero items.
import type { StepProgressBody } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { config, FakeHooks, fail, foreach, leaf } from '../test/scheduler-fixture.js';
import { runSteps } from './index.js';

const double = (ctx: { iteration?: { item: unknown } }) => ({ output: Number(ctx.iteration?.item) * 2 });

function progress(hooks: FakeHooks, id: string): StepProgressBody[] {
  return hooks.of(id).filter((e): e is StepProgressBody => e.type === 'step_progress' && e.progress !== undefined);
}

describe('foreach items', () => {
  it('runs the loop once per static item and fans the outputs in, in item order', async () => {
    const hooks = new FakeHooks({ work: double });
    const steps = [foreach('each', [1, 2, 3], [leaf('work')]), leaf('after', { depends_on: ['each'] })];
    const result = await runSteps({ steps, config: config() }, hooks);
    expect(result.status).toBe('completed');
    const each = result.steps.get('each');
    expect(each).toMatchObject({ status: 'completed', output: [2, 4, 6], attempts: 1 });
    expect(each?.metadata).toEqual({
      total: 3,
      completed: 3,
      failed: 0,
      results: [
        { index: 0, item: 1, status: 'completed', output: 2 },
        { index: 1, item: 2, status: 'completed', output: 4 },
        { index: 2, item: 3, status: 'completed', output: 6 },
      ],
    });
    expect(hooks.calls.map((c) => [c.id, c.index, c.item])).toEqual([
      ['work', 0, 1],
      ['work', 1, 2],
      ['work', 2, 3],
      ['after', undefined, undefined],
    ]);
    expect(progress(hooks, 'each').map((e) => [e.progress, e.item])).toEqual([
      [
        { completed: 1, failed: 0, total: 3 },
        { index: 0, status: 'completed' },
      ],
      [
        { completed: 2, failed: 0, total: 3 },
        { index: 1, status: 'completed' },
      ],
      [
        { completed: 3, failed: 0, total: 3 },
        { index: 2, status: 'completed' },
      ],
    ]);
    expect(hooks.types('each')).toEqual([
      'step_started',
      'step_progress',
      'step_progress',
      'step_progress',
      'step_completed',
    ]);
    expect(hooks.of('work')).toEqual([]);
  });

  it.each([
    ['a JSON array text', ' [1, {"a": 2}, "x"] ', [1, { a: 2 }, 'x']],
    ['lines of text', 'alpha\n\n  beta  \r\ngamma\n', ['alpha', 'beta', 'gamma']],
    ['text that is JSON but no array', '{"a": 1}', ['{"a": 1}']],
    ['empty text', '', []],
  ])('takes items from %s', async (_what, text, expected) => {
    const hooks = new FakeHooks(
      { work: (ctx) => ({ output: ctx.scope.loop?.item }) },
      {},
      { '{src.output}': () => text },
    );
    const steps = [foreach('each', '{src.output}', [leaf('work')])];
    const result = await runSteps({ steps, config: config() }, hooks);
    expect(result.steps.get('each')?.output).toEqual(expected);
  });

  it('fails with FOREACH_ITEMS when items resolve to something else, or when resolving throws', async () => {
    const hooks = new FakeHooks(
      {},
      {},
      { '{n}': () => 42, '{bad}': () => fail('no such ref', {}, 'TEMPLATE_REF_MISSING') },
    );
    const steps = [foreach('num', '{n}', [leaf('work')]), foreach('bad', '{bad}', [leaf('work')])];
    const result = await runSteps({ steps, config: config({ on_failure: 'continue' }) }, hooks);
    expect(result.steps.get('num')).toMatchObject({
      status: 'failed',
      error_code: 'FOREACH_ITEMS',
      error: 'foreach "num": items must be an array or text, got number',
    });
    expect(result.steps.get('bad')).toMatchObject({
      status: 'failed',
      error_code: 'TEMPLATE_REF_MISSING',
      attempts: 1,
    });
    expect(hooks.calls).toEqual([]);
  });

  it('fails before any iteration when there are more items than max_iterations', async () => {
    const hooks = new FakeHooks();
    const steps = [foreach('each', [1, 2, 3, 4, 5], [leaf('work')], { max_iterations: 3 })];
    const result = await runSteps({ steps, config: config() }, hooks);
    expect(result.steps.get('each')).toMatchObject({
      status: 'failed',
      error_code: 'FOREACH_TOO_MANY_ITEMS',
      error: 'foreach "each": 5 items, more than max_iterations (3)',
    });
    expect(hooks.calls).toEqual([]);
  });

  it('completes with an empty output for zero items', async () => {
    const hooks = new FakeHooks();
    const result = await runSteps({ steps: [foreach('each', [], [leaf('work')])], config: config() }, hooks);
    expect(result.steps.get('each')).toMatchObject({
      status: 'completed',
      output: [],
      metadata: { results: [], total: 0, completed: 0, failed: 0 },
    });
  });
});
