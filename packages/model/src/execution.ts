// Execution and step records: the state of one run, as stored and as returned by the API.
import type { ConcurrencyWait } from './concurrency.js';
import type { SerializedWorkflowError } from './errors.js';
import type { ExecutionStatus, StepStatus } from './status.js';
import type { ExecutionTrigger } from './trigger.js';
import type { WorkflowDefinition } from './workflow.js';

/** Result of one foreach iteration (`{id.metadata.results}` lists these). */
export interface ForeachItemResult {
  index: number;
  item: unknown;
  status: StepStatus;
  output?: unknown;
  error?: string;
}

/** The recorded state of one step. */
export interface StepRecord {
  step_id: string;
  status: StepStatus;
  attempts: number;
  output?: unknown;
  metadata: Record<string, unknown>;
  error?: string;
  error_code?: string;
  /** Why the step was skipped, cancelled or failed. */
  reason?: string;
  started_at?: string;
  finished_at?: string;
  duration_ms?: number;
  /** Foreach steps: progress while running. */
  progress?: { completed: number; failed: number; total: number };
}

/** The recorded state of one execution. */
export interface ExecutionRecord {
  id: string;
  workflow_name: string;
  status: ExecutionStatus;
  inputs: Record<string, unknown>;
  created_at: string;
  started_at?: string;
  finished_at?: string;
  duration_ms?: number;
  error?: SerializedWorkflowError;
  steps: Record<string, StepRecord>;
  /** The definition as it was when the execution started. */
  definition?: WorkflowDefinition;
  /** Number of events appended so far (the last `seq`). */
  last_seq: number;
  /** False for workflows created through the API or MCP. */
  trusted?: boolean;
  /** Set when this execution retries another one from a step. */
  retry_of?: { execution_id: string; from: string; downstream: boolean };
  /** What started it, when a trigger did (a schedule's tick). */
  trigger?: ExecutionTrigger;
  /** While `queued`: the concurrency key it waits for and who holds it. */
  waiting_for?: ConcurrencyWait;
  /** Set when a `workflow` step of another execution started this one (a sub-workflow). */
  parent?: ParentLink;
  /** The sub-workflow executions this one started (the API adds them; the store does not keep them here). */
  children?: ChildLink[];
}

/** The execution and step that started a sub-workflow execution. */
export interface ParentLink {
  execution_id: string;
  /** The `workflow` step's id (`loop[2].call` inside a foreach). */
  step: string;
}

/** A sub-workflow execution, as its parent lists it. */
export interface ChildLink {
  execution_id: string;
  /** The parent's step that started it. */
  step: string;
  workflow_name: string;
  status: ExecutionStatus;
}
