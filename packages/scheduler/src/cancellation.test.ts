// Cancellation through the signal and max_execution_time: running steps cancelled, the rest skipped, one terminal event each.
import { describe, expect, it } from 'vitest';
import { config, delay, FakeHooks, foreach, leaf } from '../test/scheduler-fixture.js';
import { runSteps } from './index.js';

const slow = (ms: number) => (ctx: { signal: AbortSignal }) => delay(ms, ctx.signal).then(() => ({ output: 'done' }));

describe('cancellation', () => {
  it('cancels running steps, skips the others as cancelled and waits for leaves to settle', async () => {
    const hooks = new FakeHooks({ b: slow(5000), c: slow(5000) });
    const steps = [
      leaf('a'),
      leaf('b', { depends_on: ['a'] }),
      leaf('c', { depends_on: ['a'] }),
      leaf('d', { depends_on: ['a'] }),
      leaf('e', { depends_on: ['b'] }),
    ];
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    const result = await runSteps({ steps, config: config({ max_parallel: 2 }) }, hooks, { signal: controller.signal });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.status).toBe('cancelled');
    expect(result.reason).toBe('execution cancelled');
    expect(hooks.running).toBe(0);
    const status = Object.fromEntries([...result.steps].map(([id, o]) => [id, [o.status, o.reason]]));
    expect(status).toEqual({
      a: ['completed', undefined],
      b: ['cancelled', 'execution cancelled'],
      c: ['cancelled', 'execution cancelled'],
      d: ['cancelled', 'execution cancelled'],
      e: ['cancelled', 'execution cancelled'],
    });
    expect(hooks.of('b').at(-1)).toMatchObject({
      type: 'step_cancelled',
      status: 'cancelled',
      error: 'execution cancelled',
      error_code: 'CANCELLED',
      reason: 'execution cancelled',
      attempt: 1,
      metadata: {},
    });
    expect(hooks.events.some((e) => e.type === 'step_failed')).toBe(false);
    expect(hooks.of('d')).toEqual([
      { type: 'step_skipped', step_id: 'd', status: 'cancelled', reason: 'execution cancelled' },
    ]);
    for (const step of steps) expect(hooks.terminal(step.id)).toHaveLength(1);
    expect(hooks.calls.every((c) => c.id === 'a' || c.signal.aborted)).toBe(true);
  });

  it('reports the caller reason when the signal was aborted with a string', async () => {
    const controller = new AbortController();
    controller.abort('user pressed Ctrl-C');
    const hooks = new FakeHooks();
    const result = await runSteps({ steps: [leaf('a'), leaf('b')], config: config() }, hooks, {
      signal: controller.signal,
    });
    expect(result.status).toBe('cancelled');
    expect(result.reason).toBe('user pressed Ctrl-C');
    expect(hooks.calls).toEqual([]);
    expect(hooks.events).toEqual([
      { type: 'step_skipped', step_id: 'a', status: 'cancelled', reason: 'execution cancelled' },
      { type: 'step_skipped', step_id: 'b', status: 'cancelled', reason: 'execution cancelled' },
    ]);
  });

  it('aborts a sleeping retry at once', async () => {
    const hooks = new FakeHooks({ a: () => Promise.reject(new Error('flaky')) });
    const retry = { max_attempts: 3, backoff: 'linear' as const, initial_delay_ms: 10_000, max_delay_ms: 10_000 };
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    const result = await runSteps({ steps: [leaf('a', { retry })], config: config() }, hooks, {
      signal: controller.signal,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.steps.get('a')).toMatchObject({ status: 'cancelled', attempts: 1 });
    expect(hooks.types('a')).toEqual(['step_started', 'step_retrying', 'step_cancelled']);
  });

  it('cancels a running foreach and its iterations', async () => {
    const hooks = new FakeHooks({ work: slow(5000) });
    const steps = [
      foreach('each', [1, 2, 3, 4], [leaf('work')], { parallel: true }),
      leaf('after', { depends_on: ['each'] }),
    ];
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const result = await runSteps({ steps, config: config() }, hooks, { signal: controller.signal });
    expect(result.status).toBe('cancelled');
    expect(result.steps.get('each')).toMatchObject({ status: 'cancelled', reason: 'execution cancelled' });
    expect(result.steps.get('after')).toMatchObject({ status: 'cancelled', reason: 'execution cancelled' });
    expect(hooks.calls).toHaveLength(4);
    expect(hooks.calls.every((c) => c.signal.aborted)).toBe(true);
    expect(hooks.running).toBe(0);
    expect(hooks.terminal('each')).toHaveLength(1);
    expect(hooks.terminal('work')).toHaveLength(0);
  });
});

describe('max_execution_time', () => {
  it('cancels running steps, skips the rest and fails with EXECUTION_TIMEOUT', async () => {
    const hooks = new FakeHooks({ b: slow(5000) });
    const steps = [leaf('a'), leaf('b', { depends_on: ['a'] }), leaf('c', { depends_on: ['b'] })];
    const started = Date.now();
    const result = await runSteps({ steps, config: config({ max_execution_time_ms: 50 }) }, hooks);
    expect(Date.now() - started).toBeLessThan(2000);
    const message = 'execution exceeded max_execution_time of 50ms';
    expect(result.status).toBe('failed');
    expect(result.error).toEqual({ code: 'EXECUTION_TIMEOUT', message });
    expect(result.steps.get('a')?.status).toBe('completed');
    expect(result.steps.get('b')).toMatchObject({
      status: 'cancelled',
      reason: message,
      error_code: 'EXECUTION_TIMEOUT',
    });
    expect(result.steps.get('c')).toMatchObject({ status: 'skipped', reason: message });
    expect(hooks.of('c')).toEqual([{ type: 'step_skipped', step_id: 'c', status: 'skipped', reason: message }]);
  });

  it('does not fire once the run has finished', async () => {
    const result = await runSteps(
      { steps: [leaf('a')], config: config({ max_execution_time_ms: 20 }) },
      new FakeHooks(),
    );
    await delay(40);
    expect(result.status).toBe('completed');
  });
});
