// The ExecutionStore interface: execution records plus the append-only event log.
import type { ConcurrencyStore } from './concurrency.js';
import type { WorkflowEvent, WorkflowEventBody } from './events.js';
import type { ExecutionRecord, ParentLink } from './execution.js';
import type { LeaseStore } from './lease.js';
import type { ExecutionStatus } from './status.js';
import type { ExecutionTrigger, ScheduleStore } from './trigger.js';
import type { WorkflowDefinition } from './workflow.js';

/** What is known when an execution is created. */
export interface NewExecution {
  id: string;
  workflow_name: string;
  inputs: Record<string, unknown>;
  definition: WorkflowDefinition;
  /** False for workflows created through the API or MCP. */
  trusted?: boolean;
  /** Set when this execution retries another one from a step. */
  retry_of?: { execution_id: string; from: string; downstream: boolean };
  /** What started it, when a trigger did. */
  trigger?: ExecutionTrigger;
  /** The execution and step that started it, for a sub-workflow. */
  parent?: ParentLink;
}

/** Filters for {@link ExecutionStore.listExecutions}. */
export interface ExecutionFilter {
  workflow_name?: string;
  status?: ExecutionStatus;
  /** Only the sub-workflow executions started by this execution. */
  parent_id?: string;
  limit?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

/** One page of executions, newest first. */
export interface ExecutionPage {
  items: ExecutionRecord[];
  next_cursor?: string;
}

/**
 * Persists executions. `appendEvent` assigns `seq`, stamps the event and applies it to the
 * execution record (see `applyEvent`), so the record and the log never disagree. The stamp is
 * `timestamp` (when the event happened, ISO 8601) when given, else the store's clock. The schedule methods
 * ({@link ScheduleStore}) are optional: without them `skill serve` fires no schedule; so are the lease methods
 * ({@link LeaseStore}): without them coordinators do not take over from each other; and the concurrency methods
 * ({@link ConcurrencyStore}): without them a workflow with `[config] concurrency` is refused.
 */
export interface ExecutionStore extends Partial<ScheduleStore>, Partial<LeaseStore>, Partial<ConcurrencyStore> {
  createExecution(init: NewExecution): Promise<ExecutionRecord>;
  appendEvent(executionId: string, body: WorkflowEventBody, timestamp?: string): Promise<WorkflowEvent>;
  /**
   * Optional batch form of `appendEvent`: the same result as appending each in order, in one transaction;
   * `timestamps[i]`, when given, stamps `bodies[i]`.
   */
  appendEvents?(
    executionId: string,
    bodies: readonly WorkflowEventBody[],
    timestamps?: readonly string[],
  ): Promise<WorkflowEvent[]>;
  getExecution(id: string): Promise<ExecutionRecord | undefined>;
  listExecutions(filter?: ExecutionFilter): Promise<ExecutionPage>;
  /** Events with `seq > since` (all when `since` is omitted), in order. */
  listEvents(executionId: string, since?: number): Promise<WorkflowEvent[]>;
  /** Executions that are pending, queued or running (to resume after a crash). */
  listUnfinished(): Promise<ExecutionRecord[]>;
  /**
   * Optional: records that someone wants a pending or running execution cancelled, for whichever process runs
   * it (that process polls {@link ExecutionStore.cancelRequests}). False when the execution is unknown or over.
   */
  requestCancel?(executionId: string, reason: string): Promise<boolean>;
  /** Optional: the cancel requests among `executionIds`, as execution id -> reason. */
  cancelRequests?(executionIds: readonly string[]): Promise<Map<string, string>>;
  close?(): Promise<void>;
}

/**
 * The record a store creates for `init`: pending, no steps, no events yet (`last_seq` 0), created at `createdAt`.
 * Every store builds it here, so a new field of {@link NewExecution} reaches all of them.
 */
export function newExecutionRecord(init: NewExecution, createdAt: string): ExecutionRecord {
  return {
    id: init.id,
    workflow_name: init.workflow_name,
    status: 'pending',
    inputs: init.inputs,
    created_at: createdAt,
    steps: {},
    definition: init.definition,
    last_seq: 0,
    ...(init.trusted !== undefined ? { trusted: init.trusted } : {}),
    ...(init.retry_of ? { retry_of: init.retry_of } : {}),
    ...(init.trigger ? { trigger: init.trigger } : {}),
    ...(init.parent ? { parent: init.parent } : {}),
  };
}
