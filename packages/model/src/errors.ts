// WorkflowError with stable codes, and the located Diagnostic that validation collects.
import { escapeControls, shortenText } from './display-text.js';

/** Stable error codes. Tests, the API and users match on these, never on messages. */
export const ErrorCode = {
  // reading and validating workflow files
  TomlSyntax: 'TOML_SYNTAX',
  SchemaViolation: 'SCHEMA_VIOLATION',
  UnknownKey: 'UNKNOWN_KEY',
  InvalidValue: 'INVALID_VALUE',
  InvalidDuration: 'INVALID_DURATION',
  InvalidMemory: 'INVALID_MEMORY',
  DuplicateStepId: 'DUPLICATE_STEP_ID',
  UnknownDependency: 'UNKNOWN_DEPENDENCY',
  DependencyCycle: 'DEPENDENCY_CYCLE',
  StepTypeMissing: 'STEP_TYPE_MISSING',
  UnknownStepType: 'UNKNOWN_STEP_TYPE',
  InvalidCondition: 'INVALID_CONDITION',
  InvalidTemplate: 'INVALID_TEMPLATE',
  UnknownReference: 'UNKNOWN_REFERENCE',
  ReferenceNotUpstream: 'REFERENCE_NOT_UPSTREAM',
  PolicyViolation: 'POLICY_VIOLATION',
  /** A warning: a `memory_limit` / `cpu_limit` on a step that runs as a host process, where nothing enforces it. */
  LimitNotEnforced: 'LIMIT_NOT_ENFORCED',
  TooManySteps: 'TOO_MANY_STEPS',
  /** The file is larger than its size limit (1 MiB for workflows created through the API or MCP). */
  WorkflowTooLarge: 'WORKFLOW_TOO_LARGE',
  /** Tables and arrays nested beyond the limit. */
  NestingTooDeep: 'NESTING_TOO_DEEP',
  /** The file is not valid UTF-8; the diagnostic points at the first bad byte. */
  InvalidEncoding: 'INVALID_ENCODING',
  WorkflowNotFound: 'WORKFLOW_NOT_FOUND',
  /** The workflow has error diagnostics; they are in `details.diagnostics`. */
  WorkflowInvalid: 'WORKFLOW_INVALID',
  /** The inputs do not match `[inputs]`; the problems are in `details.diagnostics`. */
  InputsInvalid: 'INPUTS_INVALID',
  // inputs
  InputMissing: 'INPUT_MISSING',
  InputType: 'INPUT_TYPE',
  InputUnknown: 'INPUT_UNKNOWN',
  InputEnum: 'INPUT_ENUM',
  // running
  TemplateRefMissing: 'TEMPLATE_REF_MISSING',
  ConditionError: 'CONDITION_ERROR',
  StepFailed: 'STEP_FAILED',
  CommandFailed: 'COMMAND_FAILED',
  CommandNotFound: 'COMMAND_NOT_FOUND',
  HttpStatus: 'HTTP_STATUS',
  HttpRequestFailed: 'HTTP_REQUEST_FAILED',
  Timeout: 'TIMEOUT',
  Cancelled: 'CANCELLED',
  ExecutionTimeout: 'EXECUTION_TIMEOUT',
  /** The execution never ran: its concurrency key was held and `on_conflict = "skip"`. */
  ConcurrencySkipped: 'CONCURRENCY_SKIPPED',
  ForeachItems: 'FOREACH_ITEMS',
  ForeachTooManyItems: 'FOREACH_TOO_MANY_ITEMS',
  ForeachIterationFailed: 'FOREACH_ITERATION_FAILED',
  /** A step's output would bring the outputs kept by its execution over the execution's output budget. */
  OutputTooLarge: 'OUTPUT_TOO_LARGE',
  ExecutorNotFound: 'EXECUTOR_NOT_FOUND',
  ExecutionNotFound: 'EXECUTION_NOT_FOUND',
  WorkflowExists: 'WORKFLOW_EXISTS',
  ShuttingDown: 'SHUTTING_DOWN',
  /** An approval step was rejected (by someone, or by its timeout with `on_timeout = "reject"`). */
  ApprovalRejected: 'APPROVAL_REJECTED',
  /** A decision for a step that is not waiting for one (never was, finished, or already decided). */
  StepNotWaiting: 'STEP_NOT_WAITING',
  /** The execution has no step of that id (or it is not an approval step). */
  StepNotFound: 'STEP_NOT_FOUND',
  /** Approval form values that do not match the step's `fields`; the problems are in `details.diagnostics`. */
  FieldsInvalid: 'FIELDS_INVALID',
  // trust, sandboxes and skills
  UntrustedStep: 'UNTRUSTED_STEP',
  /** An untrusted step's HTTP connection to a loopback, private, link-local or the server's own address. */
  EgressRefused: 'EGRESS_REFUSED',
  DockerUnavailable: 'DOCKER_UNAVAILABLE',
  ImageUnavailable: 'IMAGE_UNAVAILABLE',
  VolumePermission: 'VOLUME_PERMISSION',
  VolumeNotFound: 'VOLUME_NOT_FOUND',
  DockerError: 'DOCKER_ERROR',
  OomKilled: 'OOM_KILLED',
  UnknownSkill: 'UNKNOWN_SKILL',
  UnknownTool: 'UNKNOWN_TOOL',
  SkillLoadFailed: 'SKILL_LOAD_FAILED',
  // sub-workflows
  /** A `workflow` step names no workflow of the project, or not by a literal name. */
  UnknownWorkflow: 'UNKNOWN_WORKFLOW',
  /** Workflows that call each other in a cycle (validation), or sub-workflows nested beyond the depth limit (run time). */
  SubWorkflowRecursion: 'SUB_WORKFLOW_RECURSION',
  /** The child execution of a `workflow` step failed. */
  SubWorkflowFailed: 'SUB_WORKFLOW_FAILED',
  /** The child execution of a `workflow` step was cancelled on its own (not by its parent). */
  SubWorkflowCancelled: 'SUB_WORKFLOW_CANCELLED',
  // persistence and serving
  StoreUnavailable: 'STORE_UNAVAILABLE',
  /** A coordinator wrote for an execution whose lease another coordinator has taken over (see LeaseStore). */
  LeaseLost: 'LEASE_LOST',
  /** The coordinator running a step attempt died; another took the execution over and runs the step again. */
  CoordinatorLost: 'COORDINATOR_LOST',
  /** The worker running a dispatched step attempt died or handed it back; the step runs again as a new attempt. */
  WorkerLost: 'WORKER_LOST',
  AuthRequired: 'AUTH_REQUIRED',
  Internal: 'INTERNAL',
} as const;
/** One of the values of {@link ErrorCode}; custom executors may use their own strings too. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode] | (string & {});

/** Where something is in a workflow file. Lines and columns are 1-based. */
export interface SourceLocation {
  file?: string;
  line: number;
  column: number;
}

/** One problem found while reading or validating a workflow. */
export interface Diagnostic {
  code: ErrorCode;
  severity: 'error' | 'warning';
  message: string;
  file?: string;
  line: number;
  column: number;
  step_id?: string;
  /** Dotted path of the offending key inside the file, e.g. `steps[2].retry.backoff`. */
  path?: string;
  /** A suggestion such as "did you mean `depends_on`?". */
  hint?: string;
}

/** Structured details carried by a {@link WorkflowError}. */
export interface WorkflowErrorDetails {
  stepId?: string;
  location?: SourceLocation;
  diagnostics?: Diagnostic[];
  /** Process exit code, when the error came from a process. */
  exitCode?: number;
  /** HTTP status, when the error came from an HTTP response. */
  statusCode?: number;
  /** False when retrying cannot help (bad template, bad configuration). */
  retryable?: boolean;
  [key: string]: unknown;
}

/** The JSON form of a {@link WorkflowError}, as the API returns it. */
export interface SerializedWorkflowError {
  code: ErrorCode;
  message: string;
  details: WorkflowErrorDetails;
}

/**
 * The one error type of the engine: a stable `code`, a readable message and details.
 *
 * @example
 * throw new WorkflowError('TEMPLATE_REF_MISSING', 'step "b": {a.output.x} not found', { stepId: 'b' });
 */
export class WorkflowError extends Error {
  override readonly name = 'WorkflowError';
  readonly code: ErrorCode;
  readonly details: WorkflowErrorDetails;

  constructor(code: ErrorCode, message: string, details: WorkflowErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = details;
  }

  /** The diagnostics this error carries (validation errors), or an empty list. */
  get diagnostics(): Diagnostic[] {
    return this.details.diagnostics ?? [];
  }

  toJSON(): SerializedWorkflowError {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** True when `value` is a {@link WorkflowError} (also across package copies). */
export function isWorkflowError(value: unknown): value is WorkflowError {
  return (
    value instanceof WorkflowError || (value instanceof Error && value.name === 'WorkflowError' && 'code' in value)
  );
}

/** Formats a diagnostic as `file:line:column: error CODE [step id]: message (hint)`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file ?? '<workflow>'}:${d.line}:${d.column}`;
  const step = d.step_id ? ` [step ${shortenText(d.step_id)}]` : '';
  const hint = d.hint ? ` (${d.hint})` : '';
  // The one place every printed diagnostic passes: nothing in it can drive a terminal.
  return escapeControls(`${where}: ${d.severity} ${d.code}${step}: ${d.message}${hint}`);
}
