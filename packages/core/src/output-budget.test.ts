// Tests of the execution output budget (real command steps, a real SQLite store) and of an execution
// whose run fails outside its steps: it ends `failed`, never stays `running`.
import path from 'node:path';
import { useTempDir } from '@skill/test-kit';
import type { StepExecutor } from '@skill/workflow-model';
import { openSqliteStore } from '@skill/workflow-store';
import { describe, expect, it } from 'vitest';
import { createEngine } from './engine.js';
import { approximateSize, OutputBudget } from './output-budget.js';

const dir = useTempDir('skill-budget-');
let stores = 0;
/** A SQLite store in a file of its own. */
async function sqliteStore() {
  stores += 1;
  return openSqliteStore(path.join(dir(), `executions-${stores}.db`));
}

const FANOUT = `version = "1"
name = "fanout"
[[steps]]
id = "fan"
items = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
max_parallel = 2
[[steps.loop]]
id = "emit"
command = "head -c 100000 /dev/zero | tr '\\\\0' a"
`;

describe('approximateSize', () => {
  it('counts strings, numbers, keys and brackets, and stops past the cap', () => {
    expect(approximateSize('abc')).toBe(5);
    expect(approximateSize({ a: [1, 'x'] })).toBe(2 + 1 + 4 + 2 + 2 + 8 + 3);
    const huge = Array.from({ length: 100_000 }, () => 'y'.repeat(100));
    expect(approximateSize(huge, 1000)).toBeGreaterThan(1000);
  });

  it('counts a value that refers to itself once', () => {
    const loop: Record<string, unknown> = { name: 'x' };
    loop.self = loop;
    expect(approximateSize(loop)).toBeLessThan(40);
  });
});

describe('execution output budget', () => {
  it('fails the step that would go over with OUTPUT_TOO_LARGE; the execution ends failed', async () => {
    const store = await sqliteStore();
    const engine = createEngine({ store, executionOutputBudgetBytes: 450_000 });
    const record = await engine.run(FANOUT);
    expect(record.status).toBe('failed');
    expect(record.steps.fan?.status).toBe('failed');
    expect(record.steps.fan?.error).toMatch(/iteration \d failed: step "fan\[\d\]\.emit": its output would bring/);
    expect(record.error?.message).toContain('over the budget of 450000 bytes');
    // The iterations before the one over budget kept their output; the rest did not run.
    const results = record.steps.fan?.metadata?.results as { status: string }[];
    expect(results.filter((r) => r.status === 'completed').length).toBe(4);
  });

  it('runs the same workflow to completion within a budget that holds it', async () => {
    const engine = createEngine({ store: await sqliteStore(), executionOutputBudgetBytes: 2_000_000 });
    const record = await engine.run(FANOUT);
    expect(record.status).toBe('completed');
    expect(record.steps.fan?.output).toHaveLength(10);
  });

  it('charges the budget once per kept result', () => {
    const budget = new OutputBudget(100);
    budget.charge({ output: 'x'.repeat(40) }, 'a');
    expect(budget.used).toBe(42 + 4 + 2 + 2);
    expect(() => budget.charge({ output: 'x'.repeat(60) }, 'b')).toThrow(/OUTPUT_TOO_LARGE|over the budget/);
  });
});

describe('a run that fails outside its steps', () => {
  it('ends failed with an INTERNAL error when the store refuses an event (here: a circular output)', async () => {
    const circular: StepExecutor = {
      type: 'circular',
      async run() {
        const output: Record<string, unknown> = { ok: true };
        output.self = output;
        return { output };
      },
    };
    const store = await sqliteStore();
    const engine = createEngine({ store, executors: [circular] });
    const started = await engine.start('version = "1"\nname = "c"\n[[steps]]\nid = "a"\nstep_type = "circular"\n');
    const record = await started.done;
    expect(record.status).toBe('failed');
    expect(record.error?.code).toBe('INTERNAL');
    expect((await store.getExecution(started.executionId))?.status).toBe('failed');
    expect(await engine.cancel(started.executionId)).toMatchObject({ outcome: 'not_running', ended: true });
  });
});
