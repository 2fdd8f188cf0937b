// The scheduler hooks of one execution: resolve a step's templates, pick its executor, run it.
import {
  type Condition,
  conditionReferences,
  evaluateCondition,
  parseCondition,
  resolveDeep,
  resolveTemplate,
} from '@skill/workflow-expr';
import {
  DISPATCHED_STEP_TYPES,
  type ExecutionTelemetry,
  type ExecutorContext,
  type ForeachStep,
  isStepOfType,
  type StepDefinition,
  type StepDispatcher,
  type StepEnvironment,
  type StepExecutor,
  type StepResult,
  type TrustBoundary,
  WorkflowError,
  walkSteps,
} from '@skill/workflow-model';
import type { LeafContext, SchedulerHooks, ScopeView } from '@skill/workflow-scheduler';
import { coordinatorLost } from './coordination/takeover-plan.js';
import { attemptFailure } from './engine-telemetry.js';
import type { OutputBudget } from './output-budget.js';
import { stepJobOf } from './step-job.js';
import { resolveStepTemplates } from './step-resolution.js';
import { type ExecutionScope, StepTemplateScope } from './template-scope.js';

/** Settings of one execution that executors see. */
export interface StepRunnerSettings {
  scope: ExecutionScope;
  executors: ReadonlyMap<string, StepExecutor>;
  baseDir: string;
  outputLimitBytes: number;
  /** The execution's trust level and grants. */
  boundary: TrustBoundary;
  /** What host processes of steps inherit from the engine's environment. */
  stepEnvironment: StepEnvironment;
  /** What the execution's step outputs may add up to. */
  outputBudget: OutputBudget;
  /** Replaces the execution's secrets in a text with `***`. */
  mask: (text: string) => string;
  /** Told of each step attempt (tracing, metrics). */
  telemetry?: ExecutionTelemetry;
  /** Where leaf attempts run when not in this process (a queue of workers); templates are then resolved there. */
  dispatcher?: StepDispatcher;
}

/** Builds the {@link SchedulerHooks} that connect the scheduler to templates and executors. */
export function createStepHooks(settings: StepRunnerSettings, emit: SchedulerHooks['emit']): SchedulerHooks {
  const conditions = new WeakMap<StepDefinition, Condition>();
  const statusRefs = new WeakMap<StepDefinition, ReadonlySet<string>>();
  const conditionOf = (step: StepDefinition): Condition => {
    let condition = conditions.get(step);
    if (!condition) {
      condition = parseCondition(step.when ?? 'true');
      conditions.set(step, condition);
    }
    return condition;
  };
  const scopeFor = (view: ScopeView) => new StepTemplateScope(settings.scope, view);

  return {
    emit,
    evaluateWhen: (step, view) => evaluateCondition(conditionOf(step), scopeFor(view)),
    whenReferencesStatusOf(step) {
      let refs = statusRefs.get(step);
      if (!refs) {
        refs = new Set(
          step.when === undefined
            ? []
            : conditionReferences(conditionOf(step))
                .filter((r) => r.path[0] === 'status')
                .map((r) => r.root),
        );
        statusRefs.set(step, refs);
      }
      return refs;
    },
    resolveItems: (step: ForeachStep, view) =>
      typeof step.items === 'string'
        ? resolveTemplate(step.items, scopeFor(view))
        : resolveDeep(step.items, scopeFor(view)),
    // Not async: a step without telemetry costs one promise, as before (the scheduler catches a synchronous throw).
    runLeaf(step: StepDefinition, ctx: LeafContext) {
      const executor = settings.executors.get(step.step_type);
      if (!executor || isStepOfType(step, 'foreach')) {
        throw new WorkflowError('EXECUTOR_NOT_FOUND', `no executor is registered for step_type "${step.step_type}"`, {
          stepId: step.id,
          retryable: false,
        });
      }
      const stepId = ctx.iteration ? `${ctx.iteration.foreach_id}[${ctx.iteration.index}].${step.id}` : step.id;
      const attempt = settings.telemetry?.stepAttempt({
        step_id: stepId,
        step_type: step.step_type,
        attempt: ctx.attempt,
        ...(ctx.iteration ? { iteration: { foreach_id: ctx.iteration.foreach_id, index: ctx.iteration.index } } : {}),
      });
      if (!attempt) return runAttempt(executor, step, ctx, stepId);
      return runAttempt(executor, step, ctx, stepId, attempt.traceparent).then(
        (result) => {
          attempt.end({ status: 'completed' });
          return result;
        },
        (error: unknown) => {
          attempt.end(attemptFailure(error, ctx.signal, settings.mask));
          throw error;
        },
      );
    },
  };

  /** One attempt: the step's templates resolved, its executor run, its result charged to the output budget. */
  async function runAttempt(
    executor: StepExecutor,
    step: StepDefinition,
    ctx: LeafContext,
    stepId: string,
    traceparent?: string,
  ): Promise<StepResult> {
    const dispatched = settings.dispatcher && DISPATCHED_STEP_TYPES.has(step.step_type);
    if (ctx.adopt && !(dispatched && settings.dispatcher?.adopt)) throw coordinatorLost(stepId);
    if (settings.dispatcher && dispatched) {
      const outputLimitBytes = Math.min(settings.outputLimitBytes, settings.outputBudget.remaining + 1);
      const job = stepJobOf(step, ctx, stepId, { ...settings, outputLimitBytes }, traceparent);
      const notice = (message: string) => ctx.log(message, 'stderr');
      const control = { signal: ctx.signal, log: ctx.log, notice };
      // A takeover follows the attempt the dead coordinator dispatched rather than starting it again.
      const result = await (ctx.adopt && settings.dispatcher.adopt
        ? settings.dispatcher.adopt(job, control)
        : settings.dispatcher.dispatch(job, control));
      settings.outputBudget.charge(result, stepId);
      return result;
    }
    const resolved = resolveStepTemplates(step, scopeFor(ctx.scope));
    const executorContext: ExecutorContext = {
      signal: ctx.signal,
      execution_id: settings.scope.execution_id,
      workflow_name: settings.scope.workflow,
      step_id: stepId,
      attempt: ctx.attempt,
      base_dir: settings.baseDir,
      // Capturing more than the execution can keep is wasted memory: the step fails over budget anyway.
      output_limit_bytes: Math.min(settings.outputLimitBytes, settings.outputBudget.remaining + 1),
      boundary: settings.boundary,
      step_environment: settings.stepEnvironment,
      log: ctx.log,
      ...(traceparent !== undefined ? { traceparent } : {}),
    };
    // Durable waits (approval, sleep) record that they wait and give their slot back; top-level steps only.
    if (!ctx.iteration) {
      executorContext.beginWaiting = (wait) => {
        emit({ type: 'step_waiting', step_id: step.id, status: 'waiting', attempt: ctx.attempt, wait });
        ctx.yieldSlot();
      };
    }
    const result = await executor.run(resolved, executorContext);
    settings.outputBudget.charge(result, executorContext.step_id);
    return result;
  }
}

/** Step types used anywhere in the workflow that have no executor (checked before a run starts). */
export function missingExecutors(steps: readonly StepDefinition[], executors: ReadonlyMap<string, unknown>): string[] {
  const missing = new Set<string>();
  for (const { step } of walkSteps(steps)) {
    if (!isStepOfType(step, 'foreach') && !executors.has(step.step_type)) {
      missing.add(`${step.step_type} (step "${step.id}")`);
    }
  }
  return [...missing];
}
