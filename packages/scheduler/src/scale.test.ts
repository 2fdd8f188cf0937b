// 100 000-step graphs (a chain and a wide fan-out) finish without stack overflow and in linear time.
import type { StepDefinition, WorkflowEventBody } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { config, leaf } from '../test/scheduler-fixture.js';
import { runSteps, type SchedulerHooks } from './index.js';

const COUNT = 100_000;

function counting(): SchedulerHooks & { counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  const done = Promise.resolve({ output: null });
  return {
    counts,
    runLeaf: () => done,
    evaluateWhen: () => true,
    whenReferencesStatusOf: () => new Set(),
    resolveItems: () => [],
    emit: (event: WorkflowEventBody) => {
      counts[event.type] = (counts[event.type] ?? 0) + 1;
    },
  };
}

function chain(count: number): StepDefinition[] {
  const steps: StepDefinition[] = new Array(count);
  for (let i = 0; i < count; i++) steps[i] = leaf(`s${i}`, { depends_on: i > 0 ? [`s${i - 1}`] : [] });
  return steps;
}

describe('scale', () => {
  it('runs a 100k-step chain', async () => {
    const hooks = counting();
    const started = performance.now();
    const result = await runSteps({ steps: chain(COUNT), config: config({ max_parallel: 1 }) }, hooks);
    const ms = performance.now() - started;
    expect(result.status).toBe('completed');
    expect(result.steps.size).toBe(COUNT);
    expect(hooks.counts).toEqual({ step_started: COUNT, step_completed: COUNT });
    expect(ms).toBeLessThan(30_000);
  });

  it('runs a 100k-step wide graph', async () => {
    const hooks = counting();
    const steps = Array.from({ length: COUNT }, (_, i) => leaf(`s${i}`));
    const started = performance.now();
    const result = await runSteps({ steps, config: config({ max_parallel: 64 }) }, hooks);
    const ms = performance.now() - started;
    expect(result.status).toBe('completed');
    expect(hooks.counts).toEqual({ step_started: COUNT, step_completed: COUNT });
    expect(ms).toBeLessThan(30_000);
  });

  it('skips the rest of a 100k-step chain after an early failure without deep recursion', async () => {
    const hooks = counting();
    hooks.runLeaf = (step) =>
      step.id === 's1' ? Promise.reject(new Error('boom')) : Promise.resolve({ output: null });
    const result = await runSteps({ steps: chain(COUNT), config: config({ on_failure: 'continue' }) }, hooks);
    expect(result.status).toBe('failed');
    expect(result.steps.get(`s${COUNT - 1}`)?.reason).toBe(`dependency "s${COUNT - 2}" was skipped`);
    expect(hooks.counts.step_skipped).toBe(COUNT - 2);
  });
});
