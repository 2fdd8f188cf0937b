// Tests of reading foreach results, item previews and the virtualised row window.
import type { StepRecord } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { foreachSummary, previewOf, visibleWindow } from './foreach-results.js';

const step = (metadata: Record<string, unknown>, progress?: StepRecord['progress']): StepRecord => ({
  step_id: 'each',
  status: 'failed',
  attempts: 1,
  metadata,
  ...(progress ? { progress } : {}),
});

describe('foreachSummary', () => {
  it('reads results and counts from the metadata', () => {
    const s = foreachSummary(
      step({
        results: [
          { index: 0, item: 'a', status: 'completed', output: 'x' },
          { index: 1, item: 'bad', status: 'failed', error: 'exit 1' },
          'junk',
        ],
        total: 3,
        completed: 2,
        failed: 1,
      }),
    );
    expect(s.results.map((r) => r.index)).toEqual([0, 1]);
    expect([s.completed, s.failed, s.total]).toEqual([2, 1, 3]);
  });

  it('falls back to live progress, then to the results', () => {
    expect(foreachSummary(step({}, { completed: 4, failed: 1, total: 10 }))).toMatchObject({
      completed: 4,
      failed: 1,
      total: 10,
    });
    expect(foreachSummary(step({ results: [{ index: 0, item: 1, status: 'failed' }] }))).toMatchObject({
      completed: 0,
      failed: 1,
      total: 1,
    });
    expect(foreachSummary(undefined).results).toEqual([]);
  });
});

describe('previewOf', () => {
  it('shows strings raw, other values as JSON, truncated', () => {
    expect(previewOf('abc')).toBe('abc');
    expect(previewOf({ a: 1 })).toBe('{"a":1}');
    expect(previewOf('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(previewOf(undefined)).toBe('…');
  });
});

describe('visibleWindow', () => {
  it('renders only the rows in view plus overscan', () => {
    expect(visibleWindow(0, 300, 30, 5000)).toEqual({ first: 0, last: 15 });
    expect(visibleWindow(30_000, 300, 30, 5000)).toEqual({ first: 995, last: 1015 });
    expect(visibleWindow(149_700, 300, 30, 5000)).toEqual({ first: 4985, last: 5000 });
    expect(visibleWindow(0, 300, 30, 0)).toEqual({ first: 0, last: 0 });
  });
});
