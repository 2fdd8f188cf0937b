// The fields every step definition carries besides its own settings, for building steps in tests.
import type { RetryPolicy } from '@skill/workflow-model';

/** A retry policy that never retries. */
const NO_RETRY: RetryPolicy = { max_attempts: 1, backoff: 'none', initial_delay_ms: 0, max_delay_ms: 0 };

/**
 * `depends_on: []`, `continue_on_error: false` and a retry policy that never retries, fresh on each call.
 *
 * @example
 * const step: CommandStep = { id: 'cmd', step_type: 'command', command: 'true', env: {}, ...defaultStepFields() };
 */
export function defaultStepFields(): { depends_on: string[]; continue_on_error: boolean; retry: RetryPolicy } {
  return { depends_on: [], continue_on_error: false, retry: { ...NO_RETRY } };
}
