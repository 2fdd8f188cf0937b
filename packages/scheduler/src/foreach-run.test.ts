// foreach: items (static, JSON text, lines), ordering and limits, loop DAGs, fan-in, iteration failures, nesting.

import { deferred } from '@skill/test-kit';
import type { ForeachItemResult, StepProgressBody } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { config, delay, FakeHooks, fail, foreach, leaf } from '../test/scheduler-fixture.js';
import { runSteps } from './index.js';

function progress(hooks: FakeHooks, id: string): StepProgressBody[] {
  return hooks.of(id).filter((e): e is StepProgressBody => e.type === 'step_progress' && e.progress !== undefined);
}

describe('foreach ordering and limits', () => {
  it('runs iterations one at a time, in order, when parallel = false', async () => {
    const hooks = new FakeHooks({
      work: (ctx) => delay(40 - Number(ctx.iteration?.item) * 10).then(() => ({ output: 0 })),
    });
    await runSteps({ steps: [foreach('each', [0, 1, 2, 3], [leaf('work')])], config: config() }, hooks);
    expect(hooks.maxRunning).toBe(1);
    expect(hooks.calls.map((c) => c.index)).toEqual([0, 1, 2, 3]);
  });

  it('runs iterations at once up to the foreach max_parallel', async () => {
    const hooks = new FakeHooks({ work: () => delay(20).then(() => ({ output: 0 })) });
    const steps = [foreach('each', [1, 2, 3, 4, 5, 6], [leaf('work')], { parallel: true, max_parallel: 2 })];
    await runSteps({ steps, config: config() }, hooks);
    expect(hooks.maxRunning).toBe(2);
  });

  it('counts iterations against the global max_parallel', async () => {
    const hooks = new FakeHooks({
      work: () => delay(20).then(() => ({ output: 0 })),
      side: () => delay(60).then(() => ({ output: 0 })),
    });
    const steps = [foreach('each', [1, 2, 3, 4, 5, 6, 7, 8], [leaf('work')], { parallel: true }), leaf('side')];
    const result = await runSteps({ steps, config: config({ max_parallel: 3 }) }, hooks);
    expect(result.status).toBe('completed');
    expect(hooks.maxRunning).toBe(3);
  });
});

describe('foreach loop bodies', () => {
  it('runs a loop DAG per item with internal dependencies and an output keyed by loop-step id', async () => {
    const hooks = new FakeHooks({
      base: () => ({ output: 100 }),
      fetch: (ctx) =>
        delay(Number(ctx.iteration?.item) === 1 ? 30 : 5).then(() => ({ output: Number(ctx.scope.loop?.item) + 1 })),
      parse: (ctx) => ({
        output: `${ctx.scope.loop?.index}:${ctx.scope.steps.get('fetch')?.output}+${ctx.scope.steps.get('base')?.output}`,
      }),
    });
    const loop = [leaf('fetch'), leaf('parse', { depends_on: ['fetch'] })];
    const steps = [leaf('base'), foreach('each', [1, 2, 3], loop, { parallel: true, depends_on: ['base'] })];
    const result = await runSteps({ steps, config: config() }, hooks);
    expect(result.steps.get('each')?.output).toEqual([
      { fetch: 2, parse: '0:2+100' },
      { fetch: 3, parse: '1:3+100' },
      { fetch: 4, parse: '2:4+100' },
    ]);
  });

  it('sends log lines of loop steps to the foreach step', async () => {
    const hooks = new FakeHooks({
      work: (ctx) => {
        ctx.log(`item ${ctx.iteration?.item}`);
        return { output: null };
      },
    });
    await runSteps({ steps: [foreach('each', ['x'], [leaf('work')])], config: config() }, hooks);
    expect(hooks.of('each')).toContainEqual({
      type: 'step_progress',
      step_id: 'each',
      message: 'item x',
      stream: 'stdout',
    });
  });

  it('applies retries and when inside the loop', async () => {
    const hooks = new FakeHooks(
      { work: (ctx) => (ctx.attempt === 1 ? fail('flaky') : { output: ctx.attempt }) },
      { 'even?': (scope) => Number(scope.loop?.item) % 2 === 0 },
    );
    const retry = { max_attempts: 2, backoff: 'none' as const, initial_delay_ms: 0, max_delay_ms: 0 };
    const steps = [foreach('each', [1, 2], [leaf('work', { retry, when: 'even?' })])];
    const result = await runSteps({ steps, config: config() }, hooks);
    expect(result.steps.get('each')?.output).toEqual([null, 2]);
    expect(hooks.of('each').some((e) => e.type === 'step_retrying')).toBe(false);
  });

  it('runs nested foreach steps with their own items and loop scope', async () => {
    const hooks = new FakeHooks(
      {
        cell: (ctx) => ({ output: `${ctx.scope.steps.get('label')?.output}${ctx.scope.loop?.item}` }),
        label: (ctx) => ({ output: ctx.scope.loop?.index === 0 ? 'a' : 'b' }),
      },
      {},
      { '{loop.item.cols}': (scope) => (scope.loop?.item as { cols: unknown[] } | undefined)?.cols },
    );
    const inner = foreach('cols', '{loop.item.cols}', [leaf('cell')], { depends_on: ['label'], parallel: true });
    const rows = [{ cols: [1, 2] }, { cols: [3] }];
    const labelled = foreach('rows', rows, [leaf('label'), inner], { parallel: true });
    const result = await runSteps({ steps: [labelled], config: config() }, hooks);
    expect(result.steps.get('rows')?.output).toEqual([
      { label: 'a', cols: ['a1', 'a2'] },
      { label: 'b', cols: ['b3'] },
    ]);
    expect(hooks.events.every((e) => !('step_id' in e) || e.step_id === 'rows')).toBe(true);
  });

  it('keeps the same loop step id apart in parallel iterations', async () => {
    const hooks = new FakeHooks({
      first: (ctx) => delay(Number(ctx.iteration?.item) * 5).then(() => ({ output: ctx.iteration?.item })),
      second: (ctx) =>
        delay(30 - Number(ctx.iteration?.item) * 5).then(() => ({ output: ctx.scope.steps.get('first')?.output })),
    });
    const items = [1, 2, 3, 4, 5];
    const loop = [leaf('first'), leaf('second', { depends_on: ['first'] })];
    const result = await runSteps(
      { steps: [foreach('each', items, loop, { parallel: true })], config: config() },
      hooks,
    );
    const output = result.steps.get('each')?.output as { second: number }[];
    expect(output.map((o) => o.second)).toEqual(items);
  });
});

describe('foreach iteration failures', () => {
  const failOn =
    (bad: number, ms = 0) =>
    (ctx: { iteration?: { item: unknown }; signal: AbortSignal }) =>
      delay(Number(ctx.iteration?.item) === bad ? ms : ms + 30, ctx.signal).then(() =>
        Number(ctx.iteration?.item) === bad ? fail(`boom ${bad}`) : { output: Number(ctx.iteration?.item) * 10 },
      );

  it('under continue: the other iterations finish, then the step fails naming the first failed index', async () => {
    const hooks = new FakeHooks({ work: failOn(1) });
    const steps = [foreach('each', [0, 1, 2, 3], [leaf('work')], { parallel: true })];
    const result = await runSteps({ steps, config: config({ on_failure: 'continue' }) }, hooks);
    const each = result.steps.get('each');
    expect(each).toMatchObject({
      status: 'failed',
      error_code: 'FOREACH_ITERATION_FAILED',
      error: 'iteration 1 failed: boom 1',
      output: [0, null, 20, 30],
    });
    expect(each?.metadata).toMatchObject({ total: 4, completed: 3, failed: 1 });
    const results = each?.metadata.results as ForeachItemResult[];
    expect(results.map((r) => [r.status, r.error])).toEqual([
      ['completed', undefined],
      ['failed', 'boom 1'],
      ['completed', undefined],
      ['completed', undefined],
    ]);
    expect(progress(hooks, 'each').at(-1)?.progress).toEqual({ completed: 3, failed: 1, total: 4 });
    expect(hooks.of('each').find((e) => e.type === 'step_progress' && e.item?.index === 1)).toMatchObject({
      item: { index: 1, status: 'failed', error: 'boom 1' },
    });
    expect(result.error?.step_id).toBe('each');
  });

  it('under stop, sequential: the remaining iterations never start', async () => {
    const hooks = new FakeHooks({ work: failOn(1) });
    const steps = [foreach('each', [0, 1, 2, 3], [leaf('work')])];
    const result = await runSteps({ steps, config: config() }, hooks);
    expect(hooks.calls.map((c) => c.index)).toEqual([0, 1]);
    const results = result.steps.get('each')?.metadata.results as ForeachItemResult[];
    expect(results.map((r) => r.status)).toEqual(['completed', 'failed', 'skipped', 'skipped']);
    expect(result.steps.get('each')?.error).toBe('iteration 1 failed: boom 1');
  });

  it('under stop, parallel: running iterations are aborted', async () => {
    const othersRunning = deferred();
    let running = 0;
    const hooks = new FakeHooks({
      work: async (ctx) => {
        if (ctx.iteration?.item === 0) return othersRunning.promise.then(() => fail('boom 0'));
        running += 1;
        if (running === 2) othersRunning.resolve();
        return delay(60_000, ctx.signal).then(() => ({ output: 1 }));
      },
    });
    const steps = [foreach('each', [0, 1, 2], [leaf('work')], { parallel: true })];
    const result = await runSteps({ steps, config: config() }, hooks);
    const results = result.steps.get('each')?.metadata.results as ForeachItemResult[];
    expect(results.map((r) => [r.status, r.error])).toEqual([
      ['failed', 'boom 0'],
      ['cancelled', 'stopped: iteration 0 failed'],
      ['cancelled', 'stopped: iteration 0 failed'],
    ]);
    expect(hooks.calls.every((c) => c.signal.aborted || c.index === 0)).toBe(true);
    expect(result.status).toBe('failed');
  });

  it('fails an iteration when a step of a multi-step body fails, naming it', async () => {
    const hooks = new FakeHooks({ check: (ctx) => (ctx.iteration?.item === 'b' ? fail('bad row') : { output: true }) });
    const loop = [leaf('load'), leaf('check', { depends_on: ['load'] }), leaf('save', { depends_on: ['check'] })];
    const steps = [foreach('each', ['a', 'b'], loop)];
    const result = await runSteps({ steps, config: config({ on_failure: 'continue' }) }, hooks);
    expect(result.steps.get('each')?.error).toBe('iteration 1 failed: step "check": bad row');
    expect(result.steps.get('each')?.output).toEqual([{ load: 'load-out', check: true, save: 'save-out' }, null]);
  });

  it('is cancelled when another top-level step fails under stop', async () => {
    const bothRunning = deferred();
    let running = 0;
    const hooks = new FakeHooks({
      work: (ctx) => {
        running += 1;
        if (running === 2) bothRunning.resolve();
        return delay(60_000, ctx.signal).then(() => ({ output: 1 }));
      },
      boom: () => bothRunning.promise.then(() => fail('boom')),
    });
    const steps = [foreach('each', [1, 2], [leaf('work')], { parallel: true }), leaf('boom')];
    const result = await runSteps({ steps, config: config() }, hooks);
    const reason = 'stopped: step "boom" failed';
    expect(result.steps.get('each')).toMatchObject({ status: 'cancelled', reason });
    const results = result.steps.get('each')?.metadata.results as ForeachItemResult[];
    expect(results.map((r) => [r.status, r.error])).toEqual([
      ['cancelled', reason],
      ['cancelled', reason],
    ]);
    expect(hooks.of('each').at(-1)).toMatchObject({ type: 'step_cancelled', status: 'cancelled' });
    expect(hooks.running).toBe(0);
  });

  it('with continue_on_error, a failed foreach lets its dependents run', async () => {
    const hooks = new FakeHooks({ work: failOn(0) });
    const steps = [
      foreach('each', [0, 1], [leaf('work')], { continue_on_error: true }),
      leaf('after', { depends_on: ['each'] }),
    ];
    const result = await runSteps({ steps, config: config() }, hooks);
    expect(result.status).toBe('completed');
    expect(result.steps.get('each')?.status).toBe('failed');
    expect(result.steps.get('after')?.status).toBe('completed');
    expect(hooks.of('each').at(-1)).toMatchObject({ type: 'step_failed', continue_on_error: true });
  });

  it('fails with TIMEOUT when the foreach step itself times out', async () => {
    const hooks = new FakeHooks({ work: (ctx) => delay(60_000, ctx.signal).then(() => ({ output: 1 })) });
    const steps = [foreach('each', [1, 2], [leaf('work')], { parallel: true, timeout_ms: 30 })];
    const result = await runSteps({ steps, config: config() }, hooks);
    expect(result.steps.get('each')).toMatchObject({
      status: 'failed',
      error_code: 'TIMEOUT',
      error: 'timed out after 30ms',
    });
    expect(hooks.running).toBe(0);
  });
});
