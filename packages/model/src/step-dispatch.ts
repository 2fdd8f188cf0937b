// The dispatch seam: the engine hands each leaf step attempt to a StepDispatcher (in process by default, or a queue of workers).
import type { StepEnvironment, StepResult } from './executor.js';
import type { TrustBoundary } from './trust.js';
import type { StepDefinition } from './workflow.js';

/**
 * What a step's templates may read, without secrets: the execution's inputs, the results of the steps the step
 * references (by id), the foreach iteration's `loop`, and every step id of the workflow (a known step without a
 * result resolves as `pending`).
 */
export interface StepJobScope {
  inputs: Record<string, unknown>;
  /** Results of the steps the step's templates reference, by step id (JSON values). */
  steps: Record<string, unknown>;
  loop?: { item: unknown; index: number };
  step_ids: string[];
}

/**
 * One step attempt handed to a dispatcher. It holds no secret value: `step` keeps its templates unresolved
 * (`{secrets.NAME}` included), and whoever runs it resolves them, reading the secrets named in `secret_names`
 * from its own secrets source.
 */
export interface StepJob {
  execution_id: string;
  workflow_name: string;
  /** The step id as events show it (`loop[2].child` inside a foreach iteration). */
  step_id: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** The step as the workflow declares it, templates unresolved. */
  step: StepDefinition;
  scope: StepJobScope;
  /** The names of the secrets this execution may read (the values stay with whoever runs the step). */
  secret_names: string[];
  /** Folder relative paths resolve against. */
  base_dir: string;
  /** Cap per captured stream, in bytes. */
  output_limit_bytes: number;
  boundary: TrustBoundary;
  step_environment: StepEnvironment;
  /** Labels a worker must have to take the job (`runs_on`); empty: any worker. */
  runs_on: string[];
  traceparent?: string;
}

/** How the engine follows one dispatched attempt. */
export interface DispatchControl {
  /** Aborted on timeout or cancellation: the attempt must stop wherever it runs. */
  signal: AbortSignal;
  /** A line of live output from the step (becomes a `step_progress` event). */
  log(line: string, stream?: 'stdout' | 'stderr'): void;
  /**
   * Why the attempt is not running yet (`waiting for a worker with labels gpu`):
   * shown on the execution.
   */
  notice(message: string): void;
}

/** A worker that takes step jobs, as listed by the API, the CLI and MCP. */
export interface WorkerInfo {
  name: string;
  labels: string[];
  /** Steps it runs now. */
  running: number;
  concurrency: number;
  /** ISO time of its last heartbeat. */
  last_heartbeat: string;
  /** Host name and process id, for people. */
  host?: string;
  pid?: number;
}

/**
 * Runs step attempts somewhere: the engine calls `dispatch` for each leaf attempt when it has a dispatcher,
 * and runs steps in its own process when it has none. `dispatch` resolves with the step's result or rejects
 * with a `WorkflowError`; it rejects soon after `control.signal` aborts.
 */
export interface StepDispatcher {
  dispatch(job: StepJob, control: DispatchControl): Promise<StepResult>;
  /**
   * Follows an attempt another coordinator dispatched (same execution, step id and attempt as `job`) instead of
   * starting it again: resolves with its result (at once when it already finished), streams its remaining lines
   * to `control`, and stops it when `control.signal` aborts. Rejects with `COORDINATOR_LOST` when the attempt
   * cannot be followed (never dispatched, failed, or forgotten by the queue): the engine then runs a new attempt.
   * Optional: without it, attempts of a dead coordinator always run again.
   */
  adopt?(job: StepJob, control: DispatchControl): Promise<StepResult>;
  /** The live workers (empty for in-process dispatch). */
  listWorkers?(): Promise<WorkerInfo[]>;
  /** Stops taking new attempts and closes connections. */
  close?(): Promise<void>;
}

/**
 * Step types a dispatcher sends to workers: the leaf steps that run a process, a container or a request. The
 * engine keeps the rest (approval and sleep wait in the store, a workflow step starts a child execution here;
 * foreach runs its iterations, each dispatched on its own; custom types are registered in this process).
 */
export const DISPATCHED_STEP_TYPES: ReadonlySet<string> = new Set([
  'command',
  'http',
  'docker_container',
  'inline_code',
  'skill',
]);
