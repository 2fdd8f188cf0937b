// Attempts lost with the process running them: a dispatched attempt adopted after a takeover (same attempt, no new
// step_started), and an attempt lost with its worker run again as a new attempt outside the retry budget.
import type { StepRetryingBody } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { config, FakeHooks, fail, leaf } from '../test/scheduler-fixture.js';
import { runSteps } from './index.js';

const lostWorker = () => fail('worker lost (job stalled more than allowable limit)', {}, 'WORKER_LOST');
const types = (hooks: FakeHooks, id: string) =>
  hooks.of(id).map((e) => `${e.type} ${'attempt' in e ? e.attempt : ''}`.trim());

describe('lost attempts', () => {
  it('follows an adopted attempt: same attempt number, no step_started, ctx.adopt set once', async () => {
    const adopted: boolean[] = [];
    const hooks = new FakeHooks({
      a: (ctx) => {
        adopted.push(ctx.adopt === true);
        return { output: `a ${ctx.attempt}` };
      },
    });
    const result = await runSteps({ steps: [leaf('a')], config: config() }, hooks, {
      resumedAttempts: new Map([['a', { attempts: 2, resumeAt: 0, lost: 1, adopt: true }]]),
    });
    expect(result.steps.get('a')).toMatchObject({ status: 'completed', output: 'a 2', attempts: 2 });
    expect(adopted).toEqual([true]);
    expect(types(hooks, 'a')).toEqual(['step_completed 2']);
  });

  it('runs a new attempt when the adopted one cannot be followed ("coordinator lost"), even without retries', async () => {
    const hooks = new FakeHooks({
      a: (ctx) => (ctx.adopt ? fail('coordinator lost', {}, 'COORDINATOR_LOST') : { output: `a ${ctx.attempt}` }),
    });
    const result = await runSteps({ steps: [leaf('a')], config: config() }, hooks, {
      resumedAttempts: new Map([['a', { attempts: 1, resumeAt: 0, lost: 0, adopt: true }]]),
    });
    expect(result.steps.get('a')).toMatchObject({ status: 'completed', output: 'a 2', attempts: 2 });
    expect(types(hooks, 'a')).toEqual(['step_retrying 1', 'step_started 2', 'step_completed 2']);
  });

  it('runs an attempt lost with its worker again as a new attempt, not counted against max_attempts', async () => {
    const hooks = new FakeHooks({ a: (ctx) => (ctx.attempt <= 2 ? lostWorker() : { output: 'ok' }) });
    const result = await runSteps({ steps: [leaf('a')], config: config() }, hooks);
    expect(result.steps.get('a')).toMatchObject({ status: 'completed', attempts: 3 });
    const retrying = hooks.of('a').filter((e): e is StepRetryingBody => e.type === 'step_retrying');
    expect(retrying.map((e) => [e.attempt, e.next_attempt, e.delay_ms, e.error_code])).toEqual([
      [1, 2, 0, 'WORKER_LOST'],
      [2, 3, 0, 'WORKER_LOST'],
    ]);
    expect(retrying[0]?.error).toMatch(/^worker lost/);
  });

  it('keeps the retry budget for real failures, and gives up after 5 worker losses', async () => {
    const policy = { max_attempts: 2, backoff: 'none' as const, initial_delay_ms: 0, max_delay_ms: 0 };
    const flaky = new FakeHooks({
      a: (ctx) => (ctx.attempt === 1 ? lostWorker() : ctx.attempt === 2 ? fail('exit 1') : { output: 'ok' }),
    });
    const retried = await runSteps({ steps: [leaf('a', { retry: policy })], config: config() }, flaky);
    expect(retried.steps.get('a')).toMatchObject({ status: 'completed', attempts: 3 });

    const always = new FakeHooks({ a: lostWorker });
    const result = await runSteps({ steps: [leaf('a')], config: config() }, always);
    expect(result.steps.get('a')).toMatchObject({ status: 'failed', attempts: 6, error_code: 'WORKER_LOST' });
  });
});
