// runExecution(): one execution from workflow_started to its terminal event, through the scheduler.
import path from 'node:path';
import {
  type EngineTelemetry,
  type ExecutionRecord,
  type ExecutionStore,
  type ExecutionTelemetry,
  type ForeachItemResult,
  type StepDispatcher,
  type StepEnvironment,
  type StepExecutor,
  type TrustBoundary,
  type WorkflowDefinition,
  WorkflowError,
  type WorkflowEvent,
  type WorkflowEventBody,
  walkSteps,
} from '@skill/workflow-model';
import { type ResumedAttempts, runSteps, type StepOutcome } from '@skill/workflow-scheduler';
import { keepWaitsOnShutdown } from './approvals/waits-on-shutdown.js';
import { executionEnd } from './engine-telemetry.js';
import { EventRecorder } from './event-recorder.js';
import { THIS_PROCESS } from './execution-owner.js';
import { OutputBudget } from './output-budget.js';
import { SecretMasker } from './secrets/secret-masker.js';
import { createStepHooks } from './step-runner.js';

/** Abort reason used by `engine.shutdown()`: the execution stops without a terminal event and resumes later. */
export const SHUTDOWN_REASON = Symbol('skill.engine.shutdown');

function reasonText(reason: unknown): string {
  if (typeof reason === 'string') return reason;
  return reason instanceof Error ? reason.message : 'execution cancelled';
}

/** What one execution needs from the engine. */
export interface ExecutionJob {
  store: ExecutionStore;
  executors: ReadonlyMap<string, StepExecutor>;
  definition: WorkflowDefinition;
  executionId: string;
  inputs: Record<string, unknown>;
  baseDir: string;
  outputLimitBytes: number;
  /** Total of the step outputs the execution keeps (see output-budget.ts). */
  outputBudgetBytes?: number;
  /** The execution's trust level and what the server grants below trusted. */
  boundary: TrustBoundary;
  /** What host processes of steps inherit from the engine's environment. */
  stepEnvironment: StepEnvironment;
  signal: AbortSignal;
  /** Steps reused from an earlier execution (retry, resume). */
  completed?: ReadonlyMap<string, StepOutcome>;
  /** The execution whose outputs a retry reuses: they are recorded in this one too. */
  reusedFrom?: string;
  /** Iterations of a retried foreach that completed before (only its failed items rerun). */
  completedItems?: ReadonlyMap<string, readonly ForeachItemResult[]>;
  /** Steps going on from attempts another coordinator made (takeover). */
  resumedAttempts?: ReadonlyMap<string, ResumedAttempts>;
  resumed?: boolean;
  /** The secrets `{secrets.NAME}` may read in this execution. */
  secrets: Readonly<Record<string, string>>;
  /** Every secret value known to the engine: masked as `***` in all that is recorded. */
  maskedSecrets: Iterable<string>;
  announce(event: WorkflowEvent): void;
  /** Told of the execution and its step attempts (tracing, metrics). */
  telemetry?: EngineTelemetry;
  /** Where leaf attempts run when not in this process. */
  dispatcher?: StepDispatcher;
}

/**
 * Runs the execution and resolves with its final record (never rejects for step failures). When the
 * run itself fails (the store refuses an event, a bug), the execution is still ended: `failed` with
 * an INTERNAL error, written straight to the store, so it is never left `running`.
 */
export async function runExecution(job: ExecutionJob): Promise<ExecutionRecord> {
  const startedAt = performance.now();
  const telemetry = job.telemetry?.execution({
    execution_id: job.executionId,
    workflow_name: job.definition.name,
    resumed: job.resumed === true,
  });
  try {
    const record = await runRecorded(job, startedAt, telemetry);
    telemetry?.end(executionEnd(record));
    return record;
  } catch (error) {
    if (job.signal.reason === SHUTDOWN_REASON) {
      telemetry?.end({ status: 'interrupted' });
      throw error;
    }
    const body: WorkflowEventBody = {
      type: 'workflow_completed',
      status: 'failed',
      duration_ms: Math.round(performance.now() - startedAt),
      error: { code: 'INTERNAL', message: `the execution stopped: ${reasonText(error)}`, details: {} },
    };
    const masked = new SecretMasker(job.maskedSecrets).maskValue(body);
    telemetry?.end({ status: 'failed', error: { code: 'INTERNAL', message: masked.error?.message ?? '' } });
    job.announce(await job.store.appendEvent(job.executionId, masked));
    const record = await job.store.getExecution(job.executionId);
    if (!record) throw error;
    return record;
  }
}

async function runRecorded(
  job: ExecutionJob,
  startedAt: number,
  telemetry: ExecutionTelemetry | undefined,
): Promise<ExecutionRecord> {
  const { definition, executionId } = job;
  const eventRecorder = new EventRecorder(job.store, executionId, job.announce);
  const masker = new SecretMasker(job.maskedSecrets);
  // Every event passes here before it is stored or announced: secrets never leave the engine.
  const keep = keepWaitsOnShutdown(() => job.signal.reason === SHUTDOWN_REASON);
  const recorder = {
    record: (body: WorkflowEventBody) => {
      if (keep(body)) eventRecorder.record(masker.maskValue(body));
    },
    flush: () => eventRecorder.flush(),
  };
  const resumed = job.resumed ? { resumed: true } : {};
  recorder.record({ type: 'workflow_started', inputs: job.inputs, ...resumed, owner: THIS_PROCESS });
  if (job.reusedFrom) {
    for (const [stepId, outcome] of job.completed ?? []) {
      recorder.record({
        type: 'step_completed',
        step_id: stepId,
        status: 'completed',
        output: outcome.output,
        metadata: { ...outcome.metadata, reused_from: job.reusedFrom },
        attempt: outcome.attempts,
        duration_ms: 0,
      });
    }
  }
  const hooks = createStepHooks(
    {
      scope: {
        inputs: job.inputs,
        execution_id: executionId,
        workflow: definition.name,
        stepIds: new Set(Array.from(walkSteps(definition.steps), ({ step }) => step.id)),
        secrets: job.secrets,
      },
      executors: job.executors,
      baseDir: job.baseDir,
      outputLimitBytes: job.outputLimitBytes,
      boundary: job.boundary,
      stepEnvironment: job.stepEnvironment,
      outputBudget: new OutputBudget(job.outputBudgetBytes),
      mask: (text) => masker.maskText(text),
      ...(telemetry ? { telemetry } : {}),
      ...(job.dispatcher ? { dispatcher: job.dispatcher } : {}),
    },
    (body) => recorder.record(body),
  );
  const result = await runSteps(definition, hooks, {
    signal: job.signal,
    ...(job.completed ? { completed: job.completed } : {}),
    ...(job.completedItems ? { completedItems: job.completedItems } : {}),
    ...(job.resumedAttempts ? { resumedAttempts: job.resumedAttempts } : {}),
  });
  const duration_ms = Math.round(performance.now() - startedAt);
  if (result.status === 'cancelled') {
    const reason = job.signal.reason;
    // On shutdown the execution stays `running` in the store so that the next engine resumes it.
    if (reason !== SHUTDOWN_REASON) {
      recorder.record({ type: 'workflow_cancelled', status: 'cancelled', reason: reasonText(reason), duration_ms });
    }
  } else {
    const error = result.error;
    recorder.record({
      type: 'workflow_completed',
      status: result.status,
      duration_ms,
      ...(error
        ? {
            error: {
              code: error.code,
              message: error.message,
              details: error.step_id ? { stepId: error.step_id } : {},
            },
          }
        : {}),
    });
  }
  await recorder.flush();
  const record = await job.store.getExecution(executionId);
  if (!record) throw new WorkflowError('EXECUTION_NOT_FOUND', `execution ${executionId} vanished from the store`);
  return record;
}

/** Where relative paths of a workflow resolve. */
export function baseDirOf(definition: WorkflowDefinition, file: string | undefined, cwd: string): string {
  return definition.source?.dir ?? (file ? path.dirname(file) : cwd);
}
