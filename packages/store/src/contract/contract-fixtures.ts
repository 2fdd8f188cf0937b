// Fixtures for the ExecutionStore contract: definitions, a full run's events, random event sequences, the expected fold.
import {
  applyEvent,
  type ExecutionRecord,
  type NewExecution,
  type RetryPolicy,
  type StepDefinition,
  type WorkflowDefinition,
  type WorkflowEvent,
  type WorkflowEventBody,
} from '@skill/workflow-model';

const retry: RetryPolicy = { max_attempts: 1, backoff: 'exponential', initial_delay_ms: 1000, max_delay_ms: 300_000 };

/** A small valid definition with command steps named `stepIds`. */
export function definition(name: string, stepIds: string[] = ['a']): WorkflowDefinition {
  return {
    version: '1',
    name,
    config: {
      max_parallel: 4,
      on_failure: 'stop',
      retry,
      max_total_steps: 1000,
      max_loop_iterations: 1000,
      output_limit_bytes: 16 * 1024 * 1024,
    },
    inputs: { who: { type: 'string', required: false, default: 'world' } },
    steps: stepIds.map(
      (id): StepDefinition => ({
        id,
        step_type: 'command',
        depends_on: [],
        retry,
        continue_on_error: false,
        command: `echo ${id}`,
        env: {},
      }),
    ),
  };
}

/** The NewExecution of a run of `workflowName`. */
export function newExecution(id: string, workflowName = 'pipeline', extra: Partial<NewExecution> = {}): NewExecution {
  return { id, workflow_name: workflowName, inputs: { who: 'Alice' }, definition: definition(workflowName), ...extra };
}

/** What applyEvent makes of `created` after `events`: the record every store must return. */
export function fold(created: ExecutionRecord, events: WorkflowEvent[]): ExecutionRecord {
  const record = structuredClone(created);
  for (const event of events) applyEvent(record, event);
  return record;
}

/** A run that touches every event type and every step field: retry, foreach results, skip, cancel, failure. */
export const fullRun: WorkflowEventBody[] = [
  { type: 'workflow_started', inputs: { who: 'Alice' } },
  { type: 'step_started', step_id: 'fetch', attempt: 1, status: 'running' },
  { type: 'step_progress', step_id: 'fetch', message: 'connecting', stream: 'stdout' },
  {
    type: 'step_retrying',
    step_id: 'fetch',
    attempt: 1,
    next_attempt: 2,
    delay_ms: 10,
    error: 'boom',
    error_code: 'COMMAND_FAILED',
  },
  { type: 'step_started', step_id: 'fetch', attempt: 2, status: 'running' },
  {
    type: 'step_completed',
    step_id: 'fetch',
    status: 'completed',
    output: { user: { id: 123, name: 'Alice' } },
    metadata: { exit_code: 0 },
    attempt: 2,
    duration_ms: 12,
  },
  { type: 'step_started', step_id: 'each', attempt: 1, status: 'running' },
  {
    type: 'step_progress',
    step_id: 'each',
    progress: { completed: 1, failed: 0, total: 3 },
    item: { index: 0, status: 'completed' },
  },
  {
    type: 'step_progress',
    step_id: 'each',
    progress: { completed: 2, failed: 1, total: 3 },
    item: { index: 1, status: 'failed', error: 'x' },
  },
  {
    type: 'step_failed',
    step_id: 'each',
    status: 'failed',
    error: 'one iteration failed',
    error_code: 'FOREACH_ITERATION_FAILED',
    reason: 'iteration 1 failed',
    metadata: {
      results: [
        { index: 0, item: 'a', status: 'completed', output: 'A' },
        { index: 1, item: 'b', status: 'failed', error: 'x' },
        { index: 2, item: 'c', status: 'completed', output: null },
      ],
    },
    output: ['A', null],
    attempt: 1,
    duration_ms: 30,
    continue_on_error: true,
  },
  { type: 'step_skipped', step_id: 'notify', status: 'skipped', reason: 'condition was false' },
  { type: 'step_started', step_id: 'slow', attempt: 1, status: 'running' },
  {
    type: 'step_cancelled',
    step_id: 'slow',
    status: 'cancelled',
    error: 'cancelled',
    reason: 'workflow stopped',
    metadata: {},
    attempt: 1,
    duration_ms: 5,
  },
  {
    type: 'workflow_completed',
    status: 'failed',
    duration_ms: 100,
    error: { code: 'STEP_FAILED', message: 'step each failed', details: { stepId: 'each' } },
  },
];

/** The events of a run of `steps` steps (`step-0`...): started, progress and completed for each. */
export function stepEvents(steps: number): WorkflowEventBody[] {
  const bodies: WorkflowEventBody[] = [];
  for (let i = 0; i < steps; i++) {
    const step_id = `step-${i}`;
    bodies.push({ type: 'step_started', step_id, attempt: 1, status: 'running' });
    bodies.push({ type: 'step_progress', step_id, progress: { completed: 0, failed: 0, total: 1 } });
    const output = { index: i, text: `output of ${step_id} `.repeat(8) };
    bodies.push({
      type: 'step_completed',
      step_id,
      status: 'completed',
      output,
      metadata: { exit_code: 0 },
      attempt: 1,
      duration_ms: 1,
    });
  }
  return bodies;
}

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` random event bodies over three steps, each optional field sometimes present and sometimes not. */
export function randomRun(seed: number, count: number): WorkflowEventBody[] {
  const next = random(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const maybe = <T extends object>(value: T): T | Record<string, never> => (next() < 0.5 ? value : {});
  const outputs = [null, 0, 'text', 'ünï – 日本', [1, 2, { x: true }], { nested: { deep: [null, 'y'] } }, ''];
  const bodies: WorkflowEventBody[] = [];
  for (let i = 0; i < count; i++) {
    const step_id = pick(['a', 'b', 'c']);
    const attempt = 1 + Math.floor(next() * 3);
    const kind = pick(['started', 'progress', 'retrying', 'completed', 'failed', 'skipped', 'workflow'] as const);
    if (kind === 'started') bodies.push({ type: 'step_started', step_id, attempt, status: 'running' });
    if (kind === 'progress') {
      const progress = { completed: i, failed: attempt, total: count };
      bodies.push({ type: 'step_progress', step_id, ...maybe({ progress }), ...maybe({ message: `line ${i}` }) });
    }
    if (kind === 'retrying') {
      const code = maybe({ error_code: pick(['TIMEOUT', 'COMMAND_FAILED']) });
      bodies.push({
        type: 'step_retrying',
        step_id,
        attempt,
        next_attempt: attempt + 1,
        delay_ms: 5,
        error: `e${i}`,
        ...code,
      });
    }
    if (kind === 'completed') {
      const metadata = { exit_code: 0, i };
      bodies.push({
        type: 'step_completed',
        step_id,
        status: 'completed',
        output: pick(outputs),
        metadata,
        attempt,
        duration_ms: i,
      });
    }
    if (kind === 'failed') {
      const ended = {
        step_id,
        error: `failure ${i}`,
        ...maybe({ error_code: 'STEP_FAILED' }),
        ...maybe({ reason: `reason ${i}` }),
        ...maybe({ output: pick(outputs) }),
        metadata: { results: [{ index: 0, item: i, status: 'failed' }] },
        attempt,
        duration_ms: i,
      };
      bodies.push(
        pick([
          { type: 'step_failed', status: 'failed', ...ended, ...maybe({ continue_on_error: true }) },
          { type: 'step_cancelled', status: 'cancelled', ...ended },
        ] as const),
      );
    }
    if (kind === 'skipped') {
      bodies.push({ type: 'step_skipped', step_id, status: pick(['skipped', 'cancelled'] as const), reason: `r${i}` });
    }
    if (kind === 'workflow') {
      const error = { code: 'STEP_FAILED', message: `m${i}`, details: {} };
      bodies.push(
        pick([
          { type: 'workflow_started', inputs: {}, ...maybe({ resumed: true }) },
          {
            type: 'workflow_completed',
            status: pick(['completed', 'failed'] as const),
            duration_ms: i,
            ...maybe({ error }),
          },
          { type: 'workflow_cancelled', status: 'cancelled', reason: `stop ${i}`, duration_ms: i },
        ] as WorkflowEventBody[]),
      );
    }
  }
  return bodies;
}
