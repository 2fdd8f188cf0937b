// Steps that go on from attempts made in another process: the next attempt number, the rest of the backoff, and
// lost attempts that do not count against max_attempts.
import type { RetryPolicy, StepStartedBody } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { config, FakeHooks, fail, leaf } from '../test/scheduler-fixture.js';
import { runSteps } from './index.js';

const policy: RetryPolicy = { max_attempts: 3, backoff: 'none', initial_delay_ms: 0, max_delay_ms: 0 };

function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

describe('resumed attempts', () => {
  it('starts attempt n+1 after what remains of the persisted backoff, and keeps the first run of others', async () => {
    const hooks = new FakeHooks({ a: (ctx) => ({ output: `a on ${ctx.attempt}` }), b: () => ({ output: 'b' }) });
    const { delays, sleep } = recordingSleep();
    const now = () => 10_000;
    const result = await runSteps({ steps: [leaf('a', { retry: policy }), leaf('b')], config: config() }, hooks, {
      sleep,
      now,
      resumedAttempts: new Map([['a', { attempts: 2, resumeAt: 10_750, lost: 0 }]]),
    });
    expect(delays).toEqual([750]);
    expect(result.steps.get('a')).toMatchObject({ status: 'completed', output: 'a on 3', attempts: 3 });
    const starts = hooks.of('a').filter((e): e is StepStartedBody => e.type === 'step_started');
    expect(starts.map((e) => e.attempt)).toEqual([3]);
    expect(hooks.of('b').filter((e) => e.type === 'step_started')).toHaveLength(1);
  });

  it('does not count a lost attempt against max_attempts; a deadline in the past waits 0 ms', async () => {
    const hooks = new FakeHooks({ a: (ctx) => (ctx.attempt < 4 ? fail(`attempt ${ctx.attempt}`) : { output: 'ok' }) });
    const { delays, sleep } = recordingSleep();
    const result = await runSteps({ steps: [leaf('a', { retry: policy })], config: config() }, hooks, {
      sleep,
      now: () => 5_000,
      resumedAttempts: new Map([['a', { attempts: 1, resumeAt: 1_000, lost: 1 }]]),
    });
    // attempt 1 was lost: attempts 2, 3 and 4 are the three the policy allows
    expect(result.steps.get('a')).toMatchObject({ status: 'completed', attempts: 4 });
    expect(delays).toEqual([0, 0, 0]);
  });

  it('ends a step cancelled (not skipped) when the run is aborted during the remaining backoff', async () => {
    const hooks = new FakeHooks({ a: () => ({ output: 'never' }) });
    const controller = new AbortController();
    const result = await runSteps({ steps: [leaf('a')], config: config() }, hooks, {
      signal: controller.signal,
      sleep: (_ms, signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => resolve(), { once: true });
          controller.abort('stop');
        }),
      resumedAttempts: new Map([['a', { attempts: 1, resumeAt: Date.now() + 60_000, lost: 1 }]]),
    });
    expect(result.status).toBe('cancelled');
    expect(result.steps.get('a')?.status).toBe('cancelled');
    expect(hooks.of('a').filter((e) => e.type === 'step_started')).toHaveLength(0);
  });
});
