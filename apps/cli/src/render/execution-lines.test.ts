// The text of `skill executions list` and `show`: aligned columns, statuses, details and truncation.
import { describe, expect, it } from 'vitest';
import { commandStep, executionRecord, STARTED_AT, workflow } from '../../test/definitions.js';
import { createStyle } from '../terminal-style.js';
import { formatDateTime } from './duration.js';
import { executionListLines, executionShowLines, MAX_DETAIL_CHARS, oneLineValue } from './execution-lines.js';

const plain = createStyle(false);

describe('executionListLines', () => {
  it('aligns id, workflow, status, start time and duration under a header', () => {
    const lines = executionListLines(
      [
        executionRecord({ id: 'aaaa', duration_ms: 1200 }),
        executionRecord({ id: 'b', workflow_name: 'deploy-all', status: 'running', duration_ms: undefined }),
      ],
      plain,
    );
    const at = formatDateTime(STARTED_AT);
    expect(lines).toEqual([
      'ID    WORKFLOW    STATUS     STARTED              DURATION',
      `aaaa  hello       completed  ${at}  1.2s`,
      `b     deploy-all  running    ${at}  -`,
    ]);
  });

  it('colours only the status cell when colour is on', () => {
    const [, row] = executionListLines([executionRecord({ status: 'failed', duration_ms: 5 })], createStyle(true));
    expect(row).toContain('\u001b[31mfailed\u001b[39m');
    expect(row?.startsWith('e-1  hello')).toBe(true);
  });
});

describe('executionShowLines', () => {
  const definition = workflow('hello', [commandStep('greet'), commandStep('boom'), commandStep('after')]);

  it('shows the facts, then one row per step in definition order with its detail', () => {
    const lines = executionShowLines(
      executionRecord({
        status: 'failed',
        definition,
        inputs: { name: 'Ada' },
        finished_at: STARTED_AT,
        duration_ms: 2500,
        retry_of: { execution_id: 'e-0', from: 'boom', downstream: true },
        steps: {
          after: { step_id: 'after', status: 'skipped', attempts: 0, metadata: {}, reason: 'dependency boom failed' },
          greet: {
            step_id: 'greet',
            status: 'completed',
            attempts: 1,
            metadata: {},
            output: 'hi\nthere',
            duration_ms: 12,
          },
          boom: {
            step_id: 'boom',
            status: 'failed',
            attempts: 3,
            metadata: {},
            error: 'exit 3',
            error_code: 'COMMAND_FAILED',
            duration_ms: 40,
          },
        },
      }),
      plain,
    );
    const at = formatDateTime(STARTED_AT);
    expect(lines).toEqual([
      'Execution  e-1',
      'Workflow   hello',
      'Status     failed',
      `Started    ${at}`,
      `Finished   ${at} (2.5s)`,
      'Inputs     {"name":"Ada"}',
      'Retry of   e-0 from step boom and downstream',
      '',
      'STEP   STATUS     ATTEMPTS  DURATION  DETAIL',
      'greet  completed  1         12ms      hi ⏎ there',
      'boom   failed     3         40ms      [COMMAND_FAILED] exit 3',
      'after  skipped    0         -         dependency boom failed',
    ]);
  });

  it('names the parent of a sub-workflow execution and the children of a parent', () => {
    const child = executionShowLines(executionRecord({ parent: { execution_id: 'p-1', step: 'call' } }), plain);
    expect(child).toContain('Parent     p-1 (step call)');
    const parent = executionShowLines(
      executionRecord({
        children: [
          { execution_id: 'c-1', step: 'call', workflow_name: 'build', status: 'failed' },
          { execution_id: 'c-2', step: 'call', workflow_name: 'build', status: 'completed' },
        ],
      }),
      plain,
    );
    expect(parent.filter((line) => line.startsWith('Child'))).toEqual([
      'Child      c-1 (step call: build, failed)',
      'Child      c-2 (step call: build, completed)',
    ]);
  });

  it('lists steps without a record as pending and cuts long outputs', () => {
    const long = 'x'.repeat(500);
    const lines = executionShowLines(
      executionRecord({
        status: 'running',
        definition,
        steps: { greet: { step_id: 'greet', status: 'completed', attempts: 1, metadata: {}, output: long } },
      }),
      plain,
    );
    expect(lines.at(-3)).toBe(`greet  completed  1         -         ${'x'.repeat(MAX_DETAIL_CHARS)}…`);
    expect(lines.slice(-2)).toEqual(['boom   pending    0         -', 'after  pending    0         -']);
  });
});

describe('oneLineValue', () => {
  it('prints strings raw and other values as compact JSON', () => {
    expect(oneLineValue({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(oneLineValue('  a\n  b ')).toBe('a ⏎ b');
    expect(oneLineValue('abcdef', 3)).toBe('abc…');
  });
});

describe('executionShowLines of a queued execution', () => {
  it('says what it waits for', () => {
    const reason = 'waiting for concurrency key deploy-prod (1/1 held by e-0)';
    const waiting_for = { reason, key: 'deploy-prod', limit: 1, holders: ['e-0'] };
    const lines = executionShowLines(executionRecord({ status: 'queued', waiting_for }), plain);
    expect(lines).toContain(`Waiting    ${reason}`);
    expect(lines).toContain('Status     queued');
  });
});
