// Cancellation through the signal and max_execution_time: running steps cancelled, the rest skipped, one terminal event each.
// A cancel that did not reach a step would leave it waiting a minute: the test fails by its timeout, not by a clock.
import { deferred, waitFor } from '@skill/test-kit';
import { describe, expect, it, vi } from 'vitest';
import { config, delay, FakeHooks, foreach, leaf } from '../test/scheduler-fixture.js';
import { runSteps } from './index.js';

/** A leaf that runs until its signal aborts. */
const untilAborted = (ctx: { signal: AbortSignal }) => delay(60_000, ctx.signal).then(() => ({ output: 'done' }));

/** Leaves that run until aborted, and a promise that resolves once `count` of them have started. */
function startedLeaves(count: number) {
  const allStarted = deferred();
  let started = 0;
  const leaf = (ctx: { signal: AbortSignal }) => {
    started += 1;
    if (started === count) allStarted.resolve();
    return untilAborted(ctx);
  };
  return { leaf, allStarted: allStarted.promise };
}

describe('cancellation', () => {
  it('cancels running steps, skips the others as cancelled and waits for leaves to settle', async () => {
    const { leaf: running, allStarted } = startedLeaves(2);
    const hooks = new FakeHooks({ b: running, c: running });
    const steps = [
      leaf('a'),
      leaf('b', { depends_on: ['a'] }),
      leaf('c', { depends_on: ['a'] }),
      leaf('d', { depends_on: ['a'] }),
      leaf('e', { depends_on: ['b'] }),
    ];
    const controller = new AbortController();
    const run = runSteps({ steps, config: config({ max_parallel: 2 }) }, hooks, { signal: controller.signal });
    await allStarted;
    controller.abort();
    const result = await run;
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
    const run = runSteps({ steps: [leaf('a', { retry })], config: config() }, hooks, { signal: controller.signal });
    await waitFor(() => hooks.types('a').includes('step_retrying'));
    controller.abort();
    const result = await run;
    expect(result.steps.get('a')).toMatchObject({ status: 'cancelled', attempts: 1 });
    expect(hooks.types('a')).toEqual(['step_started', 'step_retrying', 'step_cancelled']);
  });

  it('cancels a running foreach and its iterations', async () => {
    const { leaf: running, allStarted } = startedLeaves(4);
    const hooks = new FakeHooks({ work: running });
    const steps = [
      foreach('each', [1, 2, 3, 4], [leaf('work')], { parallel: true }),
      leaf('after', { depends_on: ['each'] }),
    ];
    const controller = new AbortController();
    const run = runSteps({ steps, config: config() }, hooks, { signal: controller.signal });
    await allStarted;
    controller.abort();
    const result = await run;
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
    const hooks = new FakeHooks({ b: untilAborted });
    const steps = [leaf('a'), leaf('b', { depends_on: ['a'] }), leaf('c', { depends_on: ['b'] })];
    const result = await runSteps({ steps, config: config({ max_execution_time_ms: 50 }) }, hooks);
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

  it('does not fire once the run has finished: its timer is cleared', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const result = await runSteps(
        { steps: [leaf('a')], config: config({ max_execution_time_ms: 20 }) },
        new FakeHooks(),
      );
      expect(result.status).toBe('completed');
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
