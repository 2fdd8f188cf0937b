// Tests of the step walk: file order with loops entered, key paths, enclosing steps, raw trees.
import { describe, expect, it } from 'vitest';
import { walkSteps, walkStepTree } from './step-walk.js';
import type { StepDefinition } from './workflow.js';

const retry = { max_attempts: 1, backoff: 'none', initial_delay_ms: 0, max_delay_ms: 0 } as const;

function command(id: string): StepDefinition {
  return { id, step_type: 'command', command: 'true', env: {}, depends_on: [], continue_on_error: false, retry };
}

function foreach(id: string, loop: StepDefinition[]): StepDefinition {
  return {
    id,
    step_type: 'foreach',
    items: '[]',
    parallel: false,
    max_iterations: 10,
    loop,
    depends_on: [],
    continue_on_error: false,
    retry,
  };
}

describe('walkSteps', () => {
  const steps = [command('a'), foreach('each', [command('b'), foreach('inner', [command('c')])]), command('d')];

  it('visits every step in file order, each foreach before its loop steps', () => {
    expect([...walkSteps(steps)].map(({ step }) => step.id)).toEqual(['a', 'each', 'b', 'inner', 'c', 'd']);
  });

  it('gives each step its key path and enclosing foreach steps', () => {
    const seen = [...walkSteps(steps)].map(({ step, path, ancestors, parent }) => [
      step.id,
      path.join('.'),
      ancestors.map((s) => s.id).join('>'),
      parent?.id,
    ]);
    expect(seen).toEqual([
      ['a', 'steps.0', '', undefined],
      ['each', 'steps.1', '', undefined],
      ['b', 'steps.1.loop.0', 'each', 'each'],
      ['inner', 'steps.1.loop.1', 'each', 'each'],
      ['c', 'steps.1.loop.1.loop.0', 'each>inner', 'inner'],
      ['d', 'steps.2', '', undefined],
    ]);
  });

  it('stops early when the caller stops', () => {
    let seen = 0;
    for (const { step } of walkSteps(steps)) {
      seen++;
      if (step.id === 'b') break;
    }
    expect(seen).toBe(3);
  });
});

describe('walkStepTree', () => {
  const shape = {
    isStep: (value: unknown): value is Record<string, unknown> =>
      typeof value === 'object' && value !== null && !Array.isArray(value),
    loopOf: (step: Record<string, unknown>) => step.loop,
  };

  it('skips entries that are not steps but keeps their index in the path', () => {
    const raw = ['junk', { id: 'x', loop: [7, { id: 'y' }] }, { id: 'z', loop: 'not a list' }];
    expect([...walkStepTree(raw, shape)].map(({ step, path }) => `${step.id}@${path.join('.')}`)).toEqual([
      'x@steps.1',
      'y@steps.1.loop.1',
      'z@steps.2',
    ]);
  });

  it('has nothing to visit when the steps are not a list', () => {
    expect([...walkStepTree({ id: 'x' }, shape)]).toEqual([]);
  });

  it('walks deeply nested loops without recursion', () => {
    let tree: Record<string, unknown> = { id: 'leaf' };
    for (let i = 0; i < 3_000; i++) tree = { id: `n${i}`, loop: [tree] };
    let count = 0;
    for (const _ of walkStepTree([tree], shape)) count++;
    expect(count).toBe(3_001);
  });
});
