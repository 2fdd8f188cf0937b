// Public contract of the scheduler: the hooks it calls, the options it takes and the result it returns.
import type {
  ForeachItemResult,
  ForeachStep,
  StepDefinition,
  StepResult,
  StepStatus,
  WorkflowConfig,
  WorkflowEventBody,
} from '@skill/workflow-model';

/** The final (or resumed) state of one step, as the scheduler records it. */
export interface StepOutcome {
  status: StepStatus;
  output?: unknown;
  metadata: Record<string, unknown>;
  error?: string;
  error_code?: string;
  /** Why the step was skipped, cancelled or failed. */
  reason?: string;
  /** Attempts made; 0 when the step never started. */
  attempts: number;
  duration_ms?: number;
  /** Epoch milliseconds (from `RunOptions.now`) of the first attempt's start. */
  started_at?: number;
  finished_at?: number;
}

/** Read access to the outcomes of finished steps. */
export interface StepLookup {
  get(stepId: string): StepOutcome | undefined;
}

/** What templates and conditions of a step can see. */
export interface ScopeView {
  /** Finished steps. Inside a foreach iteration: this iteration's loop steps first, then the outer steps. */
  steps: StepLookup;
  /** Set inside a foreach iteration. */
  loop?: { item: unknown; index: number };
}

/** The foreach iteration a loop step runs in. */
export interface IterationInfo {
  foreach_id: string;
  index: number;
  item: unknown;
}

/** What {@link SchedulerHooks.runLeaf} gets besides the step. */
export interface LeafContext {
  /** Aborted on timeout, cancellation, or when the run stops after a failure. */
  signal: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
  scope: ScopeView;
  /** Set for loop steps: the innermost foreach iteration. */
  iteration?: IterationInfo;
  /** A line of live output; becomes `step_progress` on the top-level step. */
  log(line: string, stream?: 'stdout' | 'stderr'): void;
  /**
   * The attempt waits on something outside (an approval, a timer): gives its `max_parallel` slot back until it
   * settles, so other steps run meanwhile. Safe to call more than once.
   */
  yieldSlot(): void;
  /** Set when this attempt was started by another process: follow it where it runs, do not start it again. */
  adopt?: boolean;
}

/** Everything the scheduler does not know how to do itself. */
export interface SchedulerHooks {
  /** Runs one attempt of any non-foreach step; throw (a `WorkflowError` ideally) to fail the attempt. */
  runLeaf(step: StepDefinition, ctx: LeafContext): Promise<StepResult>;
  /** Called only for steps with `when`; a throw fails the step without retry. */
  evaluateWhen(step: StepDefinition, scope: ScopeView): boolean;
  /** Ids of the steps whose `.status` the step's `when` references (failure-handler detection). */
  whenReferencesStatusOf(step: StepDefinition): ReadonlySet<string>;
  /** The resolved `items` of a foreach (literal array or template result); a throw fails the foreach step. */
  resolveItems(step: ForeachStep, scope: ScopeView): unknown;
  /** Receives `step_*` events of top-level steps, synchronously, in causal order. */
  emit(event: WorkflowEventBody): void;
}

/** The steps to run and the workflow's configuration. */
export interface RunPlan {
  steps: readonly StepDefinition[];
  config: WorkflowConfig;
}

/** Where a step's attempts stood when its execution changed hands (see {@link RunOptions.resumedAttempts}). */
export interface ResumedAttempts {
  /** Attempts made so far. */
  attempts: number;
  /** When the next attempt may start (epoch ms). */
  resumeAt: number;
  /** Attempts among them that were lost with their process: they do not count against `max_attempts`. */
  lost: number;
  /**
   * The last attempt may still run where it was dispatched (a queue's worker): follow it (`LeafContext.adopt`, same
   * attempt number, no new `step_started`) instead of starting attempt `attempts + 1`.
   */
  adopt?: boolean;
}

/** Options of {@link runSteps}. */
export interface RunOptions {
  /** Aborting it cancels the run: running steps `cancelled`, the rest skipped as `cancelled`. */
  signal?: AbortSignal;
  /** Steps already finished (resume / retry-from-step): reused, not re-run, no events. */
  completed?: ReadonlyMap<string, StepOutcome>;
  /**
   * Per top-level foreach id, the iteration results of an earlier run: an item whose index holds a
   * `completed` result for an equal item is reused (its output kept, not re-run); the others run.
   */
  completedItems?: ReadonlyMap<string, readonly ForeachItemResult[]>;
  /**
   * Top-level leaf steps whose earlier attempts ran in another process (a coordinator that died): they go on with
   * attempt `attempts + 1` at `resumeAt` (a persisted backoff deadline, per `now()`), without a new first attempt.
   */
  resumedAttempts?: ReadonlyMap<string, ResumedAttempts>;
  /** Clock for timestamps and durations (default `Date.now`). */
  now?: () => number;
  /** Waits between attempts; must reject or resolve early when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Source of randomness for jitter backoff (default `Math.random`). */
  random?: () => number;
  /** How long to wait for an aborted leaf to settle before recording it anyway (default 10 000 ms). */
  killGraceMs?: number;
}

/** How a run ended. `steps` holds every top-level step, in definition order. */
export interface RunResult {
  status: 'completed' | 'failed' | 'cancelled';
  steps: Map<string, StepOutcome>;
  error?: { code: string; message: string; step_id?: string };
  reason?: string;
}
