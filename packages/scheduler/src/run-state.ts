// Run-wide state of one runSteps call: the task queue every callback goes through, the slot pool, hooks, halting.
import {
  ErrorCode,
  type ForeachItemResult,
  type StepDefinition,
  type WorkflowConfig,
  type WorkflowError,
  type WorkflowEventBody,
} from '@skill/workflow-model';
import { haltError, newController } from './abort-reasons.js';
import { buildGraphPlan, type GraphPlan } from './graph-plan.js';
import { GraphRun } from './graph-run.js';
import { MAX_TIMER_MS } from './retry-policy.js';
import type { GraphHandle, GraphOptions, RunContext } from './run-context.js';
import type { ResumedAttempts, RunOptions, SchedulerHooks } from './scheduler-types.js';
import { SlotPool } from './slot-pool.js';

const DEFAULT_KILL_GRACE_MS = 10_000;

/** Waits `ms`, rejecting with the signal's reason as soon as it aborts. */
function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.min(ms, MAX_TIMER_MS),
    );
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Shared by every graph of a run. All callbacks (promise settlements, timers, abort listeners) enter through
 * {@link RunState.exec}: tasks run one after another from a flat loop, so no completion ever nests inside another
 * and a 100 000-step chain keeps a constant stack.
 */
export class RunState implements RunContext {
  readonly controller = newController();
  readonly pool: SlotPool;
  readonly killGraceMs: number;
  readonly completedItems: ReadonlyMap<string, readonly ForeachItemResult[]> | undefined;
  readonly resumedAttempts: ReadonlyMap<string, ResumedAttempts> | undefined;
  /** Why the run halted (cancel, max_execution_time, internal error); undefined while it runs normally. */
  haltReason: WorkflowError | undefined;
  private readonly tasks: ((() => void) | undefined)[] = [];
  private head = 0;
  private draining = false;
  private readonly plans = new WeakMap<readonly StepDefinition[], GraphPlan>();
  private readonly clock: () => number;
  private readonly sleeper: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly randomSource: () => number;

  constructor(
    readonly config: WorkflowConfig,
    readonly hooks: SchedulerHooks,
    options: RunOptions,
  ) {
    this.pool = new SlotPool(config.max_parallel);
    this.killGraceMs = Math.min(Math.max(0, options.killGraceMs ?? DEFAULT_KILL_GRACE_MS), MAX_TIMER_MS);
    this.clock = options.now ?? Date.now;
    this.sleeper = options.sleep ?? defaultSleep;
    this.randomSource = options.random ?? Math.random;
    this.completedItems = options.completedItems;
    this.resumedAttempts = options.resumedAttempts;
  }

  now(): number {
    return this.clock();
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return this.sleeper(ms, signal);
  }

  random(): number {
    return this.randomSource();
  }

  exec(task: () => void): void {
    this.tasks.push(task);
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.head < this.tasks.length) {
        const next = this.tasks[this.head] as () => void;
        this.tasks[this.head++] = undefined;
        try {
          next();
        } catch (error) {
          this.internalError(error);
        }
      }
    } finally {
      this.tasks.length = 0;
      this.head = 0;
      this.draining = false;
    }
  }

  emit(event: WorkflowEventBody): void {
    try {
      this.hooks.emit(event);
    } catch (error) {
      this.internalError(error);
    }
  }

  planFor(steps: readonly StepDefinition[]): GraphPlan {
    let plan = this.plans.get(steps);
    if (!plan) {
      plan = buildGraphPlan(steps);
      this.plans.set(steps, plan);
    }
    return plan;
  }

  createGraph(plan: GraphPlan, options: GraphOptions): GraphHandle {
    return new GraphRun(this, plan, options);
  }

  /** Aborts everything with `reason`; the first reason wins. */
  halt(reason: WorkflowError): void {
    if (this.controller.signal.aborted) return;
    this.haltReason = reason;
    this.controller.abort(reason);
  }

  private internalError(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.halt(haltError(ErrorCode.Internal, `scheduler error: ${message}`, 'skipped'));
  }
}
