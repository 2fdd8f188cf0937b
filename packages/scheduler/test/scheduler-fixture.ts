// Test fixture for the scheduler: step/config builders and recording hooks whose leaves are plain functions.
import type {
  CustomStep,
  ForeachStep,
  RetryPolicy,
  StepDefinition,
  StepResult,
  WorkflowConfig,
  WorkflowErrorDetails,
  WorkflowEventBody,
} from '@skill/workflow-model';
import { WorkflowError } from '@skill/workflow-model';
import type { LeafContext, SchedulerHooks, ScopeView } from '../src/index.js';

export const noRetry: RetryPolicy = { max_attempts: 1, backoff: 'none', initial_delay_ms: 0, max_delay_ms: 0 };

export function config(over: Partial<WorkflowConfig> = {}): WorkflowConfig {
  return {
    max_parallel: 10,
    on_failure: 'stop',
    retry: noRetry,
    max_total_steps: 1_000_000,
    max_loop_iterations: 10_000,
    output_limit_bytes: 1 << 24,
    ...over,
  };
}

export function leaf(id: string, over: Partial<CustomStep> = {}): StepDefinition {
  return { id, step_type: 'fake', depends_on: [], retry: noRetry, continue_on_error: false, args: {}, ...over };
}

export function foreach(
  id: string,
  items: unknown[] | string,
  loop: StepDefinition[],
  over: Partial<ForeachStep> = {},
): ForeachStep {
  return {
    id,
    step_type: 'foreach',
    depends_on: [],
    retry: noRetry,
    continue_on_error: false,
    items,
    parallel: false,
    max_iterations: 10_000,
    loop,
    ...over,
  };
}

/** Throws a WorkflowError, for leaves that fail. */
export function fail(message: string, details: WorkflowErrorDetails = {}, code = 'COMMAND_FAILED'): never {
  throw new WorkflowError(code, message, details);
}

/** Waits `ms`; rejects with the signal's reason when it aborts (like a well-behaved executor). */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

export type Leaf = (ctx: LeafContext, step: StepDefinition) => Promise<StepResult> | StepResult;

/** One call of runLeaf, as the fake recorded it. */
export interface LeafCall {
  id: string;
  attempt: number;
  index?: number;
  item?: unknown;
  signal: AbortSignal;
}

/** Hooks with leaves given per step id (default: output `<id>-out`), `when` given per condition text. */
export class FakeHooks implements SchedulerHooks {
  readonly events: WorkflowEventBody[] = [];
  readonly calls: LeafCall[] = [];
  /** Step ids in the order their leaves settled. */
  readonly finished: string[] = [];
  running = 0;
  maxRunning = 0;

  constructor(
    private readonly leaves: Record<string, Leaf> = {},
    private readonly conditions: Record<string, (scope: ScopeView) => boolean> = {},
    private readonly itemSources: Record<string, (scope: ScopeView) => unknown> = {},
  ) {}

  async runLeaf(step: StepDefinition, ctx: LeafContext): Promise<StepResult> {
    this.calls.push({
      id: step.id,
      attempt: ctx.attempt,
      index: ctx.iteration?.index,
      item: ctx.iteration?.item,
      signal: ctx.signal,
    });
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      const run = this.leaves[step.id];
      return run ? await run(ctx, step) : { output: `${step.id}-out` };
    } finally {
      this.running--;
      this.finished.push(step.id);
    }
  }

  evaluateWhen(step: StepDefinition, scope: ScopeView): boolean {
    const condition = this.conditions[step.when ?? ''];
    if (!condition) throw new Error(`no fake condition for ${step.when}`);
    return condition(scope);
  }

  whenReferencesStatusOf(step: StepDefinition): ReadonlySet<string> {
    const ids = new Set<string>();
    for (const m of (step.when ?? '').matchAll(/\{([\w-]+)\.status\}/g)) ids.add(m[1] as string);
    return ids;
  }

  resolveItems(step: ForeachStep, scope: ScopeView): unknown {
    if (Array.isArray(step.items)) return step.items;
    const source = this.itemSources[step.items];
    return source ? source(scope) : step.items;
  }

  emit(event: WorkflowEventBody): void {
    this.events.push(event);
  }

  /** Events of one step, by type. */
  of(stepId: string): WorkflowEventBody[] {
    return this.events.filter((e) => 'step_id' in e && e.step_id === stepId);
  }

  /** The terminal events (completed, failed, cancelled, skipped) of one step. */
  terminal(stepId: string): WorkflowEventBody[] {
    const ends = new Set(['step_completed', 'step_failed', 'step_cancelled', 'step_skipped']);
    return this.of(stepId).filter((e) => ends.has(e.type));
  }

  /** Types of the events of one step, in order. */
  types(stepId: string): string[] {
    return this.of(stepId).map((e) => e.type);
  }
}
