// Durations, clock times and the plain event lines of a scripted event sequence.
import { describe, expect, it } from 'vitest';
import { commandStep, eventScript, stepCompleted, stepFailed, workflow } from '../../test/definitions.js';
import { createStyle } from '../terminal-style.js';
import { formatClock, formatDuration } from './duration.js';
import { plainEventLines } from './plain-lines.js';
import { RunView } from './run-view.js';

describe('formatDuration', () => {
  it('picks ms, s, m and h units', () => {
    expect([0, 120, 999, 1000, 1234, 59_949, 60_000, 125_000, 3_600_000, 3_725_000].map(formatDuration)).toEqual([
      '0ms',
      '120ms',
      '999ms',
      '1s',
      '1.2s',
      '59.9s',
      '1m00s',
      '2m05s',
      '1h00m',
      '1h02m',
    ]);
  });

  it('formats local clock times', () => {
    expect(formatClock(new Date(2024, 0, 2, 9, 5, 7, 45).toISOString())).toBe('09:05:07.045');
    expect(formatClock('not a date')).toBe('--:--:--.---');
  });
});

describe('plainEventLines', () => {
  it('prints one line per event as it happens', () => {
    const definition = workflow('etl', [
      commandStep('fetch'),
      commandStep('build', { depends_on: ['fetch'], max_attempts: 3 }),
      commandStep('regions', { step_type: 'foreach', depends_on: ['fetch'] }),
      commandStep('cleanup', { depends_on: ['build', 'regions'] }),
      commandStep('late', { depends_on: ['cleanup'] }),
    ]);
    const at = eventScript('etl', new Date(2024, 0, 2, 12, 0, 1, 0));
    const events = [
      at(0, { type: 'workflow_started', inputs: {} }),
      at(1, { type: 'step_started', step_id: 'fetch', attempt: 1, status: 'running' }),
      at(121, stepCompleted('fetch', 'x', 120)),
      at(125, { type: 'step_started', step_id: 'build', attempt: 1, status: 'running' }),
      at(130, { type: 'step_started', step_id: 'regions', attempt: 1, status: 'running' }),
      at(300, {
        type: 'step_retrying',
        step_id: 'build',
        attempt: 1,
        next_attempt: 2,
        delay_ms: 1000,
        error: 'exited with code 3\nboom',
      }),
      at(400, { type: 'step_progress', step_id: 'regions', progress: { completed: 1, failed: 0, total: 3 } }),
      at(410, { type: 'step_progress', step_id: 'regions', item: { index: 2, status: 'failed', error: 'bad item' } }),
      at(420, { type: 'step_progress', step_id: 'regions', message: 'some output', stream: 'stdout' }),
      at(430, { type: 'step_started', step_id: 'deploy-in-loop', attempt: 1, status: 'running' }),
      at(1300, { type: 'step_started', step_id: 'build', attempt: 2, status: 'running' }),
      at(1500, stepCompleted('build', null, 1375, 2)),
      at(1600, stepFailed('regions', '1 of 3 items failed', 1470)),
      at(1601, { type: 'step_skipped', step_id: 'cleanup', status: 'skipped', reason: 'dependency "regions" failed' }),
      at(1602, { type: 'step_skipped', step_id: 'late', status: 'cancelled', reason: 'the run stopped' }),
      at(1610, { type: 'workflow_completed', status: 'failed', duration_ms: 1610 }),
    ];
    const view = new RunView(definition);
    const style = createStyle(false);
    const lines = events.flatMap((event) => {
      view.apply(event);
      return plainEventLines(event, view, style);
    });
    expect(lines).toEqual([
      '[12:00:01.000] ▶ etl started (execution exec-1)',
      '[12:00:01.001] ▶ fetch started',
      '[12:00:01.121] ✓ fetch completed in 120ms',
      '[12:00:01.125] ▶ build started',
      '[12:00:01.130] ▶ regions started',
      '[12:00:01.300] ↻ build retrying in 1s (attempt 2/3): exited with code 3 ⏎ boom',
      '[12:00:01.410]   ✗ regions[2] failed: bad item',
      '[12:00:02.300] ▶ build started (attempt 2/3)',
      '[12:00:02.500] ✓ build completed in 1.4s (attempt 2/3)',
      '[12:00:02.600] ✗ regions failed after 1.5s: 1 of 3 items failed',
      '[12:00:02.601] - cleanup skipped: dependency "regions" failed',
      '[12:00:02.602] ⊘ late cancelled: the run stopped',
    ]);
    expect(view.record.status).toBe('failed');
  });

  it('shows the attempt of a failure of a retried step, a cancelled attempt and a tolerated failure', () => {
    const definition = workflow('w', [commandStep('a', { max_attempts: 2 }), commandStep('b')]);
    const at = eventScript('w', new Date(2024, 0, 2, 8, 0, 0, 0));
    const view = new RunView(definition);
    const style = createStyle(false);
    const failed = at(5, { ...stepFailed('a', 'exit 1', 2500, 2), continue_on_error: true });
    const cancelled = at(6, {
      type: 'step_cancelled',
      step_id: 'b',
      status: 'cancelled',
      error: 'cancelled',
      reason: 'interrupted (SIGINT)',
      metadata: {},
      attempt: 1,
      duration_ms: 10,
    });
    expect(plainEventLines(failed, view, style)).toEqual([
      '[08:00:00.005] ✗ a failed after 2.5s (attempt 2/2) (continue_on_error): exit 1',
    ]);
    expect(plainEventLines(cancelled, view, style)).toEqual(['[08:00:00.006] ⊘ b cancelled: interrupted (SIGINT)']);
  });
});
