// One run of a leaf step: waiting for a slot, attempts with a timeout, retries with backoff, abort with a grace period.
import { ErrorCode, formatDuration, type StepDefinition, type StepResult, WorkflowError } from '@skill/workflow-model';
import { haltInfo, linkedController } from './abort-reasons.js';
import { backoffDelay, isRetryable, MAX_TIMER_MS } from './retry-policy.js';
import type { NodeOwner } from './run-context.js';
import type { LeafContext } from './scheduler-types.js';
import type { SlotWaiter } from './slot-pool.js';
import { asWorkflowError, cancelledOutcome, completedOutcome, failedOutcome, type StepTiming } from './step-records.js';

type Phase = 'queued' | 'running' | 'sleeping' | 'done';

/** A step whose attempts were lost with their worker this many times fails with the last `WORKER_LOST`. */
const MAX_WORKER_LOSSES = 5;

/** Drives one leaf step from its first slot request to its terminal outcome. */
export class LeafRun implements SlotWaiter {
  waiting = false;
  private phase: Phase = 'queued';
  /** True while this run holds a `max_parallel` slot (a waiting attempt gives it back: {@link LeafContext.yieldSlot}). */
  private slotHeld = false;
  private attempt = 0;
  /** Attempts lost with the process that made them (a dead coordinator): not counted against `max_attempts`. */
  private lostAttempts = 0;
  /** Attempts lost with their worker in this run (see {@link MAX_WORKER_LOSSES}). */
  private workerLosses = 0;
  /** The next grant follows the attempt another process started (see ResumedAttempts.adopt). */
  private adopting = false;
  /** Changes whenever a callback of the previous phase must be ignored. */
  private token = 0;
  private startedAt = 0;
  private signal: AbortSignal;
  private unlink: (() => void) | undefined;
  private timeoutError: WorkflowError | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param parentSignal the graph's signal when the step was started; aborted on halt or stop.
   * @param onEnd called once the step is terminal (the graph forgets it).
   */
  constructor(
    private readonly owner: NodeOwner,
    private readonly index: number,
    private readonly step: StepDefinition,
    private readonly parentSignal: AbortSignal,
    private readonly onEnd: (leaf: LeafRun) => void,
  ) {
    this.signal = parentSignal;
  }

  begin(): void {
    const run = this.owner.run;
    const resumed = this.owner.iteration ? undefined : run.resumedAttempts?.get(this.step.id);
    if (resumed?.adopt && resumed.attempts > 0) {
      // Its last attempt may still run where another process dispatched it: follow that attempt.
      this.attempt = resumed.attempts - 1;
      this.lostAttempts = resumed.lost;
      this.adopting = true;
      this.startedAt = run.now();
      run.pool.request(this);
      return;
    }
    if (resumed && resumed.attempts > 0) {
      // Its earlier attempts ran in another process: go on from them, after what remains of their backoff.
      this.attempt = resumed.attempts;
      this.lostAttempts = resumed.lost;
      this.startedAt = run.now();
      this.sleepThen(Math.max(0, resumed.resumeAt - run.now()));
      return;
    }
    run.pool.request(this);
  }

  /** Called by the pool with a slot held: starts the next attempt. */
  grant(): void {
    const run = this.owner.run;
    this.slotHeld = true;
    if (this.parentSignal.aborted) {
      this.endAborted();
      this.releaseSlot();
      return;
    }
    const attempt = ++this.attempt;
    const token = ++this.token;
    const adopt = this.adopting;
    this.adopting = false;
    this.phase = 'running';
    if (attempt === 1 && !adopt) this.startedAt = run.now();
    if (!adopt) this.owner.emitStepEvent({ type: 'step_started', step_id: this.step.id, attempt, status: 'running' });
    let signal = this.parentSignal;
    const timeoutMs = this.step.timeout_ms;
    if (timeoutMs !== undefined && timeoutMs > 0) {
      const { controller, unlink } = linkedController(this.parentSignal);
      const timeoutError = new WorkflowError(ErrorCode.Timeout, `timed out after ${formatDuration(timeoutMs)}`, {
        stepId: this.step.id,
        timeoutMs,
      });
      this.unlink = unlink;
      this.timeoutError = timeoutError;
      this.timer = setTimeout(
        () => {
          run.exec(() => {
            if (token !== this.token || this.phase !== 'running') return;
            controller.abort(timeoutError);
            this.startGrace(token);
          });
        },
        Math.min(timeoutMs, MAX_TIMER_MS),
      );
      signal = controller.signal;
    }
    this.signal = signal;
    const ctx: LeafContext = {
      signal,
      attempt,
      scope: this.owner.scope,
      log: (line, stream) => this.log(token, line, stream),
      yieldSlot: () =>
        run.exec(() => {
          if (token === this.token && this.phase === 'running') this.releaseSlot();
        }),
    };
    if (this.owner.iteration) ctx.iteration = this.owner.iteration;
    if (adopt) ctx.adopt = true;
    let pending: Promise<StepResult>;
    try {
      pending = run.hooks.runLeaf(this.step, ctx);
    } catch (error) {
      this.settle(token, false, error);
      return;
    }
    if (pending !== null && typeof pending === 'object' && typeof pending.then === 'function') {
      pending.then(
        (result) => run.exec(() => this.settle(token, true, result)),
        (error: unknown) => run.exec(() => this.settle(token, false, error)),
      );
    } else {
      this.settle(token, true, pending);
    }
  }

  /** The graph halted or stopped: give up waiting, or give a running attempt `killGraceMs` to settle. */
  abort(): void {
    if (this.phase === 'queued') {
      this.waiting = false;
      this.endAborted();
    } else if (this.phase === 'sleeping') {
      this.endAborted();
    } else if (this.phase === 'running') {
      this.startGrace(this.token);
    }
  }

  private log(token: number, line: string, stream?: 'stdout' | 'stderr'): void {
    if (token !== this.token || this.phase !== 'running') return;
    const stepId = this.owner.eventStepId ?? this.step.id;
    this.owner.run.emit({ type: 'step_progress', step_id: stepId, message: line, stream: stream ?? 'stdout' });
  }

  private startGrace(token: number): void {
    if (this.graceTimer !== undefined) return;
    const run = this.owner.run;
    this.graceTimer = setTimeout(() => run.exec(() => this.settle(token, false, undefined)), run.killGraceMs);
  }

  private settle(token: number, ok: boolean, value: unknown): void {
    if (token !== this.token || this.phase !== 'running') return;
    this.token++;
    this.clearAttempt();
    const signal = this.signal;
    let failure: WorkflowError | undefined;
    if (signal.aborted) {
      if (this.parentSignal.aborted || signal.reason !== this.timeoutError || !this.timeoutError) {
        this.endAborted();
        this.releaseSlot();
        return;
      }
      failure = this.timeoutError;
    } else if (!ok) {
      failure = asWorkflowError(value);
    }
    if (failure === undefined) {
      this.end();
      this.owner.finishNode(this.index, completedOutcome(value as StepResult | undefined, this.timing()));
      this.releaseSlot();
      return;
    }
    this.attemptFailed(failure);
  }

  /** Retries after a backoff, or records the failure; releases the attempt's slot either way. */
  private attemptFailed(error: WorkflowError): void {
    const run = this.owner.run;
    const policy = this.step.retry ?? run.config.retry;
    const maxAttempts = Math.max(1, Math.floor(policy?.max_attempts ?? 1));
    if (this.lostElsewhere(error)) {
      // Lost with its worker or coordinator: a new attempt at once, not counted against max_attempts.
      this.lostAttempts += 1;
      this.retryAfter(error, 0);
      return;
    }
    if (policy && this.attempt - this.lostAttempts < maxAttempts && isRetryable(error, policy)) {
      this.retryAfter(
        error,
        backoffDelay(policy, this.attempt, () => run.random()),
      );
      return;
    }
    this.end();
    this.owner.finishNode(this.index, failedOutcome(error, this.timing()));
    this.releaseSlot();
  }

  /** True for an attempt lost with the process running it, while such losses may still be run again. */
  private lostElsewhere(error: WorkflowError): boolean {
    if (error.code === ErrorCode.CoordinatorLost) return true;
    if (error.code !== ErrorCode.WorkerLost || this.workerLosses >= MAX_WORKER_LOSSES) return false;
    this.workerLosses += 1;
    return true;
  }

  /** Records `step_retrying` and starts the next attempt after `delay` ms. */
  private retryAfter(error: WorkflowError, delay: number): void {
    this.releaseSlot();
    this.owner.emitStepEvent({
      type: 'step_retrying',
      step_id: this.step.id,
      attempt: this.attempt,
      next_attempt: this.attempt + 1,
      delay_ms: delay,
      error: error.message,
      error_code: String(error.code),
    });
    this.sleepThen(delay);
  }

  /** Waits `delay` ms (cut short by an abort), then asks for a slot for the next attempt. */
  private sleepThen(delay: number): void {
    const run = this.owner.run;
    this.phase = 'sleeping';
    const token = ++this.token;
    let wait: Promise<void>;
    try {
      wait = run.sleep(delay, this.parentSignal);
    } catch {
      wait = Promise.resolve();
    }
    const wake = () => run.exec(() => this.wake(token));
    wait.then(wake, wake);
  }

  private wake(token: number): void {
    if (token !== this.token || this.phase !== 'sleeping') return;
    if (this.parentSignal.aborted) {
      this.endAborted();
      return;
    }
    this.phase = 'queued';
    this.owner.run.pool.request(this);
  }

  /** The step's scope was aborted: never started -> skipped, started -> cancelled. */
  private endAborted(): void {
    const halt = haltInfo(this.parentSignal.reason);
    this.end();
    if (this.attempt === 0) this.owner.skipNode(this.index, halt.skipStatus, halt.message);
    else this.owner.finishNode(this.index, cancelledOutcome(halt, this.timing()));
  }

  /** Gives the slot back to the pool, once. */
  private releaseSlot(): void {
    if (!this.slotHeld) return;
    this.slotHeld = false;
    this.owner.run.pool.release();
  }

  private end(): void {
    this.phase = 'done';
    this.token++;
    this.clearAttempt();
    this.onEnd(this);
  }

  private clearAttempt(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.graceTimer !== undefined) clearTimeout(this.graceTimer);
    this.timer = undefined;
    this.graceTimer = undefined;
    if (this.unlink) this.unlink();
    this.unlink = undefined;
  }

  private timing(): StepTiming {
    return { attempts: this.attempt, startedAt: this.startedAt, finishedAt: this.owner.run.now() };
  }
}
