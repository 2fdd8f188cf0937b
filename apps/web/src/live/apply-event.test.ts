// Tests of folding streamed events into an execution record.
import type { ExecutionRecord, WorkflowEvent } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { applyStreamEvent } from './apply-event.js';

const base: ExecutionRecord = {
  id: 'e1',
  workflow_name: 'w',
  status: 'pending',
  inputs: {},
  created_at: '2026-01-01T00:00:00.000Z',
  steps: {},
  last_seq: 0,
};
const env = (seq: number) => ({
  execution_id: 'e1',
  workflow_name: 'w',
  seq,
  timestamp: `2026-01-01T00:00:0${seq}.000Z`,
});

describe('applyStreamEvent', () => {
  it('tracks a run from start to failure and ignores replayed events', () => {
    const events: WorkflowEvent[] = [
      { type: 'workflow_started', inputs: {}, ...env(1) },
      { type: 'step_started', step_id: 'a', attempt: 1, status: 'running', ...env(2) },
      {
        type: 'step_completed',
        step_id: 'a',
        status: 'completed',
        output: 7,
        metadata: { exit_code: 0 },
        attempt: 1,
        duration_ms: 5,
        ...env(3),
      },
      { type: 'step_started', step_id: 'b', attempt: 1, status: 'running', ...env(4) },
      {
        type: 'step_failed',
        step_id: 'b',
        status: 'failed',
        error: 'boom',
        metadata: {},
        attempt: 1,
        duration_ms: 2,
        ...env(5),
      },
      { type: 'step_skipped', step_id: 'c', status: 'skipped', reason: 'dependency b failed', ...env(6) },
      { type: 'workflow_completed', status: 'failed', duration_ms: 9, ...env(7) },
    ];
    let record = base;
    for (const event of events) record = applyStreamEvent(record, event);
    expect(applyStreamEvent(record, events[1] as WorkflowEvent)).toBe(record);
    expect(record.status).toBe('failed');
    expect(record.last_seq).toBe(7);
    expect(record.duration_ms).toBe(9);
    expect(record.steps.a).toMatchObject({ status: 'completed', output: 7, attempts: 1, duration_ms: 5 });
    expect(record.steps.b).toMatchObject({ status: 'failed', error: 'boom', attempts: 1 });
    expect(record.steps.c).toMatchObject({ status: 'skipped', reason: 'dependency b failed' });
  });

  it('records a step cancelled while running, then the cancelled run', () => {
    const events: WorkflowEvent[] = [
      { type: 'step_started', step_id: 'slow', attempt: 1, status: 'running', ...env(1) },
      {
        type: 'step_cancelled',
        step_id: 'slow',
        status: 'cancelled',
        error: 'execution cancelled',
        error_code: 'CANCELLED',
        reason: 'user asked',
        metadata: { exit_code: 137 },
        output: 'partial',
        attempt: 1,
        duration_ms: 4,
        ...env(2),
      },
      { type: 'workflow_cancelled', status: 'cancelled', reason: 'user asked', duration_ms: 6, ...env(3) },
    ];
    let record = base;
    for (const event of events) record = applyStreamEvent(record, event);
    expect(record.status).toBe('cancelled');
    expect(record.steps.slow).toEqual({
      step_id: 'slow',
      status: 'cancelled',
      error: 'execution cancelled',
      error_code: 'CANCELLED',
      reason: 'user asked',
      output: 'partial',
      metadata: { exit_code: 137 },
      attempts: 1,
      duration_ms: 4,
      started_at: '2026-01-01T00:00:01.000Z',
      finished_at: '2026-01-01T00:00:02.000Z',
    });
  });

  it('lists live foreach items as their progress events arrive', () => {
    let record = applyStreamEvent(base, {
      type: 'step_started',
      step_id: 'each',
      attempt: 1,
      status: 'running',
      ...env(1),
    });
    const progress = (seq: number, index: number, status: string, error?: string): WorkflowEvent => ({
      type: 'step_progress',
      step_id: 'each',
      progress: { completed: seq - 1, failed: 0, total: 3 },
      item: { index, status, ...(error ? { error } : {}) },
      ...env(seq),
    });
    record = applyStreamEvent(record, progress(2, 1, 'failed', 'boom'));
    record = applyStreamEvent(record, progress(3, 0, 'completed'));
    expect(record.steps.each?.progress).toEqual({ completed: 2, failed: 0, total: 3 });
    expect(record.steps.each?.metadata.results).toEqual([
      { index: 0, item: undefined, status: 'completed' },
      { index: 1, item: undefined, status: 'failed', error: 'boom' },
    ]);
  });
});
