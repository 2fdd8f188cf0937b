import { describe, expect, it } from 'vitest';
import { applyEvent } from './apply-event.js';
import type { ExecutionRecord } from './execution.js';

const envelope = { execution_id: 'e1', workflow_name: 'w', timestamp: '2026-01-01T00:00:00.000Z' };

function newRecord(): ExecutionRecord {
  return {
    id: 'e1',
    workflow_name: 'w',
    status: 'pending',
    inputs: {},
    created_at: envelope.timestamp,
    steps: {},
    last_seq: 0,
  };
}

describe('applyEvent', () => {
  it('tracks a step through start, retry and completion', () => {
    const r = newRecord();
    applyEvent(r, { ...envelope, seq: 1, type: 'workflow_started', inputs: {} });
    applyEvent(r, { ...envelope, seq: 2, type: 'step_started', step_id: 'a', attempt: 1, status: 'running' });
    applyEvent(r, {
      ...envelope,
      seq: 3,
      type: 'step_retrying',
      step_id: 'a',
      attempt: 1,
      next_attempt: 2,
      delay_ms: 10,
      error: 'boom',
    });
    expect(r.steps.a?.error).toBe('boom');
    applyEvent(r, { ...envelope, seq: 4, type: 'step_started', step_id: 'a', attempt: 2, status: 'running' });
    expect(r.steps.a?.error).toBeUndefined();
    applyEvent(r, {
      ...envelope,
      seq: 5,
      type: 'step_completed',
      step_id: 'a',
      status: 'completed',
      output: { n: 1 },
      metadata: { exit_code: 0 },
      attempt: 2,
      duration_ms: 3,
    });
    applyEvent(r, { ...envelope, seq: 6, type: 'workflow_completed', status: 'completed', duration_ms: 9 });
    expect(r).toMatchObject({ status: 'completed', last_seq: 6, duration_ms: 9 });
    expect(r.steps.a).toMatchObject({ status: 'completed', attempts: 2, output: { n: 1 } });
  });

  it('records skip reasons and cancellation', () => {
    const r = newRecord();
    applyEvent(r, {
      ...envelope,
      seq: 1,
      type: 'step_skipped',
      step_id: 'b',
      status: 'skipped',
      reason: 'dependency a failed',
    });
    applyEvent(r, {
      ...envelope,
      seq: 2,
      type: 'workflow_cancelled',
      status: 'cancelled',
      reason: 'user',
      duration_ms: 1,
    });
    expect(r.steps.b).toMatchObject({ status: 'skipped', reason: 'dependency a failed' });
    expect(r.status).toBe('cancelled');
    expect(r.error?.code).toBe('CANCELLED');
  });

  it('records a step cancelled while running with its error, reason, partial output and timing', () => {
    const r = newRecord();
    applyEvent(r, { ...envelope, seq: 1, type: 'step_started', step_id: 'a', attempt: 1, status: 'running' });
    const stopped = {
      status: 'cancelled',
      error: 'cancelled: user request',
      error_code: 'CANCELLED',
      reason: 'cancelled: user request',
      metadata: { exit_code: 137 },
      output: 'partial',
      duration_ms: 40,
    } as const;
    applyEvent(r, { ...envelope, seq: 2, type: 'step_cancelled', step_id: 'a', attempt: 1, ...stopped });
    expect(r.steps.a).toMatchObject({ ...stopped, attempts: 1, finished_at: envelope.timestamp });
  });
});
