// The text of `skill executions list` and `show`: aligned columns, statuses, details and truncation.
import type { ExecutionRecord } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { commandStep, workflow } from '../../test/definitions.js';
import { createStyle } from '../terminal-style.js';
import { formatDateTime } from './duration.js';
import { executionListLines, executionShowLines, MAX_DETAIL_CHARS, oneLineValue } from './execution-lines.js';

const plain = createStyle(false);
const STARTED = '2026-03-04T05:06:07.000Z';

function record(overrides: Partial<ExecutionRecord>): ExecutionRecord {
  return {
    id: 'e-1',
    workflow_name: 'hello',
    status: 'completed',
    inputs: {},
    created_at: STARTED,
    started_at: STARTED,
    steps: {},
    last_seq: 0,
    ...overrides,
  };
}

describe('executionListLines', () => {
  it('aligns id, workflow, status, start time and duration under a header', () => {
    const lines = executionListLines(
      [
        record({ id: 'aaaa', duration_ms: 1200 }),
        record({ id: 'b', workflow_name: 'deploy-all', status: 'running', duration_ms: undefined }),
      ],
      plain,
    );
    const at = formatDateTime(STARTED);
    expect(lines).toEqual([
      'ID    WORKFLOW    STATUS     STARTED              DURATION',
      `aaaa  hello       completed  ${at}  1.2s`,
      `b     deploy-all  running    ${at}  -`,
    ]);
  });

  it('colours only the status cell when colour is on', () => {
    const [, row] = executionListLines([record({ status: 'failed', duration_ms: 5 })], createStyle(true));
    expect(row).toContain('\u001b[31mfailed\u001b[39m');
    expect(row?.startsWith('e-1  hello')).toBe(true);
  });
});

describe('executionShowLines', () => {
  const definition = workflow('hello', [commandStep('greet'), commandStep('boom'), commandStep('after')]);

  it('shows the facts, then one row per step in definition order with its detail', () => {
    const lines = executionShowLines(
      record({
        status: 'failed',
        definition,
        inputs: { name: 'Ada' },
        finished_at: STARTED,
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
    const at = formatDateTime(STARTED);
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

  it('lists steps without a record as pending and cuts long outputs', () => {
    const long = 'x'.repeat(500);
    const lines = executionShowLines(
      record({
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
