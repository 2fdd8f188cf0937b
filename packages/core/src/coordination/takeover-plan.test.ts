// The takeover plan: a running attempt is recorded lost (and lost attempts add up over takeovers), a retry keeps
// its recorded deadline, finished, pending and foreach steps are left to the usual resume rules.
import type { ExecutionRecord, StepRecord, WorkflowEvent, WorkflowEventBody } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { takeoverPlan } from './takeover-plan.js';

const step = (id: string, status: StepRecord['status']): StepRecord => ({
  step_id: id,
  status,
  attempts: 1,
  metadata: {},
});

function record(steps: StepRecord[]): ExecutionRecord {
  return {
    id: 'e',
    workflow_name: 'w',
    status: 'running',
    inputs: {},
    created_at: '2026-01-01T00:00:00.000Z',
    last_seq: 0,
    steps: Object.fromEntries(steps.map((s) => [s.step_id, s])),
    definition: {
      version: '1',
      name: 'w',
      config: {},
      steps: [
        { id: 'run', step_type: 'command', command: 'true' },
        { id: 'wait', step_type: 'command', command: 'true' },
        { id: 'done', step_type: 'command', command: 'true' },
        { id: 'loop', step_type: 'foreach', items: [], steps: [] },
      ],
    } as unknown as ExecutionRecord['definition'],
  };
}

function log(bodies: WorkflowEventBody[]): WorkflowEvent[] {
  return bodies.map((body, i) => ({
    ...body,
    execution_id: 'e',
    workflow_name: 'w',
    seq: i + 1,
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  })) as WorkflowEvent[];
}

const started = (id: string, attempt: number): WorkflowEventBody => ({
  type: 'step_started',
  step_id: id,
  attempt,
  status: 'running',
});
const retrying = (id: string, attempt: number, delay: number, code = 'COMMAND_FAILED'): WorkflowEventBody => ({
  type: 'step_retrying',
  step_id: id,
  attempt,
  next_attempt: attempt + 1,
  delay_ms: delay,
  error: code === 'COORDINATOR_LOST' ? 'coordinator lost' : 'exit code 1',
  error_code: code,
});

describe('takeoverPlan', () => {
  it('records the running attempt lost, keeps the retry deadline, leaves the rest alone', () => {
    const events = log([
      started('done', 1),
      started('run', 1),
      retrying('run', 1, 0, 'COORDINATOR_LOST'),
      started('run', 2),
      started('wait', 1),
      retrying('wait', 1, 5000),
      started('loop', 1),
    ]);
    const steps = [step('done', 'completed'), step('run', 'running'), step('wait', 'running'), step('loop', 'running')];
    const plan = takeoverPlan(record(steps), events, 123);
    expect(plan.lostAttempts).toEqual([retrying('run', 2, 0, 'COORDINATOR_LOST')]);
    expect(plan.resumedAttempts).toEqual(
      new Map([
        ['run', { attempts: 2, resumeAt: 123, lost: 2 }],
        ['wait', { attempts: 1, resumeAt: Date.parse(events[5]?.timestamp ?? '') + 5000, lost: 0 }],
      ]),
    );
  });

  it('adopts a running attempt the dispatcher can follow, never one stopped by a shutdown', () => {
    const events = log([
      started('run', 1),
      retrying('run', 1, 0, 'WORKER_LOST'),
      started('run', 2),
      started('wait', 1),
      started('done', 1),
    ]);
    const steps = [step('run', 'running'), step('wait', 'cancelled'), step('done', 'running')];
    const plan = takeoverPlan(record(steps), events, 123, (s) => s.id !== 'done');
    expect(plan.lostAttempts.map((e) => e.step_id)).toEqual(['wait', 'done']);
    expect(plan.resumedAttempts.get('run')).toEqual({ attempts: 2, resumeAt: 123, lost: 1, adopt: true });
    expect(plan.resumedAttempts.get('wait')).toEqual({ attempts: 1, resumeAt: 123, lost: 1 });
  });

  it('has nothing to do for an execution whose steps did not start', () => {
    expect(takeoverPlan(record([]), [], 0)).toEqual({ lostAttempts: [], resumedAttempts: new Map() });
  });
});
