// streamMessages(): each event with the record change the model's applyEvent made; replayed events are not refolded.
import type { ExecutionRecord, WorkflowEvent } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { streamMessages } from './stream-messages.js';

const envelope = { execution_id: 'e1', workflow_name: 'w', timestamp: '2026-01-01T00:00:00.000Z' };
const created: ExecutionRecord = {
  id: 'e1',
  workflow_name: 'w',
  status: 'pending',
  inputs: { secret: 'not sent' },
  created_at: envelope.timestamp,
  steps: {},
  last_seq: 0,
};
const events: WorkflowEvent[] = [
  { ...envelope, seq: 1, type: 'workflow_started', inputs: {} },
  { ...envelope, seq: 2, type: 'step_started', step_id: 'a', attempt: 1, status: 'running' },
  { ...envelope, seq: 3, type: 'step_progress', step_id: 'a', message: 'a line', stream: 'stdout' },
  {
    ...envelope,
    seq: 4,
    type: 'step_completed',
    step_id: 'a',
    status: 'completed',
    output: 'out',
    metadata: {},
    attempt: 1,
    duration_ms: 5,
  },
  { ...envelope, seq: 5, type: 'workflow_completed', status: 'completed', duration_ms: 9 },
];

describe('streamMessages', () => {
  it('adds the step record after step events, the execution state after workflow events, nothing for output lines', () => {
    const toMessage = streamMessages(created);
    const [started, stepStarted, line, completed, finished] = events.map(toMessage);
    expect(started?.change).toEqual({ execution: { status: 'running', started_at: envelope.timestamp } });
    expect(stepStarted?.change?.step).toMatchObject({ step_id: 'a', status: 'running', attempts: 1 });
    expect(line).toEqual(events[2]);
    expect(completed?.change?.step).toMatchObject({ status: 'completed', output: 'out', duration_ms: 5 });
    expect(finished?.change).toEqual({
      execution: {
        status: 'completed',
        started_at: envelope.timestamp,
        finished_at: envelope.timestamp,
        duration_ms: 9,
      },
    });
    expect(created.steps).toEqual({});
  });

  it('gives replayed events (already in the record read) its current state instead of folding them again', () => {
    const record: ExecutionRecord = {
      ...created,
      status: 'running',
      last_seq: 4,
      steps: { a: { step_id: 'a', status: 'completed', attempts: 1, output: 'out', metadata: {}, duration_ms: 5 } },
    };
    const toMessage = streamMessages(record);
    expect(toMessage(events[1] as WorkflowEvent).change?.step).toMatchObject({ status: 'completed' });
    expect(toMessage(events[4] as WorkflowEvent).change?.execution).toMatchObject({ status: 'completed' });
  });
});
