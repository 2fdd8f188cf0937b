// errorResult: tool errors reach MCP clients with paths relative to the project, never absolute.
import { WorkflowError } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { errorResult } from './tool-result.js';

describe('errorResult', () => {
  it('rewrites project paths to relative and other local paths to their base name, in text and structure', () => {
    const file = '/srv/project/.workflows/ghost.toml';
    const error = new WorkflowError('WORKFLOW_NOT_FOUND', `workflow "ghost" not found: ${file} (ENOENT)`, { file });
    const result = errorResult(error, '/srv/project');
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      { type: 'text', text: 'WORKFLOW_NOT_FOUND: workflow "ghost" not found: .workflows/ghost.toml (ENOENT)' },
    ]);
    expect(result.structuredContent).toMatchObject({ error: { details: { file: '.workflows/ghost.toml' } } });
    const outside = errorResult(new Error('cannot open /etc/skill/secret.env'), '/srv/project');
    expect(JSON.stringify(outside)).not.toContain('/etc/skill');
    expect(JSON.stringify(outside)).toContain('…/secret.env');
  });
});
