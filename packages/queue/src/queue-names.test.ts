// Queue names per label set: a worker hears every subset of its labels, a job only the queue of exactly its own.
import { describe, expect, it } from 'vitest';
import { labelProblem, labelsCover, queueNameFor, queuesServedBy, stepJobId } from './queue-names.js';

describe('queue names', () => {
  it('names one queue per set of labels, whatever their order or repeats', () => {
    expect(queueNameFor([])).toBe('skill-steps');
    expect(queueNameFor(['gpu', 'big-mem', 'gpu'])).toBe('skill-steps.big-mem+gpu');
  });

  it('lets a worker take the jobs of every subset of its labels and no other', () => {
    expect(queuesServedBy(['gpu', 'linux']).sort()).toEqual([
      'skill-steps',
      'skill-steps.gpu',
      'skill-steps.gpu+linux',
      'skill-steps.linux',
    ]);
    expect(labelsCover(['gpu', 'linux'], ['gpu'])).toBe(true);
    expect(labelsCover(['linux'], ['gpu'])).toBe(false);
  });

  it('refuses hostile labels: separators, braces, control characters, oversized', () => {
    for (const label of ['a+b', '{secrets.X}', 'gpu\nlinux', '-x', '', 'x'.repeat(64), '../x']) {
      expect(labelProblem(label), JSON.stringify(label)).toBeDefined();
    }
    expect(labelProblem('gpu_2.big-mem')).toBeUndefined();
  });

  it('gives an attempt the same job id wherever it is computed, distinct per step, iteration and attempt', () => {
    const attempt = { execution_id: 'e1', step_id: 'loop[2].child', attempt: 3 };
    expect(stepJobId(attempt)).toBe('e1/loop[2].child/3');
    expect(stepJobId({ ...attempt })).toBe(stepJobId(attempt));
    expect(stepJobId({ ...attempt, attempt: 4 })).not.toBe(stepJobId(attempt));
    expect(stepJobId({ ...attempt, step_id: 'loop[3].child' })).not.toBe(stepJobId(attempt));
    expect(stepJobId({ ...attempt, step_id: 'a:b' })).not.toContain(':'); // BullMQ refuses ":" in ids
  });
});
