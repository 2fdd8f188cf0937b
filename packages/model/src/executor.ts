// The StepExecutor plugin interface: one resolved step in, { output, metadata } out.
import type { StepWait } from './events.js';
import type { TrustBoundary } from './trust.js';
import type { StepDefinition } from './workflow.js';

/**
 * What host processes of steps inherit from the engine's environment: `inherit` (all of it but the
 * `SKILL_SECRET_*` variables: the local CLI, the user's own shell) or `clean` (PATH, HOME, locale, TZ, TMPDIR,
 * USER, SHELL, TERM and proxies only: a server, whose token and database URL must not reach a step).
 */
export type StepEnvironment = 'inherit' | 'clean';

/** What an executor gets besides the step. */
export interface ExecutorContext {
  /** Aborted on timeout or cancellation: stop work, kill processes, abort requests. */
  signal: AbortSignal;
  execution_id: string;
  workflow_name: string;
  step_id: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Folder relative paths resolve against (the workflow file's folder, or the cwd). */
  base_dir: string;
  /** Cap per captured stream, in bytes. */
  output_limit_bytes: number;
  /** The execution's trust level and what the server grants below `trusted` (see TRUST_RULES). */
  boundary: TrustBoundary;
  /** What host processes inherit from the engine's environment (default `inherit`). */
  step_environment?: StepEnvironment;
  /** Reports a line of live output (becomes a `step_progress` event). */
  log(line: string, stream?: 'stdout' | 'stderr'): void;
  /**
   * The step's `memory_limit` and `cpu_limit`, for work it runs in a container (the skill executor
   * sets them, so the built-in code skills apply them); absent when the step sets none.
   */
  limits?: { memory_limit_bytes?: number; cpu_limit?: number };
  /**
   * The W3C trace context of this attempt's span when tracing is on: executors hand it to processes and
   * containers as `TRACEPARENT` and to HTTP requests as the `traceparent` header.
   */
  traceparent?: string;
  /**
   * Durable waits (approval, sleep; top-level steps only): records that the step now waits (`step_waiting`, status
   * `waiting`) and gives its `max_parallel` slot back until the attempt settles.
   */
  beginWaiting?(wait: StepWait): void;
}

/**
 * The variables the engine sets in every step process and container: `SKILL_EXECUTION_ID`, `SKILL_STEP_ID`,
 * `SKILL_ATTEMPT`, and `TRACEPARENT` when tracing is on (it then replaces one the step sets).
 */
export function stepIdentityEnv(ctx: ExecutorContext): Record<string, string> {
  const env: Record<string, string> = {
    SKILL_EXECUTION_ID: ctx.execution_id,
    SKILL_STEP_ID: ctx.step_id,
    SKILL_ATTEMPT: String(ctx.attempt),
  };
  if (ctx.traceparent !== undefined) env.TRACEPARENT = ctx.traceparent;
  return env;
}

/** What an executor returns for a successful attempt. */
export interface StepResult {
  output: unknown;
  metadata?: Record<string, unknown>;
}

/** What validation knows besides the step itself. */
export interface ValidationContext {
  /**
   * The JSON type a value that is one whole template will have, when the workflow declares it (`integer` for
   * `"{inputs.count}"` with `count = { type = "integer" }`); undefined when it is not known before the run.
   */
  templateType(value: string): string | undefined;
}

/**
 * Runs steps of one `step_type`. Throw a `WorkflowError` to fail the attempt.
 *
 * @example
 * const echo: StepExecutor = {
 *   type: 'echo',
 *   async run(step) { return { output: (step as CustomStep).args } },
 * };
 */
export interface StepExecutor<S extends StepDefinition = StepDefinition> {
  readonly type: string;
  /** Extra static checks; return human messages, located by the caller at the step. */
  validate?(step: S, context?: ValidationContext): string[];
  run(step: S, ctx: ExecutorContext): Promise<StepResult>;
}
