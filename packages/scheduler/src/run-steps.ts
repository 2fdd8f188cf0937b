// runSteps: runs a workflow's steps to the end (cancellation, max_execution_time) and reports how it went.
import { ErrorCode, formatDuration, type StepDefinition } from '@skill/workflow-model';
import { haltError } from './abort-reasons.js';
import { buildGraphPlan, type GraphPlan } from './graph-plan.js';
import { MAX_TIMER_MS } from './retry-policy.js';
import type { GraphHandle } from './run-context.js';
import { RunState } from './run-state.js';
import type { RunOptions, RunPlan, RunResult, SchedulerHooks, StepOutcome } from './scheduler-types.js';

const CANCELLED_MESSAGE = 'execution cancelled';

/** The reason a caller gave when aborting, if it is a readable one. */
function cancelReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (typeof reason === 'string' && reason !== '') return reason;
  if (reason instanceof Error && reason.name !== 'AbortError' && reason.message !== '') return reason.message;
  return CANCELLED_MESSAGE;
}

/**
 * Runs the steps of `plan` to the end: dependencies, conditions, `max_parallel`, failure policy, retries,
 * timeouts, foreach, cancellation. Resolves (never rejects for step failures) once every step is terminal and
 * every running leaf has settled; rejects only for a plan that cannot run (duplicate ids, cycles).
 *
 * @example
 * const result = await runSteps({ steps, config }, hooks, { signal });
 * if (result.status === 'failed') console.error(result.error?.message);
 */
export function runSteps(plan: RunPlan, hooks: SchedulerHooks, options: RunOptions = {}): Promise<RunResult> {
  let graphPlan: GraphPlan;
  try {
    graphPlan = buildGraphPlan(plan.steps);
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise<RunResult>((resolve) => {
    const run = new RunState(plan.config, hooks, options);
    const external = options.signal;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onCancel = () => {
      run.exec(() => run.halt(haltError(ErrorCode.Cancelled, CANCELLED_MESSAGE, 'cancelled')));
    };
    const graph = run.createGraph(graphPlan, {
      signal: run.controller.signal,
      completed: options.completed,
      onDone: (done) => {
        if (timer !== undefined) clearTimeout(timer);
        external?.removeEventListener('abort', onCancel);
        resolve(buildResult(run, plan.steps, done, external));
      },
    });
    if (external?.aborted) {
      run.halt(haltError(ErrorCode.Cancelled, CANCELLED_MESSAGE, 'cancelled'));
    } else {
      external?.addEventListener('abort', onCancel, { once: true });
    }
    const limit = plan.config.max_execution_time_ms;
    if (limit !== undefined && limit > 0 && !run.controller.signal.aborted) {
      const message = `execution exceeded max_execution_time of ${formatDuration(limit)}`;
      timer = setTimeout(
        () => {
          run.exec(() => run.halt(haltError(ErrorCode.ExecutionTimeout, message, 'skipped')));
        },
        Math.min(limit, MAX_TIMER_MS),
      );
    }
    run.exec(() => graph.start());
  });
}

function buildResult(
  run: RunState,
  steps: readonly StepDefinition[],
  graph: GraphHandle,
  external: AbortSignal | undefined,
): RunResult {
  const outcomes = new Map<string, StepOutcome>();
  for (const step of steps) {
    const outcome = graph.outcomes.get(step.id);
    if (outcome) outcomes.set(step.id, outcome);
  }
  const halt = run.haltReason;
  if (halt && halt.code === ErrorCode.Cancelled) {
    return { status: 'cancelled', steps: outcomes, reason: external ? cancelReason(external) : CANCELLED_MESSAGE };
  }
  if (halt) {
    const code = String(halt.code);
    return { status: 'failed', steps: outcomes, error: { code, message: halt.message }, reason: halt.message };
  }
  const failed = graph.failures[0];
  if (failed !== undefined) {
    const detail = outcomes.get(failed)?.error ?? 'failed';
    const message = `step "${failed}" failed: ${detail}`;
    return {
      status: 'failed',
      steps: outcomes,
      error: { code: ErrorCode.StepFailed, message, step_id: failed },
      reason: message,
    };
  }
  return { status: 'completed', steps: outcomes };
}
