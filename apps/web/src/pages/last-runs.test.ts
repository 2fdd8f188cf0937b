// latestByWorkflow(): the newest execution per workflow from a newest-first list.
import type { ExecutionRecord } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { latestByWorkflow } from './last-runs.js';

const execution = (id: string, workflow: string, status: ExecutionRecord['status']): ExecutionRecord => ({
  id,
  workflow_name: workflow,
  status,
  inputs: {},
  created_at: '2025-03-10T12:00:00Z',
  steps: {},
  last_seq: 0,
});

describe('latestByWorkflow', () => {
  it('keeps the first execution seen of each workflow', () => {
    const latest = latestByWorkflow([
      execution('e3', 'build', 'running'),
      execution('e2', 'deploy', 'failed'),
      execution('e1', 'build', 'completed'),
    ]);
    expect([...latest.keys()]).toEqual(['build', 'deploy']);
    expect(latest.get('build')?.id).toBe('e3');
    expect(latest.get('deploy')?.status).toBe('failed');
  });

  it('is empty without executions', () => {
    expect(latestByWorkflow([]).size).toBe(0);
  });
});
