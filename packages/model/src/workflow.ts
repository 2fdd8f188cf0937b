// The normalised workflow definition: what the parser produces and every other package consumes.
// Keys keep the TOML spelling (snake_case) so that what a user writes is what an executor receives;
// durations and sizes are normalised to milliseconds and bytes.

import type { ConcurrencyConfig } from './concurrency.js';
import type { SourceLocation } from './errors.js';
import type { TriggerDefinition } from './trigger.js';
import type { TrustLevel } from './trust.js';

/** The built-in step types. Custom executors may register other names. */
export const StepType = {
  Skill: 'skill',
  Command: 'command',
  Http: 'http',
  Foreach: 'foreach',
  DockerContainer: 'docker_container',
  InlineCode: 'inline_code',
  Approval: 'approval',
  Sleep: 'sleep',
  Workflow: 'workflow',
} as const;
/** One of the values of {@link StepType}. */
export type BuiltinStepType = (typeof StepType)[keyof typeof StepType];

/** The built-in step types, in the order messages list them (the one list of them). */
export const BUILTIN_STEP_TYPES: readonly BuiltinStepType[] = Object.values(StepType);

/**
 * True for the name of a built-in step type (as opposed to a custom type registered by an executor).
 *
 * @example
 * isBuiltinStepType('foreach'); // true
 */
export function isBuiltinStepType(name: string): name is BuiltinStepType {
  return (BUILTIN_STEP_TYPES as readonly string[]).includes(name);
}

/** Backoff strategies between attempts. */
export const Backoff = { None: 'none', Linear: 'linear', Exponential: 'exponential', Jitter: 'jitter' } as const;
/** One of the values of {@link Backoff}. */
export type Backoff = (typeof Backoff)[keyof typeof Backoff];

/** True for the name of a backoff strategy (`none`, `linear`, `exponential`, `jitter`). */
export function isBackoff(name: string): name is Backoff {
  return (Object.values(Backoff) as string[]).includes(name);
}

/** What happens to the rest of the workflow when a step fails. */
export type OnFailure = 'stop' | 'continue';

/** The effective retry policy of a step (config defaults merged with `[steps.retry]`). */
export interface RetryPolicy {
  /** All attempts, the first included; 1 means no retry. */
  max_attempts: number;
  backoff: Backoff;
  initial_delay_ms: number;
  max_delay_ms: number;
  /** Retry only when the process exited with one of these codes. */
  on_exit_codes?: number[];
  /** Retry only when the HTTP response had one of these statuses. */
  on_status_codes?: number[];
}

/** `[config]`, with defaults applied. */
export interface WorkflowConfig {
  max_execution_time_ms?: number;
  /** Maximum leaf executions at once (`max_parallel` or `max_concurrent_steps`). */
  max_parallel: number;
  on_failure: OnFailure;
  /** Default retry policy for steps without `[steps.retry]`. */
  retry: RetryPolicy;
  max_total_steps: number;
  max_loop_iterations: number;
  /** Cap per captured stream (stdout, stderr, response body), in bytes. */
  output_limit_bytes: number;
  /** At most `limit` executions hold the resolved key at once, across servers sharing the store. */
  concurrency?: ConcurrencyConfig;
  /** Worker labels of steps without their own `runs_on` (dispatch to a queue of workers). */
  runs_on?: string[];
}

/** The declared types a workflow input may have. */
export const INPUT_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'] as const;
/** Declared type of a workflow input: one of {@link INPUT_TYPES}. */
export type InputType = (typeof INPUT_TYPES)[number];

/** One entry of `[inputs]`. */
export interface InputDefinition {
  type: InputType;
  required: boolean;
  default?: unknown;
  description?: string;
  enum?: unknown[];
  location?: SourceLocation;
}

/** Fields every step has, whatever its type. */
export interface StepBase {
  id: string;
  step_type: string;
  description?: string;
  /** Steps that must finish first: those listed in the file plus those implied by references. */
  depends_on: string[];
  /** The part of `depends_on` implied by references rather than listed (drawn as inferred edges). */
  inferred_depends_on?: string[];
  when?: string;
  timeout_ms?: number;
  retry: RetryPolicy;
  continue_on_error: boolean;
  memory_limit_bytes?: number;
  cpu_limit?: number;
  /** Worker labels the step needs when steps are dispatched to workers (its own, else `config.runs_on`). */
  runs_on?: string[];
  /** Where the step's `[[steps]]` header (or `[[steps.loop]]`) is in the file. */
  location?: SourceLocation;
}

/** `step_type = "command"`: a shell string (run by `/bin/sh -c`) or an argv array. */
export interface CommandStep extends StepBase {
  step_type: 'command';
  command: string | string[];
  env: Record<string, string>;
  working_dir?: string;
  /** Text written to the process's stdin; objects are written as JSON. */
  stdin?: unknown;
}

/** `[steps.http]`. */
export interface HttpRequestSpec {
  method: string;
  url: string;
  query?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** A string is sent as is; a table or array is sent as JSON. */
  body?: unknown;
  timeout_ms?: number;
  /** Statuses that count as success; by default any status below 400. */
  accept_status?: number[];
}

/** `step_type = "http"`. */
export interface HttpStep extends StepBase {
  step_type: 'http';
  http: HttpRequestSpec;
}

/** `step_type = "skill"`: a tool of a registered skill. */
export interface SkillStep extends StepBase {
  step_type: 'skill';
  skill: string;
  tool: string;
  args: Record<string, unknown>;
}

/** `step_type = "foreach"`: the `[[steps.loop]]` steps run once per item. */
export interface ForeachStep extends StepBase {
  step_type: 'foreach';
  /** A literal array, or a template resolving to an array or to text. */
  items: unknown[] | string;
  parallel: boolean;
  max_parallel?: number;
  max_iterations: number;
  loop: StepDefinition[];
}

/** `[steps.docker]`. */
export interface DockerSpec {
  image: string;
  command?: string[] | string;
  entrypoint?: string[] | string;
  volumes: string[];
  memory_limit_bytes?: number;
  cpu_limit?: number;
  environment: Record<string, string>;
  working_dir?: string;
  network?: string;
  user?: string;
  pull?: 'if-not-present' | 'always' | 'never';
  privileged?: boolean;
  cap_add?: string[];
  devices?: string[];
}

/** `step_type = "docker_container"`. */
export interface DockerContainerStep extends StepBase {
  step_type: 'docker_container';
  docker: DockerSpec;
}

/** Languages of inline code. */
export type InlineLanguage = 'python' | 'bash' | 'node' | 'ruby';

/** `[steps.inline_code]`. */
export interface InlineCodeSpec {
  language: InlineLanguage;
  code?: string;
  script_file?: string;
  stdin?: unknown;
  environment: Record<string, string>;
  docker_image?: string;
  unsafe_native: boolean;
  working_dir?: string;
  memory_limit_bytes?: number;
  cpu_limit?: number;
  network?: string;
}

/** `step_type = "inline_code"`. */
export interface InlineCodeStep extends StepBase {
  step_type: 'inline_code';
  inline_code: InlineCodeSpec;
}

/** What happens to an approval nobody decided before its timeout. */
export type ApprovalTimeoutDecision = 'reject' | 'approve';

/**
 * `step_type = "approval"`: waits, holding no process and no parallelism slot, until someone approves or
 * rejects it (API, CLI, MCP, dashboard) or its timeout passes. Top-level steps only.
 */
export interface ApprovalStep extends StepBase {
  step_type: 'approval';
  /** What the approver is asked (a template). */
  message: string;
  /** The form the approver fills in, typed like `[inputs]`. */
  fields: Record<string, InputDefinition>;
  /** The step's `timeout`: how long the approval waits for a decision (no limit when absent). */
  decision_timeout_ms?: number;
  /** The decision taken when the timeout passes (default `reject`). */
  on_timeout: ApprovalTimeoutDecision;
}

/** `step_type = "sleep"`: waits, holding no process and no slot, for `duration_ms` or until `until`. Top-level only. */
export interface SleepStep extends StepBase {
  step_type: 'sleep';
  duration_ms?: number;
  /** An RFC 3339 timestamp, or a template resolving to one. */
  until?: string;
}

/**
 * `step_type = "workflow"`: runs another workflow of the project as a child execution (a sub-workflow).
 * `workflow` is a literal name (never a template, never a path); `inputs` are templates.
 */
export interface WorkflowStep extends StepBase {
  step_type: 'workflow';
  /** The child workflow's name: a bare name of the workflows folder. */
  workflow: string;
  /** The child's inputs; values may hold `{templates}`. */
  inputs: Record<string, unknown>;
}

/** A step of a type that a custom executor registered; its settings are in `args`. */
export interface CustomStep extends StepBase {
  args: Record<string, unknown>;
}

/** Any built-in step. */
export type BuiltinStep =
  | CommandStep
  | HttpStep
  | SkillStep
  | ForeachStep
  | DockerContainerStep
  | InlineCodeStep
  | ApprovalStep
  | SleepStep
  | WorkflowStep;

/** Any step: built-in or handled by a registered custom executor. */
export type StepDefinition = BuiltinStep | CustomStep;

/** Maps a built-in step type name to its step interface. */
export interface StepByType {
  command: CommandStep;
  http: HttpStep;
  skill: SkillStep;
  foreach: ForeachStep;
  docker_container: DockerContainerStep;
  inline_code: InlineCodeStep;
  approval: ApprovalStep;
  sleep: SleepStep;
  workflow: WorkflowStep;
}

/**
 * Narrows a step to a built-in type.
 *
 * @example
 * if (isStepOfType(step, 'foreach')) console.log(step.loop.length);
 */
export function isStepOfType<T extends BuiltinStepType>(step: StepDefinition, type: T): step is StepByType[T] {
  return step.step_type === type;
}

/** A parsed, validated workflow. */
export interface WorkflowDefinition {
  version: string;
  name: string;
  description?: string;
  config: WorkflowConfig;
  inputs: Record<string, InputDefinition>;
  /**
   * True when the file has no `[inputs]` table: any inputs are accepted, as strings (the guide's
   * snippets use `{inputs.x}` without declaring it). With a table, inputs are strictly typed.
   */
  open_inputs?: boolean;
  /** The level the file asks for (`trust = "..."`): it can lower the level its location gives it, never raise it. */
  trust?: TrustLevel;
  steps: StepDefinition[];
  /**
   * `[outputs]`: what the workflow returns when another one runs it as a sub-workflow, by name; each value is a
   * template over its inputs and steps (`"{build.output.image}"`), resolved when the execution ends.
   */
  outputs?: Record<string, string>;
  /** `[[triggers]]`: schedules `skill serve` fires. */
  triggers?: TriggerDefinition[];
  /** Where the workflow came from: relative paths in steps resolve against `dir`. */
  source?: { file?: string; dir?: string; text?: string };
}
