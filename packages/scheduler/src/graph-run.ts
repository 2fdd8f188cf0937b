// Runs one DAG of steps (the workflow, or one foreach iteration): ready queue, conditions, failure policy, halting.
import {
  ErrorCode,
  isStepOfType,
  isWorkflowError,
  type StepDefinition,
  WorkflowError,
  type WorkflowEventBody,
} from '@skill/workflow-model';
import { haltError, haltInfo, linkedController } from './abort-reasons.js';
import { ForeachRun } from './foreach-run.js';
import type { GraphPlan } from './graph-plan.js';
import { LeafRun } from './leaf-run.js';
import type { GraphHandle, GraphOptions, NodeOwner, RunContext } from './run-context.js';
import type { IterationInfo, ScopeView, StepLookup, StepOutcome } from './scheduler-types.js';
import { failedOutcome, skippedOutcome, terminalEvent } from './step-records.js';

const PENDING = 0;
const ACTIVE = 1;
const DONE = 2;

/** An iteration's own steps first, then the steps around its foreach. */
class ChainedLookup implements StepLookup {
  constructor(
    private readonly inner: StepLookup,
    private readonly outer: StepLookup,
  ) {}

  get(stepId: string): StepOutcome | undefined {
    return this.inner.get(stepId) ?? this.outer.get(stepId);
  }
}

/** True when dependents without `when` may run after this outcome. */
function satisfies(outcome: StepOutcome, step: StepDefinition): boolean {
  return outcome.status === 'completed' || (outcome.status === 'failed' && step.continue_on_error === true);
}

/**
 * The run loop of one graph. Steps wait on in-degree counters; a step whose dependencies are all terminal is
 * decided at once (skip, fail its condition, or start), so a completion costs O(its dependents).
 */
export class GraphRun implements GraphHandle, NodeOwner {
  readonly outcomes = new Map<string, StepOutcome>();
  readonly failures: string[] = [];
  readonly scope: ScopeView;
  readonly iteration: IterationInfo | undefined;
  readonly eventStepId: string | undefined;
  interrupted = false;
  private readonly state: Uint8Array;
  private readonly depOk: Uint8Array;
  private readonly remaining: Int32Array;
  private ready: number[] = [];
  private readyHead = 0;
  private pumping = false;
  private doneCount = 0;
  private finished = false;
  private readonly activeLeaves = new Set<LeafRun>();
  /** Signal of the steps started since the last stop; aborted (and replaced) when the graph stops. */
  private epoch: AbortController;
  private unlinkEpoch: () => void;
  private stopMessage: string | undefined;
  private readonly onHalt = () => this.run.exec(() => this.halt());
  private readonly forgetLeaf = (leaf: LeafRun) => {
    this.activeLeaves.delete(leaf);
  };

  constructor(
    readonly run: RunContext,
    private readonly plan: GraphPlan,
    private readonly options: GraphOptions,
  ) {
    const n = plan.steps.length;
    this.state = new Uint8Array(n);
    this.depOk = new Uint8Array(n);
    this.remaining = plan.indegree.slice();
    this.iteration = options.iteration;
    this.eventStepId = options.eventStepId;
    const steps = options.parentSteps ? new ChainedLookup(this.outcomes, options.parentSteps) : this.outcomes;
    const it = options.iteration;
    this.scope = it ? { steps, loop: { item: it.item, index: it.index } } : { steps };
    const { controller, unlink } = linkedController(options.signal);
    this.epoch = controller;
    this.unlinkEpoch = unlink;
  }

  start(): void {
    const { steps, deps } = this.plan;
    const n = steps.length;
    const completed = this.options.completed;
    if (completed && completed.size > 0) {
      for (let i = 0; i < n; i++) {
        const step = steps[i] as StepDefinition;
        const outcome = completed.get(step.id);
        if (!outcome) continue;
        this.state[i] = DONE;
        this.doneCount++;
        this.outcomes.set(step.id, outcome);
        this.depOk[i] = satisfies(outcome, step) ? 1 : 0;
      }
      for (let i = 0; i < n; i++) {
        let count = 0;
        for (const d of deps[i] as readonly number[]) if (this.state[d] !== DONE) count++;
        this.remaining[i] = count;
      }
    }
    const signal = this.options.signal;
    if (!signal.aborted) signal.addEventListener('abort', this.onHalt, { once: true });
    for (let i = 0; i < n; i++) if (this.state[i] === PENDING && this.remaining[i] === 0) this.ready.push(i);
    this.pump();
  }

  emitStepEvent(event: WorkflowEventBody): void {
    if (this.eventStepId === undefined) this.run.emit(event);
  }

  finishNode(index: number, outcome: StepOutcome): void {
    const step = this.plan.steps[index] as StepDefinition;
    const continueOnError = step.continue_on_error === true;
    this.state[index] = DONE;
    this.outcomes.set(step.id, outcome);
    this.depOk[index] = satisfies(outcome, step) ? 1 : 0;
    if (outcome.status === 'cancelled') this.interrupted = true;
    this.emitStepEvent(terminalEvent(step.id, outcome, continueOnError));
    if (outcome.status === 'failed' && !continueOnError) {
      this.failures.push(step.id);
      if (this.run.config.on_failure !== 'continue' && this.stopMessage === undefined) this.stop(step.id);
    }
    for (const d of this.plan.dependents[index] as readonly number[]) {
      const left = (this.remaining[d] as number) - 1;
      this.remaining[d] = left;
      if (left === 0 && this.state[d] === PENDING) this.ready.push(d);
    }
    this.doneCount++;
    this.pump();
  }

  skipNode(index: number, status: 'skipped' | 'cancelled', reason: string): void {
    this.interrupted = true;
    this.finishNode(index, skippedOutcome(status, reason));
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.readyHead < this.ready.length) this.decide(this.ready[this.readyHead++] as number);
      this.ready.length = 0;
      this.readyHead = 0;
    } finally {
      this.pumping = false;
    }
    if (!this.finished && this.doneCount === this.plan.steps.length) this.finish();
  }

  private decide(index: number): void {
    const step = this.plan.steps[index] as StepDefinition;
    const signal = this.options.signal;
    if (signal.aborted) {
      const halt = haltInfo(signal.reason);
      this.skipNode(index, halt.skipStatus, halt.message);
      return;
    }
    if (step.when !== undefined && step.when !== '') {
      if (this.stopMessage !== undefined && !this.isFailureHandler(step)) {
        this.finishNode(index, skippedOutcome('skipped', this.stopMessage));
        return;
      }
      let go: boolean;
      try {
        go = this.run.hooks.evaluateWhen(step, this.scope);
      } catch (error) {
        this.conditionFailed(index, step, error);
        return;
      }
      if (!go) {
        this.finishNode(index, skippedOutcome('skipped', `condition is false: ${step.when}`));
        return;
      }
    } else {
      const blocked = this.blockedBy(index) ?? this.stopMessage;
      if (blocked !== undefined) {
        this.finishNode(index, skippedOutcome('skipped', blocked));
        return;
      }
    }
    this.launch(index, step);
  }

  private launch(index: number, step: StepDefinition): void {
    this.state[index] = ACTIVE;
    const signal = this.epoch.signal;
    if (isStepOfType(step, 'foreach')) {
      new ForeachRun(this, index, step, signal).start();
      return;
    }
    const leaf = new LeafRun(this, index, step, signal, this.forgetLeaf);
    this.activeLeaves.add(leaf);
    leaf.begin();
  }

  /** Why a step without `when` cannot run: its first dependency that did not complete. */
  private blockedBy(index: number): string | undefined {
    for (const d of this.plan.deps[index] as readonly number[]) {
      if (this.depOk[d] === 1) continue;
      const id = (this.plan.steps[d] as StepDefinition).id;
      const status = this.outcomes.get(id)?.status;
      if (status === 'failed') return `dependency "${id}" failed`;
      if (status === 'cancelled') return `dependency "${id}" was cancelled`;
      return `dependency "${id}" was skipped`;
    }
    return undefined;
  }

  /** A step whose `when` reads the status of a failed step may still run after a stop. */
  private isFailureHandler(step: StepDefinition): boolean {
    let refs: ReadonlySet<string>;
    try {
      refs = this.run.hooks.whenReferencesStatusOf(step);
    } catch {
      return false;
    }
    for (const id of refs) if (this.scope.steps.get(id)?.status === 'failed') return true;
    return false;
  }

  private conditionFailed(index: number, step: StepDefinition, error: unknown): void {
    const failure = isWorkflowError(error)
      ? error
      : new WorkflowError(
          ErrorCode.ConditionError,
          `condition "${step.when}" could not be evaluated: ${error instanceof Error ? error.message : String(error)}`,
          { stepId: step.id, retryable: false },
        );
    const now = this.run.now();
    this.finishNode(index, failedOutcome(failure, { attempts: 0, startedAt: now, finishedAt: now }));
  }

  /** on_failure = "stop": running steps are aborted; from now on only failure handlers start. */
  private stop(stepId: string): void {
    const message = `stopped: step "${stepId}" failed`;
    this.stopMessage = message;
    const old = this.epoch;
    this.unlinkEpoch();
    const next = linkedController(this.options.signal);
    this.epoch = next.controller;
    this.unlinkEpoch = next.unlink;
    old.abort(haltError(ErrorCode.Cancelled, message, 'skipped'));
    const victims = Array.from(this.activeLeaves);
    if (victims.length > 0) this.run.exec(() => this.abortLeaves(victims));
  }

  /** The graph's signal aborted (cancel, max_execution_time, the foreach stopped or timed out). */
  private halt(): void {
    if (this.finished) return;
    this.interrupted = true;
    this.abortLeaves(Array.from(this.activeLeaves));
  }

  private abortLeaves(leaves: readonly LeafRun[]): void {
    for (const leaf of leaves) leaf.abort();
  }

  private finish(): void {
    this.finished = true;
    this.options.signal.removeEventListener('abort', this.onHalt);
    this.unlinkEpoch();
    const onDone = this.options.onDone;
    this.run.exec(() => onDone(this));
  }
}
