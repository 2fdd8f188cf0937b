// Retrying a foreach reruns only the items that did not complete for the same item before (completedItems).
import type { ForeachItemResult } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { config, FakeHooks, foreach, leaf } from '../test/scheduler-fixture.js';
import { runSteps } from './index.js';

const double = (ctx: { iteration?: { item: unknown } }) => ({ output: Number(ctx.iteration?.item) * 2 });

describe('foreach completedItems', () => {
  it('reuses completed iterations for equal items and reruns the rest', async () => {
    const earlier: ForeachItemResult[] = [
      { index: 0, item: 1, status: 'completed', output: 'kept-0' },
      { index: 1, item: 2, status: 'failed', error: 'boom' },
      { index: 2, item: 99, status: 'completed', output: 'other item' },
    ];
    const hooks = new FakeHooks({ work: double });
    const result = await runSteps({ steps: [foreach('each', [1, 2, 3], [leaf('work')])], config: config() }, hooks, {
      completedItems: new Map([['each', earlier]]),
    });
    expect(result.status).toBe('completed');
    expect(result.steps.get('each')?.output).toEqual(['kept-0', 4, 6]);
    expect(hooks.calls.map((c) => c.item)).toEqual([2, 3]);
    expect(result.steps.get('each')?.metadata).toMatchObject({ total: 3, completed: 3, failed: 0 });
  });
});
