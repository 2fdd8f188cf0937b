// Tests of the Gantt bar maths.
import type { StepRecord } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { timelineBars } from './timeline-layout.js';

const rec = (status: StepRecord['status'], started?: string, finished?: string): StepRecord => ({
  step_id: 's',
  status,
  attempts: 1,
  metadata: {},
  ...(started ? { started_at: started } : {}),
  ...(finished ? { finished_at: finished } : {}),
});

describe('timelineBars', () => {
  it('scales bars to the execution span', () => {
    const { bars, spanMs } = timelineBars(
      ['a', 'b', 'c'],
      {
        a: rec('completed', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z'),
        b: rec('failed', '2026-01-01T00:00:01.000Z', '2026-01-01T00:00:04.000Z'),
        c: rec('skipped'),
      },
      { started_at: '2026-01-01T00:00:00.000Z', finished_at: '2026-01-01T00:00:04.000Z' },
      0,
    );
    expect(spanMs).toBe(4000);
    expect(bars[0]).toMatchObject({ id: 'a', left: 0, width: 25, durationMs: 1000 });
    expect(bars[1]).toMatchObject({ id: 'b', status: 'failed', left: 25, width: 75, durationMs: 3000 });
    expect(bars[2]).toEqual({ id: 'c', status: 'skipped' });
  });

  it('runs a started step up to now and gives zero-length steps a visible sliver', () => {
    const now = Date.parse('2026-01-01T00:00:10.000Z');
    const { bars } = timelineBars(
      ['a', 'b'],
      {
        a: rec('completed', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
        b: rec('running', '2026-01-01T00:00:05.000Z'),
      },
      { started_at: '2026-01-01T00:00:00.000Z' },
      now,
    );
    expect(bars[0]?.width).toBe(0.5);
    expect(bars[1]).toMatchObject({ left: 50, width: 50 });
  });
});
