// Both ends of a dispatched step attempt: the StepJob the engine sends (no secret values) and the scope a runner rebuilds from it.
import { listReferencesDeep } from '@skill/workflow-expr';
import type { StepDefinition, StepJob, StepJobScope } from '@skill/workflow-model';
import type { LeafContext, ScopeView, StepOutcome } from '@skill/workflow-scheduler';
import type { ExecutionScope } from './template-scope.js';

/** The results of the steps `step`'s templates reference, as JSON values. */
function referencedResults(
  step: StepDefinition,
  view: ScopeView,
  stepIds: ReadonlySet<string>,
): Record<string, unknown> {
  const results: Record<string, unknown> = {};
  for (const ref of listReferencesDeep(step)) {
    if (!stepIds.has(ref.root) || Object.hasOwn(results, ref.root)) continue;
    const outcome = view.steps.get(ref.root);
    if (outcome !== undefined) results[ref.root] = outcome;
  }
  return results;
}

/** What the engine knows of an attempt besides the step, for {@link stepJobOf}. */
export interface StepJobSettings {
  scope: ExecutionScope;
  baseDir: string;
  outputLimitBytes: number;
  boundary: StepJob['boundary'];
  stepEnvironment: StepJob['step_environment'];
}

/** The job of one attempt: the step with its templates unresolved, the scope it reads, the names of its secrets. */
export function stepJobOf(
  step: StepDefinition,
  ctx: LeafContext,
  stepId: string,
  settings: StepJobSettings,
  traceparent?: string,
): StepJob {
  const scope: StepJobScope = {
    inputs: settings.scope.inputs,
    steps: referencedResults(step, ctx.scope, settings.scope.stepIds),
    step_ids: [...settings.scope.stepIds],
    ...(ctx.scope.loop ? { loop: ctx.scope.loop } : {}),
  };
  return {
    execution_id: settings.scope.execution_id,
    workflow_name: settings.scope.workflow,
    step_id: stepId,
    attempt: ctx.attempt,
    step,
    scope,
    secret_names: Object.keys(settings.scope.secrets),
    base_dir: settings.baseDir,
    output_limit_bytes: settings.outputLimitBytes,
    boundary: settings.boundary,
    step_environment: settings.stepEnvironment,
    runs_on: step.runs_on ?? [],
    ...(traceparent !== undefined ? { traceparent } : {}),
  };
}

/** The scope view a runner rebuilds from a job (only the referenced results travel). */
export function scopeViewOf(job: StepJob): ScopeView {
  const steps = new Map(Object.entries(job.scope.steps) as [string, StepOutcome][]);
  return { steps, ...(job.scope.loop ? { loop: job.scope.loop } : {}) };
}
