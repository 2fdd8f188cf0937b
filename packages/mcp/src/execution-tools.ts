// Bodies of the execution tools: get_workflow_status, list_executions, cancel_execution, retry_execution,
// decide_approval.
import type { Engine } from '@skill/workflow-core';
import type { ExecutionStatus } from '@skill/workflow-model';

/** Arguments of list_executions, as the guide shows them (plus the cursor of a previous page). */
export interface ListExecutionsArgs {
  workflow_name?: string | undefined;
  status?: ExecutionStatus | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** Arguments of retry_execution. */
export interface RetryExecutionArgs {
  execution_id: string;
  from_step?: string | undefined;
  downstream?: boolean | undefined;
}

/** Arguments of cancel_execution. */
export interface CancelExecutionArgs {
  execution_id: string;
  wait?: boolean | undefined;
}

/** get_workflow_status: the execution record without its definition snapshot. */
export async function getWorkflowStatus(engine: Engine, executionId: string): Promise<Record<string, unknown>> {
  const { definition: _definition, ...record } = await engine.requireExecution(executionId);
  return { ...record };
}

/** list_executions: one page, newest first, as short summaries. */
export async function listExecutions(engine: Engine, args: ListExecutionsArgs): Promise<Record<string, unknown>> {
  const page = await engine.listExecutions({
    ...(args.workflow_name !== undefined ? { workflow_name: args.workflow_name } : {}),
    ...(args.status !== undefined ? { status: args.status } : {}),
    ...(args.limit !== undefined ? { limit: args.limit } : {}),
    ...(args.cursor !== undefined ? { cursor: args.cursor } : {}),
  });
  return {
    items: page.items.map((r) => ({
      id: r.id,
      workflow_name: r.workflow_name,
      status: r.status,
      created_at: r.created_at,
      duration_ms: r.duration_ms ?? null,
    })),
    next_cursor: page.next_cursor ?? null,
  };
}

/**
 * cancel_execution: `{cancelled}` is false when the execution is over. `outcome` tells `cancelling` (this server
 * runs it) from `requested` (another live process sharing the store does, and stops it soon) and `cancelled` (the
 * process that ran it is gone: the store marks it cancelled at once). With `wait`, answers once the execution has
 * ended (or after 15 s); `status` is its status then.
 */
export async function cancelExecution(engine: Engine, args: CancelExecutionArgs): Promise<Record<string, unknown>> {
  const { outcome, record } = await engine.cancel(args.execution_id, {
    reason: 'cancelled through MCP',
    ...(args.wait ? { wait: true } : {}),
  });
  return { cancelled: outcome !== 'not_running', outcome, status: record.status };
}

/** retry_execution: starts a new execution reusing the outputs upstream of `from_step`. */
export async function retryExecution(engine: Engine, args: RetryExecutionArgs): Promise<Record<string, unknown>> {
  const started = await engine.retry(args.execution_id, {
    ...(args.from_step !== undefined ? { from: args.from_step } : {}),
    ...(args.downstream !== undefined ? { downstream: args.downstream } : {}),
  });
  started.done.catch(() => {});
  return { execution_id: started.executionId };
}

/** Arguments of decide_approval. */
export interface DecideApprovalArgs {
  execution_id: string;
  step_id: string;
  decision: 'approve' | 'reject';
  fields?: Record<string, unknown> | undefined;
  comment?: string | undefined;
}

/** decide_approval: records the decision (decided by `mcp`) and returns it. */
export async function decideApproval(engine: Engine, args: DecideApprovalArgs): Promise<Record<string, unknown>> {
  const recorded = await engine.decideApproval(args.execution_id, args.step_id, {
    decision: args.decision,
    decidedBy: 'mcp',
    ...(args.fields !== undefined ? { fields: args.fields } : {}),
    ...(args.comment !== undefined ? { comment: args.comment } : {}),
  });
  return { ...recorded };
}
