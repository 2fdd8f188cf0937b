// mergeLogLines() and logLineOf(): fetched and streamed log lines without duplicates, in seq order.
import type { WorkflowEvent } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import type { LogLine } from '../api.js';
import { logLineOf, mergeLogLines } from './log-lines.js';

const line = (seq: number, message = `line ${seq}`): LogLine => ({
  seq,
  timestamp: '2025-03-10T12:00:00Z',
  stream: 'stdout',
  message,
});
const seqs = (lines: LogLine[]) => lines.map((l) => l.seq);

describe('mergeLogLines', () => {
  it('appends lines streamed after the fetched ones', () => {
    const existing = [line(3), line(5)];
    expect(seqs(mergeLogLines(existing, [line(8), line(9)]))).toEqual([3, 5, 8, 9]);
    expect(mergeLogLines(existing, [])).toBe(existing);
  });

  it('drops lines seen before and sorts lines that arrive early', () => {
    // Streamed 5 and 8 arrived while the fetch (3, 5) was in flight.
    expect(seqs(mergeLogLines([line(3), line(5)], [line(5), line(8)]))).toEqual([3, 5, 8]);
    expect(seqs(mergeLogLines([line(8)], [line(3), line(5)]))).toEqual([3, 5, 8]);
    expect(seqs(mergeLogLines([line(3)], [line(9), line(7)]))).toEqual([3, 7, 9]);
    expect(seqs(mergeLogLines([], [line(2), line(2)]))).toEqual([2]);
  });
});

describe('logLineOf', () => {
  const envelope = { execution_id: 'e1', workflow_name: 'w', seq: 4, timestamp: '2025-03-10T12:00:00Z' };

  it('takes output lines of the step only', () => {
    const progress: WorkflowEvent = {
      ...envelope,
      type: 'step_progress',
      step_id: 'a',
      message: 'hi',
      stream: 'stderr',
    };
    expect(logLineOf(progress, 'a')).toEqual({
      seq: 4,
      timestamp: envelope.timestamp,
      stream: 'stderr',
      message: 'hi',
    });
    expect(logLineOf(progress, 'b')).toBeUndefined();
    const counts: WorkflowEvent = {
      ...envelope,
      type: 'step_progress',
      step_id: 'a',
      progress: { completed: 1, failed: 0, total: 2 },
    };
    expect(logLineOf(counts, 'a')).toBeUndefined();
    const started: WorkflowEvent = { ...envelope, type: 'step_started', step_id: 'a', attempt: 1, status: 'running' };
    expect(logLineOf(started, 'a')).toBeUndefined();
  });
});
