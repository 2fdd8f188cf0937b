// Public types of the engine facade: options, run options, loaded workflows and validation reports.
import type {
  Diagnostic,
  ExecutionRecord,
  ExecutionStore,
  StepExecutor,
  WorkflowDefinition,
  WorkflowEvent,
} from '@skill/workflow-model';

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** Where executions are recorded; an in-memory store by default. */
  store?: ExecutionStore;
  /** Extra executors (custom step types, or replacements of built-in ones). */
  executors?: StepExecutor[];
  /** Project folder: bare workflow names resolve to `<cwd>/.workflows/<name>.toml`. Default `process.cwd()`. */
  cwd?: string;
  /** Folder of named workflows. Default `<cwd>/.workflows`. */
  workflowsDir?: string;
  /** Cap per captured stream in bytes, overriding `config.output_limit`. */
  outputLimitBytes?: number;
}

/** Options of one run. */
export interface RunOptions {
  /** Aborting it cancels the execution (steps killed, status `cancelled`). */
  signal?: AbortSignal;
  /** Called with every event of this execution, in `seq` order, after it is recorded. */
  onEvent?: (event: WorkflowEvent) => void;
  /** Use this id instead of a new UUID. */
  executionId?: string;
  /** Workflows from the local CLI or the server's own folder are trusted (default true). */
  trusted?: boolean;
}

/** A workflow reference: a file path, a bare name in the workflows folder, TOML text, or a definition. */
export type WorkflowSource = string | WorkflowDefinition;

/** A workflow read from disk or text, validated. */
export interface LoadedWorkflow {
  definition: WorkflowDefinition;
  /** Absolute path of the file, when it came from one. */
  file?: string;
}

/** Result of validating a workflow without running it. */
export interface ValidationReport {
  ok: boolean;
  diagnostics: Diagnostic[];
  definition?: WorkflowDefinition;
  file?: string;
}

/** One entry of {@link Engine.listWorkflows}. */
export interface WorkflowSummary {
  name: string;
  description?: string;
  file: string;
  step_count: number;
  valid: boolean;
  diagnostics: Diagnostic[];
}

/** A started execution: its id at once, its final record later. */
export interface StartedExecution {
  executionId: string;
  /** Resolves with the final record; never rejects for step failures. */
  done: Promise<ExecutionRecord>;
}

/** The engine: load, validate and run workflows; watch and cancel executions. */
export interface Engine {
  readonly store: ExecutionStore;
  /** Runs to the end and returns the final record. Throws `WorkflowError` for an invalid workflow or invalid inputs (no step runs). */
  run(workflow: WorkflowSource, inputs?: Record<string, unknown>, options?: RunOptions): Promise<ExecutionRecord>;
  /** Validates, creates the execution and returns at once. Throws like {@link Engine.run} before anything starts. */
  start(workflow: WorkflowSource, inputs?: Record<string, unknown>, options?: RunOptions): Promise<StartedExecution>;
  /** Cancels a running execution of this engine; false when it is not running here. */
  cancel(executionId: string, reason?: string): boolean;
  /** Reads and validates a workflow; throws `WorkflowError` (code `WORKFLOW_INVALID` with diagnostics, or `WORKFLOW_NOT_FOUND`). */
  load(workflow: WorkflowSource): Promise<LoadedWorkflow>;
  /** Validates without throwing for workflow problems. */
  validate(workflow: WorkflowSource): Promise<ValidationReport>;
  /** The workflows of the workflows folder (invalid ones included, with diagnostics). */
  listWorkflows(): Promise<WorkflowSummary[]>;
  /** Adds or replaces the executor of a step type. */
  registerExecutor(executor: StepExecutor): void;
  /** Listens to the events of every execution; returns an unsubscribe function. */
  onEvent(listener: (event: WorkflowEvent) => void): () => void;
  getExecution(id: string): Promise<ExecutionRecord | undefined>;
}
