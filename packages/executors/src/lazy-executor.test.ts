// Lazily loaded executors: checks without loading, one load shared by concurrent runs, a failed load tried again.
import { createProcessRunner } from '@skill/sandbox';
import { defaultStepFields, executorContext } from '@skill/test-kit';
import type { StepDefinition, StepExecutor } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { lazyExecutor, processRunnerOf } from './lazy-executor.js';

const step = { id: 's', ...defaultStepFields(), step_type: 'probe', args: {} } as unknown as StepDefinition;

function counted(fail = 0) {
  let loads = 0;
  const load = async (): Promise<StepExecutor> => {
    loads++;
    if (loads <= fail) throw new Error(`load ${loads} failed`);
    return { type: 'probe', run: async () => ({ output: loads }) };
  };
  return { load, loads: () => loads };
}

describe('lazyExecutor', () => {
  it('checks steps without loading its runtime', () => {
    const { load, loads } = counted();
    const executor = lazyExecutor('probe', () => ['bad'], load);
    expect(executor.type).toBe('probe');
    expect(executor.validate?.(step)).toEqual(['bad']);
    expect(loads()).toBe(0);
  });

  it('loads once for concurrent runs', async () => {
    const { load, loads } = counted();
    const executor = lazyExecutor('probe', () => [], load);
    const ctx = executorContext();
    const results = await Promise.all([executor.run(step, ctx), executor.run(step, ctx), executor.run(step, ctx)]);
    expect(results.map((r) => r.output)).toEqual([1, 1, 1]);
    expect(loads()).toBe(1);
  });

  it('fails the run whose load failed and loads again at the next', async () => {
    const { load, loads } = counted(1);
    const executor = lazyExecutor('probe', () => [], load);
    await expect(executor.run(step, executorContext())).rejects.toThrow('load 1 failed');
    await expect(executor.run(step, executorContext())).resolves.toEqual({ output: 2 });
    expect(loads()).toBe(2);
  });
});

describe('processRunnerOf', () => {
  it('gives a given runner as is, and calls a function once', async () => {
    const runner = createProcessRunner('in-process');
    expect(await processRunnerOf(runner)()).toBe(runner);
    let calls = 0;
    const source = processRunnerOf(async () => {
      calls++;
      return runner;
    });
    expect(await Promise.all([source(), source()])).toEqual([runner, runner]);
    expect(calls).toBe(1);
  });

  it('makes the default runner at the first call only', async () => {
    const source = processRunnerOf(undefined);
    const first = await source();
    expect(await source()).toBe(first);
    first.close();
  });
});
