// Test support: small WorkflowDefinition, WorkflowEvent and ExecutionRecord builders for the renderer tests.
import type {
  ExecutionRecord,
  StepDefinition,
  WorkflowDefinition,
  WorkflowEvent,
  WorkflowEventBody,
} from '@skill/workflow-model';

const NO_RETRY = { max_attempts: 1, backoff: 'none', initial_delay_ms: 1000, max_delay_ms: 300_000 } as const;

/** A command step with the given id and options. */
export function commandStep(
  id: string,
  options: { depends_on?: string[]; when?: string; max_attempts?: number; step_type?: string } = {},
): StepDefinition {
  return {
    id,
    step_type: options.step_type ?? 'command',
    depends_on: options.depends_on ?? [],
    ...(options.when !== undefined ? { when: options.when } : {}),
    retry: { ...NO_RETRY, max_attempts: options.max_attempts ?? 1 },
    continue_on_error: false,
    command: 'true',
    env: {},
  } as StepDefinition;
}

/** A workflow named `name` made of `steps`. */
export function workflow(name: string, steps: StepDefinition[]): WorkflowDefinition {
  return {
    version: '1',
    name,
    config: {
      max_parallel: 4,
      on_failure: 'stop',
      retry: { ...NO_RETRY },
      max_total_steps: 1000,
      max_loop_iterations: 10_000,
      output_limit_bytes: 16 * 1024 * 1024,
    },
    inputs: {},
    steps,
  };
}

/** Builds recorded events with increasing seq, at the given local times (ms after `base`). */
export function eventScript(name: string, base: Date) {
  let seq = 0;
  return (atMs: number, body: WorkflowEventBody): WorkflowEvent =>
    ({
      ...body,
      execution_id: 'exec-1',
      workflow_name: name,
      seq: ++seq,
      timestamp: new Date(base.getTime() + atMs).toISOString(),
    }) as WorkflowEvent;
}

/** A `step_completed` body: `step_id` gave `output` after `duration_ms`, on `attempt`. */
export function stepCompleted(
  step_id: string,
  output: unknown,
  duration_ms: number,
  attempt = 1,
): Extract<WorkflowEventBody, { type: 'step_completed' }> {
  return { type: 'step_completed', step_id, status: 'completed', output, metadata: {}, attempt, duration_ms };
}

/** A `step_failed` body: `step_id` failed with `error` after `duration_ms`, on `attempt`. */
export function stepFailed(
  step_id: string,
  error: string,
  duration_ms: number,
  attempt = 1,
): Extract<WorkflowEventBody, { type: 'step_failed' }> {
  return { type: 'step_failed', step_id, status: 'failed', error, metadata: {}, attempt, duration_ms };
}

/** When {@link executionRecord}'s records were created and started. */
export const STARTED_AT = '2026-03-04T05:06:07.000Z';

/** A completed execution `e-1` of `hello` started at {@link STARTED_AT}, with `overrides`. */
export function executionRecord(overrides: Partial<ExecutionRecord> = {}): ExecutionRecord {
  return {
    id: 'e-1',
    workflow_name: 'hello',
    status: 'completed',
    inputs: {},
    created_at: STARTED_AT,
    started_at: STARTED_AT,
    steps: {},
    last_seq: 0,
    ...overrides,
  };
}
