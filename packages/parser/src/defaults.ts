// Default values of [config] and of the retry policy, applied when a workflow leaves them out.
import type { WorkflowConfig } from '@skill/workflow-model';

/** Default retry delays: 1s initial, 5m cap. */
export const DEFAULT_INITIAL_DELAY_MS = 1000;
export const DEFAULT_MAX_DELAY_MS = 5 * 60 * 1000;

/** The configuration of a workflow without `[config]`. Frozen: copy before changing. */
export const defaultConfig: WorkflowConfig = Object.freeze({
  max_parallel: 10,
  on_failure: 'stop',
  retry: Object.freeze({
    max_attempts: 1,
    backoff: 'none',
    initial_delay_ms: DEFAULT_INITIAL_DELAY_MS,
    max_delay_ms: DEFAULT_MAX_DELAY_MS,
  }),
  max_total_steps: 1000,
  max_loop_iterations: 10_000,
  output_limit_bytes: 16 * 1024 * 1024,
}) as WorkflowConfig;
