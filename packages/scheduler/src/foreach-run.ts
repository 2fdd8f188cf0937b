// One run of a foreach step: resolve items, run the loop graph once per item under limits, fan the results in.
import {
  ErrorCode,
  type ForeachItemResult,
  type ForeachStep,
  formatDuration,
  jsonEquals,
  type StepStatus,
  WorkflowError,
} from '@skill/workflow-model';
import { haltError, haltInfo, linkedController } from './abort-reasons.js';
import { normalizeForeachItems } from './foreach-items.js';
import type { GraphPlan } from './graph-plan.js';
import { MAX_TIMER_MS } from './retry-policy.js';
import type { GraphHandle, NodeOwner, RunContext } from './run-context.js';
import type { StepOutcome } from './scheduler-types.js';
import { asWorkflowError, cancelledOutcome, failedOutcome, type StepTiming } from './step-records.js';

const DEFAULT_MAX_ITERATIONS = 10_000;

/** Drives one foreach step. It holds no slot itself; the leaves of its iterations do. */
export class ForeachRun {
  private readonly run: RunContext;
  private items: readonly unknown[] = [];
  private results: (ForeachItemResult | undefined)[] = [];
  private outputs: unknown[] = [];
  private plan: GraphPlan | undefined;
  private controller: AbortController | undefined;
  private unlink: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timeoutError: WorkflowError | undefined;
  private limit = 1;
  private next = 0;
  private running = 0;
  private completed = 0;
  private failed = 0;
  private firstFailed = -1;
  private firstFailedError = '';
  private startedAt = 0;
  private done = false;

  constructor(
    private readonly owner: NodeOwner,
    private readonly index: number,
    private readonly step: ForeachStep,
    private readonly parentSignal: AbortSignal,
  ) {
    this.run = owner.run;
  }

  start(): void {
    const { run, step } = this;
    this.startedAt = run.now();
    this.owner.emitStepEvent({ type: 'step_started', step_id: step.id, attempt: 1, status: 'running' });
    try {
      this.items = normalizeForeachItems(run.hooks.resolveItems(step, this.owner.scope), step.id);
      this.plan = run.planFor(step.loop ?? []);
    } catch (error) {
      this.fail(asWorkflowError(error, ErrorCode.ForeachItems));
      return;
    }
    const count = this.items.length;
    const max =
      step.max_iterations > 0 ? step.max_iterations : (run.config.max_loop_iterations ?? DEFAULT_MAX_ITERATIONS);
    if (count > max) {
      const message = `foreach "${step.id}": ${count} items, more than max_iterations (${max})`;
      this.fail(
        new WorkflowError(ErrorCode.ForeachTooManyItems, message, { stepId: step.id, count, max, retryable: false }),
      );
      return;
    }
    if (count === 0) {
      this.finalize();
      return;
    }
    this.results = new Array(count);
    this.outputs = new Array(count);
    const { controller, unlink } = linkedController(this.parentSignal);
    this.controller = controller;
    this.unlink = unlink;
    const timeoutMs = step.timeout_ms;
    if (timeoutMs !== undefined && timeoutMs > 0) {
      const timeoutError = new WorkflowError(ErrorCode.Timeout, `timed out after ${formatDuration(timeoutMs)}`, {
        stepId: step.id,
        timeoutMs,
      });
      this.timeoutError = timeoutError;
      this.timer = setTimeout(
        () => {
          run.exec(() => {
            if (!this.done) controller.abort(timeoutError);
          });
        },
        Math.min(timeoutMs, MAX_TIMER_MS),
      );
    }
    const own = step.parallel
      ? step.max_parallel !== undefined && step.max_parallel >= 1
        ? step.max_parallel
        : Infinity
      : 1;
    this.limit = Math.max(1, Math.min(own, run.pool.max));
    this.launch();
  }

  private launch(): void {
    const signal = (this.controller as AbortController).signal;
    while (this.running < this.limit && this.next < this.items.length && !signal.aborted) {
      const index = this.next++;
      if (!this.reuseIteration(index)) this.startIteration(index, signal);
    }
    if (this.running === 0) this.finalize();
  }

  /** Keeps an iteration that completed for the same item in an earlier run (retry of failed items). */
  private reuseIteration(index: number): boolean {
    if (this.owner.eventStepId !== undefined) return false; // nested foreach: ids repeat per iteration
    const earlier = this.run.completedItems?.get(this.step.id)?.[index];
    if (earlier?.status !== 'completed' || jsonEquals(earlier.item, this.items[index]) !== true) return false;
    this.results[index] = { ...earlier };
    this.outputs[index] = earlier.output;
    this.completed++;
    this.owner.emitStepEvent({
      type: 'step_progress',
      step_id: this.step.id,
      progress: { completed: this.completed, failed: this.failed, total: this.items.length },
      item: { index, status: 'completed' },
    });
    return true;
  }

  private startIteration(index: number, signal: AbortSignal): void {
    this.running++;
    const item = this.items[index];
    const graph = this.run.createGraph(this.plan as GraphPlan, {
      signal,
      parentSteps: this.owner.scope.steps,
      iteration: { foreach_id: this.step.id, index, item },
      eventStepId: this.owner.eventStepId ?? this.step.id,
      onDone: (g) => this.iterationDone(index, g),
    });
    graph.start();
  }

  private iterationDone(index: number, graph: GraphHandle): void {
    this.running--;
    const controller = this.controller as AbortController;
    let status: StepStatus = 'completed';
    let error: string | undefined;
    if (graph.failures.length > 0) {
      status = 'failed';
      error = this.iterationError(graph);
    } else if (graph.interrupted) {
      status = 'cancelled';
      error = controller.signal.aborted ? haltInfo(controller.signal.reason).message : 'cancelled';
    }
    const result: ForeachItemResult = { index, item: this.items[index], status };
    if (status === 'completed') {
      const output = this.iterationOutput(graph);
      result.output = output;
      this.outputs[index] = output;
      this.completed++;
    } else {
      result.error = error;
      if (status === 'failed') {
        this.failed++;
        if (this.firstFailed < 0 || index < this.firstFailed) {
          this.firstFailed = index;
          this.firstFailedError = error ?? 'failed';
        }
      }
    }
    this.results[index] = result;
    const item: { index: number; status: string; error?: string } = { index, status };
    if (error !== undefined) item.error = error;
    this.owner.emitStepEvent({
      type: 'step_progress',
      step_id: this.step.id,
      progress: { completed: this.completed, failed: this.failed, total: this.items.length },
      item,
    });
    if (status === 'failed' && this.run.config.on_failure !== 'continue' && !controller.signal.aborted) {
      controller.abort(haltError(ErrorCode.Cancelled, `stopped: iteration ${index} failed`, 'skipped'));
    }
    this.launch();
  }

  /** The single loop step's output, or an object keyed by loop-step id. */
  private iterationOutput(graph: GraphHandle): unknown {
    const loop = this.step.loop;
    if (loop.length === 1) return graph.outcomes.get((loop[0] as ForeachStep['loop'][number]).id)?.output ?? null;
    const output: Record<string, unknown> = {};
    for (const s of loop) output[s.id] = graph.outcomes.get(s.id)?.output ?? null;
    return output;
  }

  private iterationError(graph: GraphHandle): string {
    const id = graph.failures[0] as string;
    const message = graph.outcomes.get(id)?.error ?? 'failed';
    return this.step.loop.length === 1 ? message : `step "${id}": ${message}`;
  }

  private fail(error: WorkflowError): void {
    this.done = true;
    this.owner.finishNode(this.index, failedOutcome(error, this.timing()));
  }

  private finalize(): void {
    if (this.done) return;
    this.done = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.unlink?.();
    const count = this.items.length;
    const results: ForeachItemResult[] = new Array(count);
    const outputs: unknown[] = new Array(count);
    for (let i = 0; i < count; i++) {
      results[i] = this.results[i] ?? { index: i, item: this.items[i], status: 'skipped' };
      outputs[i] = this.outputs[i] ?? null;
    }
    const metadata = { results, total: count, completed: this.completed, failed: this.failed };
    const t = this.timing();
    const signal = this.controller?.signal;
    let outcome: StepOutcome;
    if (this.timeoutError && signal?.reason === this.timeoutError && !this.parentSignal.aborted) {
      outcome = failedOutcome(this.timeoutError, t, { metadata, output: outputs });
    } else if (this.firstFailed >= 0) {
      const message = `iteration ${this.firstFailed} failed: ${this.firstFailedError}`;
      const details = { stepId: this.step.id, index: this.firstFailed, retryable: false };
      const error = new WorkflowError(ErrorCode.ForeachIterationFailed, message, details);
      outcome = failedOutcome(error, t, { metadata, output: outputs });
    } else if (this.parentSignal.aborted) {
      outcome = cancelledOutcome(haltInfo(this.parentSignal.reason), t, metadata);
    } else {
      outcome = {
        status: 'completed',
        output: outputs,
        metadata,
        attempts: 1,
        duration_ms: Math.max(0, t.finishedAt - t.startedAt),
        started_at: t.startedAt,
        finished_at: t.finishedAt,
      };
    }
    this.owner.finishNode(this.index, outcome);
  }

  private timing(): StepTiming {
    return { attempts: 1, startedAt: this.startedAt, finishedAt: this.run.now() };
  }
}
