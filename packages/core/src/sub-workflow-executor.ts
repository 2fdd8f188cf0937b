// The executor of `workflow` steps: runs the named workflow as a child execution of this engine (own id, record and
// events, linked to its parent), at most at the parent's trust level, and returns what the child returns.
import { randomUUID } from 'node:crypto';
import {
  type ExecutionRecord,
  type ExecutorContext,
  isTerminalExecutionStatus,
  lowerTrust,
  type StepExecutor,
  type StepResult,
  WorkflowError,
  type WorkflowStep,
} from '@skill/workflow-model';
import { isWorkflowName } from '@skill/workflow-parser';
import type { EngineContext } from './engine-context.js';
import type { EngineRunning } from './engine-running.js';
import type { StartedExecution } from './engine-types.js';
import { isAbandoned, readExecution } from './execution-owner.js';
import { SHUTDOWN_REASON } from './execution-runner.js';
import { validateInputs } from './inputs.js';
import { MAX_SUB_WORKFLOW_DEPTH } from './sub-workflow-check.js';
import { ancestry, childOutput } from './sub-workflow-result.js';
import { executionTrust } from './trust-check.js';
import { loadSource } from './workflow-loader.js';

/** Resumes an interrupted execution under its id (the engine's `resume`). */
type Resume = (executionId: string) => Promise<StartedExecution>;

/** The newest child execution `step` of execution `parentId` started, if any. */
async function latestChild(ctx: EngineContext, parentId: string, step: string): Promise<ExecutionRecord | undefined> {
  const page = await ctx.store.listExecutions({ parent_id: parentId, limit: 100 });
  return page.items.find((child) => child.parent?.step === step);
}

/**
 * Cancels `childId` when the step's signal aborts: the parent was cancelled (the child gets the parent's reason) or
 * the step timed out. On the engine's shutdown nothing is done: the engine stops the child too, which stays
 * unfinished for its parent to re-attach to when it resumes.
 */
function cancelWithStep(ctx: EngineContext, parentId: string, childId: string, signal: AbortSignal): () => void {
  const onAbort = () => {
    const parentReason = ctx.running.get(parentId)?.controller.signal.reason;
    if (parentReason === SHUTDOWN_REASON) return;
    const reason =
      typeof parentReason === 'string'
        ? parentReason
        : signal.reason instanceof Error
          ? signal.reason.message
          : 'execution cancelled';
    ctx.cancelHere(childId, reason);
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

/** The step's result from the child's final record; throws when the child did not complete. */
function resultOf(step: WorkflowStep, child: ExecutionRecord, ectx: ExecutorContext): StepResult {
  const metadata = { child_execution_id: child.id, child_workflow: child.workflow_name, child_status: child.status };
  const details = { stepId: ectx.step_id, metadata, childExecutionId: child.id };
  if (child.status === 'completed') {
    try {
      return { output: childOutput(child), metadata };
    } catch (error) {
      if (error instanceof WorkflowError)
        throw new WorkflowError(error.code, error.message, { ...details, retryable: false });
      throw error;
    }
  }
  if (ectx.signal.aborted) throw ectx.signal.reason; // the parent's own cancel or timeout: the scheduler records it
  if (child.status === 'cancelled') {
    const why = child.error?.message ?? 'cancelled';
    throw new WorkflowError(
      'SUB_WORKFLOW_CANCELLED',
      `sub-workflow "${step.workflow}" (execution ${child.id}) was cancelled: ${why}`,
      {
        ...details,
        retryable: false,
      },
    );
  }
  if (child.status === 'failed') {
    const why = child.error?.message ?? 'a step failed';
    throw new WorkflowError(
      'SUB_WORKFLOW_FAILED',
      `sub-workflow "${step.workflow}" (execution ${child.id}) failed: ${why}`,
      details,
    );
  }
  throw new WorkflowError(
    'CANCELLED',
    `sub-workflow "${step.workflow}" (execution ${child.id}) stopped while ${child.status}`,
    {
      ...details,
      retryable: false,
    },
  );
}

/**
 * The executor of `step_type = "workflow"`. A step run again in the same parent execution (the parent resumed after
 * a restart) re-attaches to the child it started: a completed child gives its result, an unfinished one is waited for
 * (resumed first when its process is gone); a failed or cancelled child is replaced by a new one (a retry).
 */
export function createSubWorkflowExecutor(
  ctx: EngineContext,
  running: EngineRunning,
  resume: Resume,
): StepExecutor<WorkflowStep> {
  async function startChild(
    step: WorkflowStep,
    parent: ExecutionRecord,
    ectx: ExecutorContext,
  ): Promise<StartedExecution> {
    const chain = await ancestry(ctx.store, parent);
    if (chain.length >= MAX_SUB_WORKFLOW_DEPTH) {
      throw new WorkflowError(
        'SUB_WORKFLOW_RECURSION',
        `sub-workflows nest deeper than ${MAX_SUB_WORKFLOW_DEPTH} levels: ${[...chain, step.workflow].join(' -> ')}`,
        { stepId: ectx.step_id, retryable: false },
      );
    }
    // A definition given as an object skipped the parser: the name rule is checked here too.
    if (!isWorkflowName(step.workflow)) {
      throw new WorkflowError(
        'UNKNOWN_WORKFLOW',
        `workflow = ${JSON.stringify(step.workflow)} is not a workflow name`,
        {
          stepId: ectx.step_id,
          retryable: false,
        },
      );
    }
    const loaded = await loadSource(step.workflow, ctx.loader);
    const parentTrusted = parent.trusted ?? true;
    // Never more than the parent: its level (its place lowered by its `trust` key) caps the child's.
    const parentLevel = executionTrust(parentTrusted, parent.definition ?? {}, ctx.loader.apiTrust);
    const level = lowerTrust(parentLevel, loaded.trust);
    const trusted = parentTrusted && loaded.trusted;
    const definition = level === 'trusted' ? loaded.definition : { ...loaded.definition, trust: level };
    const secrets = running.checkRunnable(definition, trusted);
    const inputs = validateInputs(definition, step.inputs);
    const executionId = randomUUID();
    await ctx.store.createExecution({
      id: executionId,
      workflow_name: definition.name,
      inputs,
      definition,
      trusted,
      parent: { execution_id: parent.id, step: ectx.step_id },
    });
    ectx.log(`sub-workflow "${definition.name}" started: execution ${executionId}`);
    return running.launch({
      secrets,
      definition,
      executionId,
      inputs,
      trusted,
      skipRunQueue: true,
      ...(loaded.file ? { file: loaded.file } : {}),
    });
  }

  /** The child this step started before (the parent was resumed), when it can still give the step its result. */
  async function reattach(
    existing: ExecutionRecord | undefined,
    ectx: ExecutorContext,
  ): Promise<StartedExecution | undefined> {
    if (!existing) return undefined;
    const executionId = existing.id;
    if (existing.status === 'completed') return { executionId, done: Promise.resolve(existing) };
    if (isTerminalExecutionStatus(existing.status)) return undefined; // failed or cancelled: a new attempt
    const here = ctx.running.get(executionId);
    if (here) return { executionId, done: here.done };
    if (!(await isAbandoned(ctx.store, existing, 0))) return undefined;
    ectx.log(`sub-workflow "${existing.workflow_name}" resumed: execution ${executionId}`);
    return resume(executionId);
  }

  return {
    type: 'workflow',
    async run(step, ectx) {
      const parent = await readExecution(ctx.store, ectx.execution_id);
      const previous = await reattach(await latestChild(ctx, parent.id, ectx.step_id), ectx);
      const started = previous ?? (await startChild(step, parent, ectx));
      const unlink = cancelWithStep(ctx, parent.id, started.executionId, ectx.signal);
      try {
        return resultOf(step, await started.done, ectx);
      } finally {
        unlink();
      }
    },
  };
}
