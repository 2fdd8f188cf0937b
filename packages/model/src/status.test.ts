// Tests of the end-of-execution predicates: terminal statuses and terminal events agree.
import { describe, expect, it } from 'vitest';
import { EventType } from './events.js';
import {
  ExecutionStatus,
  isTerminalEvent,
  isTerminalExecutionStatus,
  isTerminalStepStatus,
  STORED_EXECUTION_STATUSES,
  StepStatus,
} from './status.js';

describe('isTerminalEvent', () => {
  it('is true for workflow_completed and workflow_cancelled only', () => {
    const terminal = Object.values(EventType).filter((type) => isTerminalEvent({ type }));
    expect(terminal).toEqual(['workflow_completed', 'workflow_cancelled']);
  });
});

describe('isTerminalExecutionStatus', () => {
  it('is true for completed, failed, cancelled and skipped; interrupted and queued executions go on', () => {
    const terminal = Object.values(ExecutionStatus).filter(isTerminalExecutionStatus);
    expect(terminal).toEqual(['completed', 'failed', 'cancelled', 'skipped']);
  });
});

describe('isTerminalStepStatus', () => {
  it('is false only for pending, running and waiting', () => {
    expect(Object.values(StepStatus).filter((s) => !isTerminalStepStatus(s))).toEqual([
      'pending',
      'running',
      'waiting',
    ]);
  });
});

describe('STORED_EXECUTION_STATUSES', () => {
  it('is every execution status but the derived interrupted', () => {
    expect([...STORED_EXECUTION_STATUSES, ExecutionStatus.Interrupted].sort()).toEqual(
      Object.values(ExecutionStatus).sort(),
    );
  });
});
