// Tests of folding live foreach items into a step's metadata, and of backfilling them from the event log.
import type { ExecutionRecord, WorkflowEvent } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { backfillLiveItems, withLiveItem } from './live-items.js';

const record: ExecutionRecord = {
  id: 'e1',
  workflow_name: 'w',
  status: 'running',
  inputs: {},
  created_at: '2026-01-01T00:00:00.000Z',
  steps: {
    each: { step_id: 'each', status: 'running', attempts: 1, metadata: {} },
    done: { step_id: 'done', status: 'completed', attempts: 1, metadata: { results: [] } },
  },
  last_seq: 3,
};
const item = (seq: number, step: string, index: number, status: string): WorkflowEvent => ({
  type: 'step_progress',
  step_id: step,
  item: { index, status },
  execution_id: 'e1',
  workflow_name: 'w',
  seq,
  timestamp: '2026-01-01T00:00:00.000Z',
});

describe('withLiveItem', () => {
  it('adds, keeps sorted and replaces by index, keeping a known item value', () => {
    let meta: Record<string, unknown> = { results: [{ index: 2, item: 'c', status: 'running' }] };
    meta = withLiveItem(meta, { index: 0, status: 'completed' });
    meta = withLiveItem(meta, { index: 2, status: 'failed', error: 'x' });
    expect(meta.results).toEqual([
      { index: 0, item: undefined, status: 'completed' },
      { index: 2, item: 'c', status: 'failed', error: 'x' },
    ]);
  });
});

describe('backfillLiveItems', () => {
  it('folds item events into running steps only', () => {
    const next = backfillLiveItems(record, [item(2, 'each', 0, 'completed'), item(3, 'done', 0, 'completed')]);
    expect(next.steps.each?.metadata.results).toEqual([{ index: 0, item: undefined, status: 'completed' }]);
    expect(next.steps.done).toBe(record.steps.done);
    expect(backfillLiveItems(record, [])).toBe(record);
  });
});
