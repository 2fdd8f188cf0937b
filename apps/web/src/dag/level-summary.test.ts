// summarizeLevel() and levelSummaryText(): counts by status and which levels start open.
import type { StepRecord, StepStatus } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { levelSummaryText, summarizeLevel } from './level-summary.js';

const record = (id: string, status: StepStatus): StepRecord => ({ step_id: id, status, attempts: 1, metadata: {} });
const recordsOf = (statuses: Record<string, StepStatus>) =>
  Object.fromEntries(Object.entries(statuses).map(([id, status]) => [id, record(id, status)]));

describe('summarizeLevel', () => {
  const level = Array.from({ length: 50 }, (_, i) => `s${i}`);

  it('counts statuses (steps without a record are pending) and words them', () => {
    const statuses: Record<string, StepStatus> = {};
    for (let i = 0; i < 48; i += 1) statuses[`s${i}`] = 'completed';
    statuses.s48 = 'running';
    const summary = summarizeLevel(7, level, recordsOf(statuses));
    expect(summary.counts).toEqual([
      ['running', 1],
      ['pending', 1],
      ['completed', 48],
    ]);
    expect(summary.status).toBe('running');
    expect(levelSummaryText(summary)).toBe('level 7: 50 steps — 1 running, 1 pending, 48 completed');
    expect(summary.startsExpanded).toBe(true);
  });

  it('starts collapsed when done, open when a step failed or is selected', () => {
    const done = recordsOf(Object.fromEntries(level.map((id) => [id, 'completed' as const])));
    expect(summarizeLevel(1, level, done)).toMatchObject({ status: 'completed', startsExpanded: false });
    expect(summarizeLevel(1, level, done, 's3').startsExpanded).toBe(true);
    expect(summarizeLevel(1, level, { ...done, s9: record('s9', 'failed') })).toMatchObject({
      status: 'failed',
      startsExpanded: true,
    });
  });

  it('has no counts without records (a workflow, not an execution)', () => {
    const summary = summarizeLevel(2, level.slice(0, 1), undefined);
    expect(summary).toMatchObject({ counts: [], status: 'none', startsExpanded: false });
    expect(levelSummaryText(summary)).toBe('level 2: 1 step');
  });
});
