// Runs dispatched step jobs in a worker: the engine's own executors, templates resolved here with this process's secrets.
import {
  type ExecutorContext,
  isWorkflowError,
  type SerializedWorkflowError,
  type StepJob,
  type StepResult,
  WorkflowError,
} from '@skill/workflow-model';
import { createEngineContext } from './engine-context.js';
import type { EngineOptions } from './engine-types.js';
import { SecretMasker } from './secrets/secret-masker.js';
import { scopeViewOf } from './step-job.js';
import { resolveStepTemplates } from './step-resolution.js';
import { StepTemplateScope } from './template-scope.js';

/** How a runner follows one job. */
export interface StepJobControl {
  signal: AbortSignal;
  log(line: string, stream?: 'stdout' | 'stderr'): void;
}

/** How an attempt ended, as it travels back from a worker (secrets masked). */
export type StepJobOutcome = { ok: true; result: StepResult } | { ok: false; error: SerializedWorkflowError };

/** Runs step jobs with the executors, skills and sandbox an engine with the same options would use. */
export interface StepJobRunner {
  /** Never rejects: the step's result or its error, secrets masked. */
  run(job: StepJob, control: StepJobControl): Promise<StepJobOutcome>;
  /** Closes the process runner, MCP connections and warm pool this runner made. */
  close(): Promise<void>;
}

/**
 * A runner for `skill worker`. Secrets come from this process (`<cwd>/.skill/secrets.env` and `SKILL_SECRET_*`
 * variables); a job may read only the names it lists, and every value this process knows is masked in what
 * goes back.
 */
export function createStepJobRunner(options: EngineOptions = {}): StepJobRunner {
  const ctx = createEngineContext(options);
  return {
    async run(job, control) {
      let masker = new SecretMasker([]);
      try {
        await ctx.ensureSkills();
        const { secrets: all, maskedSecrets } = ctx.secretsFor('trusted');
        masker = new SecretMasker(maskedSecrets);
        const result = await runJob(job, control, all, masker);
        return { ok: true, result: masker.maskValue(result) };
      } catch (error) {
        const failure = isWorkflowError(error)
          ? error.toJSON()
          : { code: 'STEP_FAILED', message: error instanceof Error ? error.message : String(error), details: {} };
        return { ok: false, error: masker.maskValue(failure) };
      }
    },
    async close() {
      await Promise.allSettled([ctx.closeProcessRunner(), ctx.mcp.close(), ctx.warmSandbox?.close()]);
    },
  };

  async function runJob(
    job: StepJob,
    control: StepJobControl,
    all: Readonly<Record<string, string>>,
    masker: SecretMasker,
  ): Promise<StepResult> {
    const secrets: Record<string, string> = {};
    for (const name of job.secret_names) if (Object.hasOwn(all, name)) secrets[name] = all[name] as string;
    const executor = ctx.executors.get(job.step.step_type);
    if (!executor || job.step.step_type === 'foreach') {
      throw new WorkflowError(
        'EXECUTOR_NOT_FOUND',
        `no executor is registered for step_type "${job.step.step_type}" on this worker`,
        { stepId: job.step_id, retryable: false },
      );
    }
    const scope = new StepTemplateScope(
      {
        inputs: job.scope.inputs,
        execution_id: job.execution_id,
        workflow: job.workflow_name,
        stepIds: new Set(job.scope.step_ids),
        secrets,
      },
      scopeViewOf(job),
    );
    const executorContext: ExecutorContext = {
      signal: control.signal,
      execution_id: job.execution_id,
      workflow_name: job.workflow_name,
      step_id: job.step_id,
      attempt: job.attempt,
      base_dir: job.base_dir,
      output_limit_bytes: job.output_limit_bytes,
      boundary: job.boundary,
      step_environment: job.step_environment,
      log: (line, stream) => control.log(masker.maskText(line), stream),
      ...(job.traceparent !== undefined ? { traceparent: job.traceparent } : {}),
    };
    return executor.run(resolveStepTemplates(job.step, scope), executorContext);
  }
}
