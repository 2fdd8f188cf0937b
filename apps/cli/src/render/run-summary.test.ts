// The end-of-run report: outputs, summary line, failures and foreach item errors.
import { describe, expect, it } from 'vitest';
import { commandStep, executionRecord, workflow } from '../../test/definitions.js';
import { createStyle } from '../terminal-style.js';
import { compactValue, finalReport } from './run-summary.js';

const plain = createStyle(false);

describe('compactValue', () => {
  it('prints strings raw, other values as compact JSON, cut after the limit', () => {
    expect(compactValue('a "b"')).toBe('a "b"');
    expect(compactValue({ a: [1, 2], b: null })).toBe('{"a":[1,2],"b":null}');
    expect(compactValue('x'.repeat(10), 4)).toBe('xxxx… (6 more characters)');
    expect(compactValue(undefined)).toBe('undefined');
  });
});

describe('finalReport', () => {
  const definition = workflow('hello', [
    commandStep('a'),
    commandStep('b', { depends_on: ['a'], max_attempts: 3 }),
    commandStep('c', { depends_on: ['a'] }),
  ]);

  it('prints the last level outputs (multi-line indented, empty ones left out) and the summary', () => {
    const rec = executionRecord({
      duration_ms: 1500,
      steps: {
        a: { step_id: 'a', status: 'completed', attempts: 1, metadata: {}, output: 'not last level' },
        b: { step_id: 'b', status: 'completed', attempts: 1, metadata: {}, output: 'line 1\nline 2' },
        c: { step_id: 'c', status: 'completed', attempts: 1, metadata: {}, output: '' },
      },
    });
    expect(finalReport(rec, definition, plain)).toEqual([
      'Outputs:',
      '  b: line 1\n     line 2',
      '✓ hello completed in 1.5s (3 completed)',
    ]);
  });

  it('lists failed steps with attempts, code and the failed foreach items', () => {
    const results = [0, 1, 2, 3, 4, 5, 6].map((index) => ({
      index,
      item: index,
      status: 'failed',
      error: `bad ${index}`,
    }));
    const rec = executionRecord({
      status: 'failed',
      duration_ms: 80,
      steps: {
        a: { step_id: 'a', status: 'completed', attempts: 1, metadata: {} },
        b: { step_id: 'b', status: 'failed', attempts: 3, metadata: { results }, error: 'boom\nmore', error_code: 'X' },
        c: { step_id: 'c', status: 'skipped', attempts: 0, metadata: {}, reason: 'r' },
      },
    });
    expect(finalReport(rec, definition, plain)).toEqual([
      '✗ hello failed after 80ms (1 completed, 1 failed, 1 skipped)',
      '✗ b failed (attempt 3/3) [X]: boom\n    more',
      '    item 0: bad 0',
      '    item 1: bad 1',
      '    item 2: bad 2',
      '    item 3: bad 3',
      '    item 4: bad 4',
      '    … and 2 more failed items',
    ]);
  });

  it('gives the cancellation reason and the workflow error when no step failed', () => {
    const cancelled = executionRecord({
      status: 'cancelled',
      duration_ms: 2000,
      error: { code: 'CANCELLED', message: 'interrupted (SIGINT)', details: {} },
      steps: { a: { step_id: 'a', status: 'cancelled', attempts: 1, metadata: {} } },
    });
    expect(finalReport(cancelled, definition, plain)).toEqual([
      '⊘ hello cancelled after 2s (1 cancelled, 2 not run): interrupted (SIGINT)',
    ]);
    const timedOut = executionRecord({
      status: 'failed',
      duration_ms: 2000,
      error: { code: 'EXECUTION_TIMEOUT', message: 'timed out after 2s', details: {} },
    });
    expect(finalReport(timedOut, definition, plain)).toEqual([
      '✗ hello failed after 2s (3 not run)',
      '✗ EXECUTION_TIMEOUT: timed out after 2s',
    ]);
  });
});
