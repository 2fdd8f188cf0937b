// backoffDelay and isRetryable: exact delays per backoff kind, caps, retry filters.
import { type RetryPolicy, WorkflowError } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './index.js';
import { isRetryable } from './retry-policy.js';

const policy = (over: Partial<RetryPolicy>): RetryPolicy => ({
  max_attempts: 5,
  backoff: 'exponential',
  initial_delay_ms: 1000,
  max_delay_ms: 300_000,
  ...over,
});

describe('backoffDelay', () => {
  it('computes none, linear and exponential delays', () => {
    expect([1, 2, 3].map((n) => backoffDelay(policy({ backoff: 'none' }), n))).toEqual([0, 0, 0]);
    expect([1, 2, 3].map((n) => backoffDelay(policy({ backoff: 'linear' }), n))).toEqual([1000, 1000, 1000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(policy({}), n))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('caps every kind by max_delay_ms', () => {
    expect(backoffDelay(policy({ max_delay_ms: 3000 }), 4)).toBe(3000);
    expect(backoffDelay(policy({ backoff: 'linear', initial_delay_ms: 5000, max_delay_ms: 2000 }), 1)).toBe(2000);
    expect(backoffDelay(policy({ backoff: 'jitter', max_delay_ms: 3000 }), 10, () => 1)).toBe(3000);
    expect(backoffDelay(policy({}), 200)).toBe(300_000);
  });

  it('draws jitter in [0, exponential]', () => {
    const jitter = policy({ backoff: 'jitter' });
    expect(backoffDelay(jitter, 3, () => 0)).toBe(0);
    expect(backoffDelay(jitter, 3, () => 0.5)).toBe(2000);
    expect(backoffDelay(jitter, 3, () => 0.999_999)).toBe(4000);
  });
});

describe('isRetryable', () => {
  const error = (details: Record<string, unknown>, code = 'COMMAND_FAILED') => new WorkflowError(code, 'x', details);

  it('refuses errors marked retryable: false', () => {
    expect(isRetryable(error({ retryable: false }), policy({}))).toBe(false);
    expect(isRetryable(error({}), policy({}))).toBe(true);
  });

  it('filters by exit codes and HTTP statuses when the policy lists them', () => {
    const exits = policy({ on_exit_codes: [2, 75] });
    expect(isRetryable(error({ exitCode: 75 }), exits)).toBe(true);
    expect(isRetryable(error({ exitCode: 1 }), exits)).toBe(false);
    expect(isRetryable(error({}), exits)).toBe(false);
    const statuses = policy({ on_status_codes: [503] });
    expect(isRetryable(error({ statusCode: 503 }), statuses)).toBe(true);
    expect(isRetryable(error({ statusCode: 404 }), statuses)).toBe(false);
  });

  it('always retries a timeout unless marked otherwise', () => {
    expect(isRetryable(error({}, 'TIMEOUT'), policy({ on_exit_codes: [2] }))).toBe(true);
  });
});
