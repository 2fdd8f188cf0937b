// runSteps: dependencies, parallelism, conditions, skip reasons, failure policies, continue_on_error, resume, events.

import { deferred } from '@skill/test-kit';
import type { WorkflowError } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { config, delay, FakeHooks, fail, leaf } from '../test/scheduler-fixture.js';
import { runSteps } from './index.js';
import type { StepOutcome } from './scheduler-types.js';

describe('runSteps: dependencies and parallelism', () => {
  it('runs dependents after their dependencies and shows them finished outcomes', async () => {
    const seen: unknown[] = [];
    const hooks = new FakeHooks({
      b: (ctx) => {
        seen.push(ctx.scope.steps.get('a')?.output, ctx.scope.steps.get('c'));
        return { output: 'b-out', metadata: { k: 1 } };
      },
    });
    const steps = [leaf('a'), leaf('b', { depends_on: ['a'] }), leaf('c', { depends_on: ['b'] })];
    const result = await runSteps({ steps, config: config() }, hooks);
    expect(result.status).toBe('completed');
    expect(hooks.calls.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(seen).toEqual(['a-out', undefined]);
    expect([...result.steps.keys()]).toEqual(['a', 'b', 'c']);
    const b = result.steps.get('b') as StepOutcome;
    expect(b).toMatchObject({ status: 'completed', output: 'b-out', metadata: { k: 1 }, attempts: 1 });
    expect(hooks.types('b')).toEqual(['step_started', 'step_completed']);
    expect(hooks.of('b')[1]).toMatchObject({ type: 'step_completed', output: 'b-out', metadata: { k: 1 }, attempt: 1 });
  });

  it('never runs more leaves at once than max_parallel', async () => {
    const slow = () => delay(20).then(() => ({ output: null }));
    const ids = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'];
    const leaves = Object.fromEntries(ids.map((id) => [id, slow]));
    const limited = new FakeHooks(leaves);
    await runSteps({ steps: ids.map((id) => leaf(id)), config: config({ max_parallel: 3 }) }, limited);
    expect(limited.maxRunning).toBe(3);
    const open = new FakeHooks(leaves);
    await runSteps({ steps: ids.map((id) => leaf(id)), config: config({ max_parallel: 100 }) }, open);
    expect(open.maxRunning).toBe(8);
  });

  it('starts ready steps in definition order', async () => {
    const hooks = new FakeHooks();
    const steps = [leaf('c'), leaf('a'), leaf('b'), leaf('z', { depends_on: ['a'] })];
    await runSteps({ steps, config: config({ max_parallel: 1 }) }, hooks);
    expect(hooks.calls.map((c) => c.id)).toEqual(['c', 'a', 'b', 'z']);
  });

  it('forwards log lines as step_progress of the step', async () => {
    const hooks = new FakeHooks({
      a: (ctx) => {
        ctx.log('hello');
        ctx.log('oops', 'stderr');
        return { output: 1 };
      },
    });
    await runSteps({ steps: [leaf('a')], config: config() }, hooks);
    expect(hooks.of('a')).toEqual([
      { type: 'step_started', step_id: 'a', attempt: 1, status: 'running' },
      { type: 'step_progress', step_id: 'a', message: 'hello', stream: 'stdout' },
      { type: 'step_progress', step_id: 'a', message: 'oops', stream: 'stderr' },
      expect.objectContaining({ type: 'step_completed', step_id: 'a' }),
    ]);
  });

  it('rejects duplicate ids and cycles before running anything', async () => {
    const hooks = new FakeHooks();
    await expect(runSteps({ steps: [leaf('a'), leaf('a')], config: config() }, hooks)).rejects.toMatchObject({
      code: 'DUPLICATE_STEP_ID',
    });
    const cyclic = [leaf('a', { depends_on: ['b'] }), leaf('b', { depends_on: ['a'] })];
    await expect(runSteps({ steps: cyclic, config: config() }, hooks)).rejects.toMatchObject({
      code: 'DEPENDENCY_CYCLE',
    });
    expect(hooks.calls).toEqual([]);
  });

  it('completes an empty plan', async () => {
    const result = await runSteps({ steps: [], config: config() }, new FakeHooks());
    expect(result).toEqual({ status: 'completed', steps: new Map() });
  });
});

describe('runSteps: conditions and skip reasons', () => {
  it('runs a step whose when is true and skips one whose when is false', async () => {
    const hooks = new FakeHooks({}, { yes: () => true, no: () => false });
    const steps = [
      leaf('a'),
      leaf('b', { depends_on: ['a'], when: 'yes' }),
      leaf('c', { depends_on: ['a'], when: 'no' }),
    ];
    const result = await runSteps({ steps, config: config() }, hooks);
    expect(result.status).toBe('completed');
    expect(result.steps.get('b')?.status).toBe('completed');
    expect(result.steps.get('c')).toEqual({
      status: 'skipped',
      reason: 'condition is false: no',
      metadata: {},
      attempts: 0,
    });
    expect(hooks.of('c')).toEqual([
      { type: 'step_skipped', step_id: 'c', status: 'skipped', reason: 'condition is false: no' },
    ]);
  });

  it('names the dependency that failed, was skipped or did not run', async () => {
    const hooks = new FakeHooks({ a: () => fail('boom') }, { no: () => false });
    const steps = [
      leaf('a'),
      leaf('b', { depends_on: ['a'] }),
      leaf('c', { depends_on: ['b'] }),
      leaf('n', { when: 'no' }),
      leaf('d', { depends_on: ['n'] }),
    ];
    const result = await runSteps({ steps, config: config({ on_failure: 'continue' }) }, hooks);
    expect(result.steps.get('b')?.reason).toBe('dependency "a" failed');
    expect(result.steps.get('c')?.reason).toBe('dependency "b" was skipped');
    expect(result.steps.get('d')?.reason).toBe('dependency "n" was skipped');
    expect(hooks.calls.map((c) => c.id)).toEqual(['a']);
  });

  it('fails a step whose condition throws, without retry', async () => {
    const hooks = new FakeHooks({}, {});
    const steps = [leaf('a', { when: 'broken', retry: { ...config().retry, max_attempts: 3 } })];
    const result = await runSteps({ steps, config: config() }, hooks);
    expect(result.status).toBe('failed');
    expect(result.steps.get('a')).toMatchObject({ status: 'failed', error_code: 'CONDITION_ERROR', attempts: 0 });
    expect(result.steps.get('a')?.error).toContain('no fake condition for broken');
    expect(hooks.types('a')).toEqual(['step_failed']);
    expect(hooks.calls).toEqual([]);
  });

  it('fails the attempt when runLeaf throws synchronously', async () => {
    const hooks = new FakeHooks();
    hooks.runLeaf = () => {
      throw new Error('sync boom');
    };
    const result = await runSteps({ steps: [leaf('a')], config: config() }, hooks);
    expect(result.steps.get('a')).toMatchObject({ status: 'failed', error: 'sync boom', error_code: 'STEP_FAILED' });
  });
});

describe('runSteps: failure policy', () => {
  it('on_failure stop: cancels running steps, skips the rest, runs failure handlers', async () => {
    let observedAbort: unknown;
    const sRunning = deferred();
    const hooks = new FakeHooks(
      {
        a: () => sRunning.promise.then(() => fail('boom', { metadata: { exit_code: 3 } })),
        s: async (ctx) => {
          sRunning.resolve();
          try {
            await delay(60_000, ctx.signal);
          } catch (error) {
            observedAbort = error;
            throw error;
          }
          return { output: 's' };
        },
      },
      { '{a.status} == handler': (scope) => scope.steps.get('a')?.status === 'failed' },
    );
    const steps = [
      leaf('a'),
      leaf('s'),
      leaf('q'),
      leaf('t', { depends_on: ['s'] }),
      leaf('x', { depends_on: ['a'] }),
      leaf('h', { depends_on: ['a'], when: '{a.status} == handler' }),
    ];
    const result = await runSteps({ steps, config: config({ max_parallel: 2 }) }, hooks);
    expect(result.status).toBe('failed');
    expect(result.error).toEqual({ code: 'STEP_FAILED', message: 'step "a" failed: boom', step_id: 'a' });
    expect((observedAbort as WorkflowError).message).toBe('stopped: step "a" failed');
    const status = Object.fromEntries([...result.steps].map(([id, o]) => [id, [o.status, o.reason]]));
    expect(status).toEqual({
      a: ['failed', 'boom'],
      s: ['cancelled', 'stopped: step "a" failed'],
      q: ['skipped', 'stopped: step "a" failed'],
      t: ['skipped', 'dependency "s" was cancelled'],
      x: ['skipped', 'dependency "a" failed'],
      h: ['completed', undefined],
    });
    expect(hooks.of('a').at(-1)).toMatchObject({
      type: 'step_failed',
      status: 'failed',
      error: 'boom',
      error_code: 'COMMAND_FAILED',
      metadata: { exit_code: 3 },
    });
    expect(hooks.of('s').at(-1)).toMatchObject({ type: 'step_cancelled', status: 'cancelled' });
    expect(hooks.calls.map((c) => c.id).sort()).toEqual(['a', 'h', 's']);
    for (const step of steps) expect(hooks.terminal(step.id)).toHaveLength(1);
    expect(hooks.running).toBe(0);
  });

  it('on_failure continue: independent branches go on, the run fails', async () => {
    const hooks = new FakeHooks({ a: () => fail('boom') });
    const steps = [leaf('a'), leaf('b'), leaf('c', { depends_on: ['b'] }), leaf('d', { depends_on: ['a'] })];
    const result = await runSteps({ steps, config: config({ on_failure: 'continue' }) }, hooks);
    expect(result.status).toBe('failed');
    expect(result.error?.step_id).toBe('a');
    expect(result.steps.get('c')?.status).toBe('completed');
    expect(result.steps.get('d')).toMatchObject({ status: 'skipped', reason: 'dependency "a" failed' });
  });

  it('continue_on_error records the failure, runs dependents and does not fail the run', async () => {
    const hooks = new FakeHooks({ a: () => fail('soft') });
    const steps = [leaf('a', { continue_on_error: true }), leaf('b', { depends_on: ['a'] })];
    const result = await runSteps({ steps, config: config() }, hooks);
    expect(result.status).toBe('completed');
    expect(result.steps.get('a')?.status).toBe('failed');
    expect(result.steps.get('b')?.status).toBe('completed');
    expect(hooks.of('a').at(-1)).toMatchObject({ type: 'step_failed', status: 'failed', continue_on_error: true });
  });
});

describe('runSteps: resume', () => {
  it('reuses completed steps without running them or emitting events', async () => {
    const hooks = new FakeHooks({ b: (ctx) => ({ output: `saw ${ctx.scope.steps.get('a')?.output}` }) });
    const done: StepOutcome = { status: 'completed', output: 'old-a', metadata: {}, attempts: 1 };
    const steps = [leaf('a'), leaf('b', { depends_on: ['a'] })];
    const result = await runSteps({ steps, config: config() }, hooks, { completed: new Map([['a', done]]) });
    expect(result.status).toBe('completed');
    expect(hooks.calls.map((c) => c.id)).toEqual(['b']);
    expect(hooks.of('a')).toEqual([]);
    expect(result.steps.get('a')).toBe(done);
    expect(result.steps.get('b')?.output).toBe('saw old-a');
  });
});
