// mergeStreamMessage(): the record kept current from the server's changes; live foreach items kept until the end.
import type { ExecutionRecord, ExecutionStreamMessage, StepRecord } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { mergeStreamMessage } from './merge-message.js';

const base: ExecutionRecord = {
  id: 'e1',
  workflow_name: 'w',
  status: 'pending',
  inputs: {},
  created_at: '2026-01-01T00:00:00.000Z',
  steps: {},
  last_seq: 0,
};
const env = (seq: number) => ({ execution_id: 'e1', workflow_name: 'w', seq, timestamp: `2026-01-01T00:00:0${seq}Z` });
const running = (id: string): StepRecord => ({ step_id: id, status: 'running', attempts: 1, metadata: {} });

describe('mergeStreamMessage', () => {
  it("takes the server's execution state and step records, in order, and ignores replayed messages", () => {
    const messages: ExecutionStreamMessage[] = [
      { type: 'workflow_started', inputs: {}, ...env(1), change: { execution: { status: 'running' } } },
      { type: 'step_started', step_id: 'a', attempt: 1, status: 'running', ...env(2), change: { step: running('a') } },
      { type: 'step_progress', step_id: 'a', message: 'a line', ...env(3) },
      {
        type: 'workflow_cancelled',
        status: 'cancelled',
        reason: 'user asked',
        duration_ms: 6,
        ...env(4),
        change: {
          execution: {
            status: 'cancelled',
            duration_ms: 6,
            error: { code: 'CANCELLED', message: 'user asked', details: {} },
          },
        },
      },
    ];
    let record = base;
    for (const message of messages) record = mergeStreamMessage(record, message);
    expect(mergeStreamMessage(record, messages[1] as ExecutionStreamMessage)).toBe(record);
    expect(record).toMatchObject({ status: 'cancelled', duration_ms: 6, last_seq: 4, error: { code: 'CANCELLED' } });
    expect(record.steps).toEqual({ a: running('a') });
  });

  it('lists live foreach items as their progress messages arrive, until the final metadata replaces them', () => {
    let record = mergeStreamMessage(base, {
      type: 'step_started',
      step_id: 'each',
      attempt: 1,
      status: 'running',
      ...env(1),
      change: { step: running('each') },
    });
    const progress = (seq: number, index: number, status: string, error?: string): ExecutionStreamMessage => {
      const counts = { completed: seq - 1, failed: 0, total: 3 };
      return {
        type: 'step_progress',
        step_id: 'each',
        progress: counts,
        item: { index, status, ...(error ? { error } : {}) },
        ...env(seq),
        change: { step: { ...running('each'), progress: counts } },
      };
    };
    record = mergeStreamMessage(record, progress(2, 1, 'failed', 'boom'));
    record = mergeStreamMessage(record, progress(3, 0, 'completed'));
    expect(record.steps.each?.progress).toEqual({ completed: 2, failed: 0, total: 3 });
    expect(record.steps.each?.metadata.results).toEqual([
      { index: 0, item: undefined, status: 'completed' },
      { index: 1, item: undefined, status: 'failed', error: 'boom' },
    ]);
    const final = { ...running('each'), status: 'completed' as const, metadata: { results: [] } };
    record = mergeStreamMessage(record, {
      type: 'step_completed',
      step_id: 'each',
      status: 'completed',
      output: [],
      metadata: { results: [] },
      attempt: 1,
      duration_ms: 3,
      ...env(4),
      change: { step: final },
    });
    expect(record.steps.each).toEqual(final);
  });
});
