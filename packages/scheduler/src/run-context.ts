// Internal contracts between the run, its graphs (workflow or foreach iteration) and the step runs inside them.
import type { ForeachItemResult, StepDefinition, WorkflowConfig, WorkflowEventBody } from '@skill/workflow-model';
import type { GraphPlan } from './graph-plan.js';
import type {
  IterationInfo,
  ResumedAttempts,
  SchedulerHooks,
  ScopeView,
  StepLookup,
  StepOutcome,
} from './scheduler-types.js';
import type { SlotPool } from './slot-pool.js';

/** Run-wide services shared by every graph of one `runSteps` call. */
export interface RunContext {
  readonly hooks: SchedulerHooks;
  /** Iteration results of an earlier run, per top-level foreach id (retry of failed items). */
  readonly completedItems: ReadonlyMap<string, readonly ForeachItemResult[]> | undefined;
  /** Top-level steps that go on from attempts made in another process (see RunOptions.resumedAttempts). */
  readonly resumedAttempts?: ReadonlyMap<string, ResumedAttempts> | undefined;
  readonly config: WorkflowConfig;
  readonly pool: SlotPool;
  readonly killGraceMs: number;
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  random(): number;
  /** Runs `task` now, or after the current task when one is running: the single entry point of every callback. */
  exec(task: () => void): void;
  /** Forwards an event to the hooks; never throws. */
  emit(event: WorkflowEventBody): void;
  /** The (cached) plan of a step list; throws on duplicate ids or cycles. */
  planFor(steps: readonly StepDefinition[]): GraphPlan;
  createGraph(plan: GraphPlan, options: GraphOptions): GraphHandle;
}

/** How to run one graph. */
export interface GraphOptions {
  /** Aborting it halts the graph: running steps cancelled, the rest skipped. */
  signal: AbortSignal;
  /** Outer steps visible to this graph (a foreach iteration sees the steps around its foreach). */
  parentSteps?: StepLookup;
  iteration?: IterationInfo;
  /** For iteration graphs: the top-level step that carries their logs; graphs with it emit no step events. */
  eventStepId?: string;
  /** Steps already finished (resume): reused, no events. */
  completed?: ReadonlyMap<string, StepOutcome>;
  /** Called (from a fresh task) once every step of the graph is terminal. */
  onDone(graph: GraphHandle): void;
}

/** A graph as its owner sees it. */
export interface GraphHandle {
  readonly outcomes: ReadonlyMap<string, StepOutcome>;
  /** Ids of steps that failed without `continue_on_error`, in the order they failed. */
  readonly failures: readonly string[];
  /** True when some step was cancelled or skipped because the graph halted. */
  readonly interrupted: boolean;
  start(): void;
}

/** What a leaf or foreach run sees of the graph it belongs to. */
export interface NodeOwner {
  readonly run: RunContext;
  readonly scope: ScopeView;
  readonly iteration: IterationInfo | undefined;
  /** The top-level step that carries log lines of loop steps; undefined at top level. */
  readonly eventStepId: string | undefined;
  /** Emits a step event when this graph is the top level. */
  emitStepEvent(event: WorkflowEventBody): void;
  /** Records the terminal outcome of the step at `index` (its event included). */
  finishNode(index: number, outcome: StepOutcome): void;
  /** Records a step that never started. */
  skipNode(index: number, status: 'skipped' | 'cancelled', reason: string): void;
}
