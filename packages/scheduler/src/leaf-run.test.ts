// Leaf steps: retries per backoff kind (exact delays), retry filters, timeouts that abort and retry, kill grace.

import { deferred } from '@skill/test-kit';
import type { RetryPolicy, StepResult, StepRetryingBody } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { config, delay, FakeHooks, fail, leaf } from '../test/scheduler-fixture.js';
import { runSteps } from './index.js';

const retry = (over: Partial<RetryPolicy>): RetryPolicy => ({
  max_attempts: 4,
  backoff: 'exponential',
  initial_delay_ms: 100,
  max_delay_ms: 250,
  ...over,
});

/** Fails the first `failures` attempts, then succeeds. */
function flaky(failures: number, details: Record<string, unknown> = {}) {
  return (ctx: { attempt: number }) =>
    ctx.attempt <= failures ? fail(`attempt ${ctx.attempt} failed`, details) : { output: `ok on ${ctx.attempt}` };
}

/** A sleep that records the requested delays and returns at once. */
function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

describe('retries', () => {
  it.each([
    ['exponential', retry({}), 3, [100, 200, 250]],
    ['linear', retry({ backoff: 'linear' }), 2, [100, 100]],
    ['none', retry({ backoff: 'none' }), 2, [0, 0]],
    ['jitter', retry({ backoff: 'jitter', max_delay_ms: 10_000 }), 3, [50, 100, 200]],
  ])('%s backoff waits the exact delays between attempts', async (_kind, policy, failures, expected) => {
    const hooks = new FakeHooks({ a: flaky(failures) });
    const { delays, sleep } = recordingSleep();
    const result = await runSteps({ steps: [leaf('a', { retry: policy })], config: config() }, hooks, {
      sleep,
      random: () => 0.5,
    });
    expect(delays).toEqual(expected);
    expect(result.steps.get('a')).toMatchObject({ status: 'completed', output: `ok on ${failures + 1}` });
    expect(result.steps.get('a')?.attempts).toBe(failures + 1);
    const retrying = hooks.of('a').filter((e): e is StepRetryingBody => e.type === 'step_retrying');
    expect(retrying.map((e) => [e.attempt, e.next_attempt, e.delay_ms])).toEqual(
      expected.map((d, i) => [i + 1, i + 2, d]),
    );
    expect(retrying[0]).toMatchObject({ error: 'attempt 1 failed', error_code: 'COMMAND_FAILED' });
    const kinds = hooks.types('a').filter((t) => t !== 'step_retrying');
    expect(kinds).toEqual([...Array(failures + 1).fill('step_started'), 'step_completed']);
  });

  it('gives up after max_attempts and reports the last error', async () => {
    const hooks = new FakeHooks({ a: flaky(10) });
    const { sleep } = recordingSleep();
    const result = await runSteps(
      { steps: [leaf('a', { retry: retry({ max_attempts: 3 }) })], config: config() },
      hooks,
      {
        sleep,
      },
    );
    expect(result.steps.get('a')).toMatchObject({ status: 'failed', error: 'attempt 3 failed', attempts: 3 });
    expect(hooks.of('a').at(-1)).toMatchObject({ type: 'step_failed', attempt: 3 });
  });

  it('retries only the exit codes listed in on_exit_codes', async () => {
    const { sleep } = recordingSleep();
    const policy = retry({ on_exit_codes: [75] });
    const listed = new FakeHooks({ a: flaky(1, { exitCode: 75 }) });
    await runSteps({ steps: [leaf('a', { retry: policy })], config: config() }, listed, { sleep });
    expect(listed.calls.map((c) => c.attempt)).toEqual([1, 2]);
    const other = new FakeHooks({ a: flaky(1, { exitCode: 1 }) });
    const result = await runSteps({ steps: [leaf('a', { retry: policy })], config: config() }, other, { sleep });
    expect(other.calls.map((c) => c.attempt)).toEqual([1]);
    expect(result.steps.get('a')?.status).toBe('failed');
  });

  it('retries only the statuses listed in on_status_codes', async () => {
    const { sleep } = recordingSleep();
    const policy = retry({ on_status_codes: [503] });
    const hooks = new FakeHooks({ a: flaky(1, { statusCode: 404 }), b: flaky(1, { statusCode: 503 }) });
    const steps = [leaf('a', { retry: policy }), leaf('b', { retry: policy })];
    await runSteps({ steps, config: config({ on_failure: 'continue' }) }, hooks, { sleep });
    expect(hooks.calls.filter((c) => c.id === 'a').length).toBe(1);
    expect(hooks.calls.filter((c) => c.id === 'b').length).toBe(2);
  });

  it('does not retry an error marked retryable: false', async () => {
    const hooks = new FakeHooks({ a: flaky(5, { retryable: false }) });
    const { delays, sleep } = recordingSleep();
    await runSteps({ steps: [leaf('a', { retry: retry({}) })], config: config() }, hooks, { sleep });
    expect(hooks.calls).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('waits between attempts with the real sleep', async () => {
    const hooks = new FakeHooks({ a: flaky(2) });
    const started = Date.now();
    const policy = retry({ backoff: 'linear', initial_delay_ms: 30 });
    const result = await runSteps({ steps: [leaf('a', { retry: policy })], config: config() }, hooks);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(result.steps.get('a')?.status).toBe('completed');
  });
});

describe('timeouts', () => {
  it('aborts the attempt, fails it with TIMEOUT and retries it like a failure', async () => {
    const observed: unknown[] = [];
    const hooks = new FakeHooks({
      a: async (ctx) => {
        if (ctx.attempt === 2) return { output: 'second try' };
        try {
          await delay(60_000, ctx.signal);
        } catch (error) {
          observed.push(ctx.signal.aborted, (error as Error).message);
          throw error;
        }
        return { output: 'never' };
      },
    });
    const { sleep } = recordingSleep();
    const steps = [leaf('a', { timeout_ms: 30, retry: retry({ max_attempts: 2 }) })];
    const result = await runSteps({ steps, config: config() }, hooks, { sleep });
    expect(observed).toEqual([true, 'timed out after 30ms']);
    expect(hooks.of('a').find((e) => e.type === 'step_retrying')).toMatchObject({
      error: 'timed out after 30ms',
      error_code: 'TIMEOUT',
    });
    expect(result.steps.get('a')).toMatchObject({ status: 'completed', output: 'second try', attempts: 2 });
  });

  it('fails the step with TIMEOUT when every attempt times out', async () => {
    const hooks = new FakeHooks({ a: (ctx) => delay(60_000, ctx.signal).then(() => ({ output: 1 })) });
    const { sleep } = recordingSleep();
    const steps = [leaf('a', { timeout_ms: 20, retry: retry({ max_attempts: 2 }) })];
    const result = await runSteps({ steps, config: config() }, hooks, { sleep });
    expect(result.steps.get('a')).toMatchObject({
      status: 'failed',
      error: 'timed out after 20ms',
      error_code: 'TIMEOUT',
      attempts: 2,
    });
    expect(result.error).toEqual({
      code: 'STEP_FAILED',
      message: 'step "a" failed: timed out after 20ms',
      step_id: 'a',
    });
  });

  it('records a leaf that ignores its signal after the kill grace period', async () => {
    const late = deferred<StepResult>(); // settles only after the run has returned
    const hooks = new FakeHooks({ a: () => late.promise });
    const steps = [leaf('a', { timeout_ms: 20 })];
    const result = await runSteps({ steps, config: config() }, hooks, { killGraceMs: 30 });
    expect(result.steps.get('a')).toMatchObject({ status: 'failed', error_code: 'TIMEOUT' });
    expect(hooks.terminal('a')).toHaveLength(1);
    late.resolve({ output: 'late' });
  });
});
