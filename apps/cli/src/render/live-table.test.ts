// renderFrame from a scripted state, and LiveTable redrawing in place on a recording stream.
import type { WorkflowEvent } from '@skill/workflow-model';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commandStep, eventScript, stepCompleted, stepFailed, workflow } from '../../test/definitions.js';
import { createStyle } from '../terminal-style.js';
import { LiveTable, renderFrame } from './live-table.js';
import { RunView } from './run-view.js';

const base = new Date(2024, 0, 2, 12, 0, 0, 0);
const definition = workflow('etl', [
  commandStep('fetch-data'),
  commandStep('build', { depends_on: ['fetch-data'], max_attempts: 3 }),
  commandStep('regions', { step_type: 'foreach', depends_on: ['fetch-data'] }),
  commandStep('flaky', { max_attempts: 3 }),
  commandStep('lint'),
  commandStep('cleanup', { depends_on: ['build'] }),
  commandStep('publish', { depends_on: ['cleanup'] }),
]);

function midRunView(): RunView {
  const at = eventScript('etl', base);
  const events: WorkflowEvent[] = [
    at(0, { type: 'workflow_started', inputs: {} }),
    at(0, { type: 'step_started', step_id: 'fetch-data', attempt: 1, status: 'running' }),
    at(120, stepCompleted('fetch-data', 1, 120)),
    at(200, { type: 'step_started', step_id: 'build', attempt: 1, status: 'running' }),
    at(300, { type: 'step_retrying', step_id: 'build', attempt: 1, next_attempt: 2, delay_ms: 100, error: 'exit 3' }),
    at(400, { type: 'step_started', step_id: 'build', attempt: 2, status: 'running' }),
    at(200, { type: 'step_started', step_id: 'regions', attempt: 1, status: 'running' }),
    at(900, { type: 'step_progress', step_id: 'regions', progress: { completed: 6, failed: 1, total: 10 } }),
    at(200, { type: 'step_started', step_id: 'flaky', attempt: 1, status: 'running' }),
    at(1500, {
      type: 'step_retrying',
      step_id: 'flaky',
      attempt: 1,
      next_attempt: 2,
      delay_ms: 2000,
      error: 'HTTP 503\nsecond line',
    }),
    at(300, { type: 'step_started', step_id: 'lint', attempt: 1, status: 'running' }),
    at(800, stepFailed('lint', 'exited with code 1\nline two', 500)),
    at(900, { type: 'step_skipped', step_id: 'publish', status: 'skipped', reason: 'condition was false' }),
  ];
  const view = new RunView(definition);
  for (const event of events) view.apply(event);
  return view;
}

describe('renderFrame', () => {
  const now = base.getTime() + 2000;

  it('shows status, id, type, live duration, attempts, foreach progress, retry wait, errors and skip reasons', () => {
    expect(renderFrame(midRunView(), { now, style: createStyle(false), width: 80 }).split('\n')).toEqual([
      'etl  2s',
      '  ✓ fetch-data  command   120ms',
      '  ⠴ build       command    1.8s  2/3',
      '  ⠴ regions     foreach    1.8s  7/10 (1 failed)',
      '  ↻ flaky       command    1.8s  2/3  retrying in 1.5s: HTTP 503',
      '  ✗ lint        command   500ms  exited with code 1',
      '  ○ cleanup     command',
      '  - publish     command          skipped: condition was false',
    ]);
  });

  it('animates the spinner with time', () => {
    const frame = renderFrame(midRunView(), { now: now + 80, style: createStyle(false), width: 80 });
    expect(frame.split('\n')[2]).toBe('  ⠦ build       command    1.9s  2/3');
  });

  it('cuts rows to the width and summarises steps beyond the height', () => {
    expect(renderFrame(midRunView(), { now, style: createStyle(false), width: 30, maxLines: 5 }).split('\n')).toEqual([
      'etl  2s',
      '  ⠴ build       command    1…',
      '  ⠴ regions     foreach    1…',
      '  ↻ flaky       command    1…',
      '  … 4 more steps (1 complete…',
    ]);
  });

  it('colours symbols, dims skipped rows and reasons', () => {
    const lines = renderFrame(midRunView(), { now, style: createStyle(true), width: 80 }).split('\n');
    expect(lines[1]).toBe('  \u001b[32m✓\u001b[39m fetch-data\u001b[2m  command\u001b[22m   120ms');
    expect(lines[3]).toBe(
      '  \u001b[36m⠴\u001b[39m regions   \u001b[2m  foreach\u001b[22m    1.8s  7/10\u001b[31m (1 failed)\u001b[39m',
    );
    expect(lines[7]).toBe(
      '  \u001b[2m-\u001b[22m\u001b[2m publish   \u001b[22m\u001b[2m  command\u001b[22m          \u001b[2mskipped: condition was false\u001b[22m',
    );
  });

  it('shows the final status and total duration in the header once finished', () => {
    const view = new RunView(workflow('one', [commandStep('a')]));
    const at = eventScript('one', base);
    view.apply(at(0, { type: 'workflow_started', inputs: {} }));
    view.apply(at(5, { type: 'step_skipped', step_id: 'a', status: 'cancelled', reason: 'interrupted (SIGINT)' }));
    view.apply(at(9, { type: 'workflow_cancelled', status: 'cancelled', reason: 'interrupted', duration_ms: 3456 }));
    expect(renderFrame(view, { now, style: createStyle(false), width: 80 })).toBe(
      'one  3.5s  cancelled\n  ⊘ a  command          cancelled: interrupted (SIGINT)',
    );
  });

  it('shows a step cancelled while running with its reason, and no pending retry', () => {
    const view = new RunView(workflow('one', [commandStep('a', { max_attempts: 3 })]));
    const at = eventScript('one', base);
    view.apply(at(0, { type: 'workflow_started', inputs: {} }));
    view.apply(at(1, { type: 'step_started', step_id: 'a', attempt: 1, status: 'running' }));
    view.apply(
      at(2, { type: 'step_retrying', step_id: 'a', attempt: 1, next_attempt: 2, delay_ms: 60_000, error: 'flaky' }),
    );
    view.apply(
      at(5, {
        type: 'step_cancelled',
        step_id: 'a',
        status: 'cancelled',
        error: 'execution cancelled',
        error_code: 'CANCELLED',
        reason: 'interrupted (SIGINT)',
        metadata: {},
        attempt: 1,
        duration_ms: 4,
      }),
    );
    view.apply(at(9, { type: 'workflow_cancelled', status: 'cancelled', reason: 'interrupted', duration_ms: 3456 }));
    expect(view.steps()[0]?.retry).toBeUndefined();
    expect(renderFrame(view, { now, style: createStyle(false), width: 80 })).toBe(
      'one  3.5s  cancelled\n  ⊘ a  command     4ms  cancelled: interrupted (SIGINT)',
    );
  });
});

describe('LiveTable', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('redraws in place at most every interval, lets notices through above it and leaves the final table', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const writes: string[] = [];
    const out = { isTTY: true, columns: 80, write: (text: string) => void writes.push(text) };
    const view = new RunView(workflow('one', [commandStep('a')]));
    const at = eventScript('one', base);
    let clock = base.getTime();
    const table = new LiveTable(out, view, createStyle(false), () => clock, 40);
    view.apply(at(0, { type: 'workflow_started', inputs: {} }));
    table.start();
    expect(writes).toEqual(['one  0ms\n  ○ a  command\n']);

    view.apply(at(10, { type: 'step_started', step_id: 'a', attempt: 1, status: 'running' }));
    table.update();
    table.update();
    expect(writes).toHaveLength(1);
    clock += 500;
    vi.advanceTimersByTime(40);
    expect(writes).toHaveLength(2);
    expect(writes[1]).toBe('\u001b[2A\u001b[G\u001b[0Jone  500ms\n  ⠦ a  command   490ms\n');

    table.interrupt(() => writes.push('NOTICE\n'));
    expect(writes.slice(-3)).toEqual([
      '\u001b[2A\u001b[G\u001b[0J',
      'NOTICE\n',
      'one  500ms\n  ⠦ a  command   490ms\n',
    ]);

    view.apply(at(700, stepFailed('a', 'boom', 690)));
    view.apply(at(701, { type: 'workflow_completed', status: 'failed', duration_ms: 701 }));
    table.stop();
    const count = writes.length;
    expect(writes.at(-1)).toBe('\u001b[2A\u001b[G\u001b[0Jone  701ms  failed\n  ✗ a  command   690ms  boom\n');
    vi.advanceTimersByTime(100);
    expect(writes).toHaveLength(count);
  });
});
