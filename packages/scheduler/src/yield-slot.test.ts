// LeafContext.yieldSlot: a leaf that waits on something outside gives its max_parallel slot back until it settles.
import { deferred } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { config, FakeHooks, leaf } from '../test/scheduler-fixture.js';
import { runSteps } from './index.js';

describe('yieldSlot', () => {
  it('lets the next step run while the yielding one waits, with max_parallel = 1', async () => {
    const decided = deferred<void>();
    const sideDone = deferred<void>();
    const hooks = new FakeHooks({
      gate: async (ctx) => {
        ctx.yieldSlot();
        ctx.yieldSlot(); // twice is harmless: the slot is given back once
        await decided.promise;
        return { output: 'approved' };
      },
      side: async () => {
        sideDone.resolve();
        return { output: 'side' };
      },
      third: async () => ({ output: 'third' }),
    });
    const run = runSteps(
      { steps: [leaf('gate'), leaf('side'), leaf('third')], config: config({ max_parallel: 1 }) },
      hooks,
    );
    await sideDone.promise; // would never resolve if gate kept the only slot
    expect(hooks.finished).not.toContain('gate');
    decided.resolve();
    const result = await run;
    expect(result.status).toBe('completed');
    expect(result.steps.get('gate')?.output).toBe('approved');
    expect(hooks.finished.indexOf('gate')).toBeGreaterThan(hooks.finished.indexOf('side'));
  });
});
