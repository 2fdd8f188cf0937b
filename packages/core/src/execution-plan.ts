// Which steps a retry or a resume reruns, and the outcomes it reuses.
import {
  type ExecutionRecord,
  type ForeachItemResult,
  isStepOfType,
  type WorkflowDefinition,
  walkSteps,
} from '@skill/workflow-model';
import type { StepOutcome } from '@skill/workflow-scheduler';

/** `from` and, when asked, every step downstream of it (top-level steps). */
export function rerunSet(definition: WorkflowDefinition, from: string, downstream: boolean): Set<string> {
  const rerun = new Set([from]);
  if (!downstream) return rerun;
  const dependents = new Map<string, string[]>();
  for (const step of definition.steps) {
    for (const dep of step.depends_on) dependents.set(dep, [...(dependents.get(dep) ?? []), step.id]);
  }
  const stack = [from];
  while (stack.length > 0) {
    for (const next of dependents.get(stack.pop() as string) ?? []) {
      if (!rerun.has(next)) {
        rerun.add(next);
        stack.push(next);
      }
    }
  }
  return rerun;
}

/** The completed steps of `record` (except those in `rerun`) as scheduler outcomes to reuse. */
export function reusableOutcomes(record: ExecutionRecord, rerun: ReadonlySet<string> = new Set()) {
  const completed = new Map<string, StepOutcome>();
  for (const step of Object.values(record.steps)) {
    if (step.status !== 'completed' || rerun.has(step.step_id)) continue;
    completed.set(step.step_id, {
      status: 'completed',
      output: step.output,
      metadata: step.metadata,
      attempts: step.attempts,
      ...(step.duration_ms !== undefined ? { duration_ms: step.duration_ms } : {}),
    });
  }
  return completed;
}

/** The top-level step that holds `stepId`: itself, or the foreach whose loop contains it. */
export function topLevelStepOf(definition: WorkflowDefinition, stepId: string): string | undefined {
  for (const { step, ancestors } of walkSteps(definition.steps)) {
    if (step.id === stepId) return (ancestors[0] ?? step).id;
  }
  return undefined;
}

/** The earlier iteration results of foreach `stepId`, when it is one, so that only its failed items rerun. */
export function earlierItems(record: ExecutionRecord, definition: WorkflowDefinition, stepId: string) {
  const step = definition.steps.find((s) => s.id === stepId);
  const results = record.steps[stepId]?.metadata.results;
  if (!step || !isStepOfType(step, 'foreach') || !Array.isArray(results)) return undefined;
  return new Map([[stepId, results as ForeachItemResult[]]]);
}

/** The first top-level step (in definition order) that did not complete: where an interrupted run stopped. */
export function firstUnfinishedStep(definition: WorkflowDefinition, record: ExecutionRecord): string | undefined {
  return definition.steps.find((step) => record.steps[step.id]?.status !== 'completed')?.id;
}

/** The step a retry starts from by default: the first one that failed. */
export function firstFailedStep(record: ExecutionRecord): string | undefined {
  return Object.values(record.steps)
    .filter((s) => s.status === 'failed')
    .sort((a, b) => (a.finished_at ?? '').localeCompare(b.finished_at ?? ''))[0]?.step_id;
}
