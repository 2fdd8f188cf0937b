// The execute_workflow tool: starts a workflow; in sync mode waits for it and reports progress notifications.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Engine } from '@skill/workflow-core';
import type { ExecutionRecord, WorkflowEvent } from '@skill/workflow-model';
import { type ReferenceScope, resolveWorkflowReference } from './workflow-reference.js';

/** Arguments of execute_workflow, as the guide shows them. */
export interface ExecuteWorkflowArgs {
  workflow: string;
  inputs?: Record<string, unknown> | undefined;
  async_execution?: boolean | undefined;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const FINISHING_EVENTS = new Set<WorkflowEvent['type']>([
  'step_completed',
  'step_failed',
  'step_cancelled',
  'step_skipped',
]);

/** The final record as execute_workflow returns it in sync mode. */
export function executionSummary(record: ExecutionRecord): Record<string, unknown> {
  const steps: Record<string, unknown> = {};
  for (const [id, step] of Object.entries(record.steps)) {
    steps[id] = { status: step.status, output: step.output ?? null, error: step.error ?? null };
  }
  return { execution_id: record.id, status: record.status, steps, error: record.error ?? null };
}

/** Sends `notifications/progress` in order; a closed connection only stops the notifications. */
function progressReporter(extra: Extra, total: number) {
  const token = extra._meta?.progressToken;
  let chain = Promise.resolve();
  let finished = 0;
  return {
    stepFinished(stepId: string, status: string): void {
      finished += 1;
      if (token === undefined || extra.signal.aborted) return;
      const params = { progressToken: token, progress: finished, total, message: `step ${stepId} ${status}` };
      chain = chain.then(() => extra.sendNotification({ method: 'notifications/progress', params })).catch(() => {});
    },
    flushed: () => chain,
  };
}

/**
 * Runs execute_workflow. Async: `{execution_id, status}` at once. Sync: waits for the end, reports each
 * finished top-level step as progress (when the request carries a progressToken) and returns the summary.
 * A request cancelled by the client cancels the execution; a closed connection leaves it running. With `handOff`
 * an async run is recorded here and run by the process `handOff` starts.
 */
export async function executeWorkflow(
  engine: Engine,
  server: McpServer,
  scope: ReferenceScope,
  args: ExecuteWorkflowArgs,
  extra: Extra,
  handOff?: (executionId: string) => void,
): Promise<Record<string, unknown>> {
  const ref = await resolveWorkflowReference(args.workflow, scope);
  const inputs = args.inputs ?? {};
  if (args.async_execution) {
    const started = await engine.start(ref.source, inputs, { trusted: ref.trusted, ...(handOff ? { handOff } : {}) });
    started.done.catch(() => {});
    const record = await engine.getExecution(started.executionId);
    return { execution_id: started.executionId, status: record?.status ?? 'pending' };
  }
  const loaded = await engine.load(ref.source);
  const topLevel = new Set(loaded.definition.steps.map((s) => s.id));
  const progress = progressReporter(extra, topLevel.size);
  const seen = new Set<string>();
  const started = await engine.start(ref.source, inputs, {
    trusted: ref.trusted,
    onEvent(event) {
      if (!FINISHING_EVENTS.has(event.type) || !('step_id' in event)) return;
      if (!topLevel.has(event.step_id) || seen.has(event.step_id)) return;
      seen.add(event.step_id);
      progress.stepFinished(event.step_id, 'status' in event ? event.status : event.type);
    },
  });
  const aborted = new Promise<undefined>((resolve) => {
    const onAbort = () =>
      setImmediate(() => {
        // The SDK aborts handlers on disconnect too; only a still-connected client cancelled on purpose.
        if (server.isConnected()) {
          engine.cancel(started.executionId, { reason: 'request cancelled by the MCP client' }).catch(() => {});
        }
        resolve(undefined);
      });
    if (extra.signal.aborted) onAbort();
    else extra.signal.addEventListener('abort', onAbort, { once: true });
  });
  const record = await Promise.race([started.done, aborted]);
  if (!record) return { execution_id: started.executionId, status: 'cancelled' };
  await progress.flushed();
  return executionSummary(record);
}
