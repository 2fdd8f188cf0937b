// Retry decisions: backoff delays, which failures are retried, and human-readable durations for messages.
import { ErrorCode, type RetryPolicy, type WorkflowError } from '@skill/workflow-model';

/** Largest delay `setTimeout` accepts without firing at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * The delay before attempt `attempt + 1`, after attempt `attempt` (1-based) failed.
 * none: 0; linear: initial; exponential: initial * 2^(attempt-1); jitter: random in [0, exponential];
 * all capped by `max_delay_ms`.
 *
 * @example
 * backoffDelay({ max_attempts: 4, backoff: 'exponential', initial_delay_ms: 1000, max_delay_ms: 300_000 }, 3); // 4000
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const initial = Math.max(0, policy.initial_delay_ms || 0);
  const cap = policy.max_delay_ms >= 0 ? policy.max_delay_ms : Number.POSITIVE_INFINITY;
  const exponential = () => initial * 2 ** Math.max(0, attempt - 1);
  switch (policy.backoff) {
    case 'none':
      return 0;
    case 'linear':
      return Math.min(initial, cap);
    case 'exponential':
      return Math.min(exponential(), cap);
    case 'jitter': {
      const upper = Math.min(exponential(), cap);
      const r = Math.min(1, Math.max(0, random()));
      return Math.round(r * upper);
    }
    default:
      return Math.min(initial, cap);
  }
}

/**
 * True when a failed attempt may be retried: `details.retryable` is not false, and when the policy lists
 * exit codes or HTTP statuses, the error carries a listed one. A timeout is always retryable.
 */
export function isRetryable(error: WorkflowError, policy: RetryPolicy): boolean {
  if (error.details.retryable === false) return false;
  if (error.code === ErrorCode.Timeout) return true;
  const exitCodes = policy.on_exit_codes?.length ? policy.on_exit_codes : undefined;
  const statusCodes = policy.on_status_codes?.length ? policy.on_status_codes : undefined;
  if (!exitCodes && !statusCodes) return true;
  const { exitCode, statusCode } = error.details;
  if (exitCodes && typeof exitCode === 'number' && exitCodes.includes(exitCode)) return true;
  if (statusCodes && typeof statusCode === 'number' && statusCodes.includes(statusCode)) return true;
  return false;
}
