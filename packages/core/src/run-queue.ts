// RunQueue: at most so many executions of an engine run at once; the others wait their turn in the order they came.
import { performance } from 'node:perf_hooks';
import { WorkflowError } from '@skill/workflow-model';

/** Executions started per event-loop turn at most: a burst starts over several turns, between other work. */
const STARTS_PER_TURN = 8;
/**
 * The event loop counts as busy when it spent more than this share of the time since the last check point working
 * (event-loop utilization: time not spent waiting for I/O): new executions then wait, so requests are answered first.
 */
const BUSY_UTILIZATION = 0.9;
/** The check point moves to now once it is this old: the share is taken over the last 0 to 20 ms. */
const UTILIZATION_WINDOW_MS = 20;
/** How soon a busy loop is checked again. */
const BUSY_RETRY_MS = 10;
/** However busy the loop, executions that have waited this long start (a turn's worth per check). */
const MAX_HOLD_MS = 1000;

/** The event loop's utilization since a check point at most UTILIZATION_WINDOW_MS old. */
class LoopUtilization {
  #since = performance.eventLoopUtilization();
  #sinceAt = performance.now();

  /**
   * True when the loop worked more than BUSY_UTILIZATION of the time since the check point. Within a turn that
   * has not waited for I/O since the check point, that is all of it: a loop going from one piece of work to the
   * next is busy, however short each turn.
   */
  busy(): boolean {
    const busy = performance.eventLoopUtilization(this.#since).utilization > BUSY_UTILIZATION;
    const now = performance.now();
    if (now - this.#sinceAt >= UTILIZATION_WINDOW_MS) {
      this.#since = performance.eventLoopUtilization();
      this.#sinceAt = now;
    }
    return busy;
  }
}

/** Throws `INVALID_VALUE` unless `limit` is a positive integer or Infinity (no limit): createEngine checks it at once. */
export function checkRunLimit(limit: number): void {
  if (limit !== Number.POSITIVE_INFINITY && (!Number.isInteger(limit) || limit < 1)) {
    throw new WorkflowError('INVALID_VALUE', `maxRunningExecutions must be a positive integer, got ${limit}`);
  }
}

interface Waiter {
  grant(release: () => void): void;
  since: number;
}

/**
 * Hands out run slots. `turn()` resolves on a later event-loop turn (never in the caller's: whoever admitted the
 * execution answers first) once a slot is free, with the function that gives the slot back. Starts are paced by
 * the event loop: up to a few per turn while it has time to spare; while it is busy (running executions and
 * requests keep it working over 90% of the time), no new execution starts until it calms down, nothing runs any
 * more, or executions have waited a second, so admission and status requests keep being answered. (How late a
 * turn comes would not tell: a turn asked for while requests are read comes in the same loop iteration.)
 */
export class RunQueue {
  readonly #limit: number;
  readonly #waiting: Waiter[] = [];
  #running = 0;
  #scheduled = false;
  readonly #loop = new LoopUtilization();

  /** `limit`: slots (a positive integer, or Infinity for no limit); throws `INVALID_VALUE` otherwise. */
  constructor(limit: number) {
    checkRunLimit(limit);
    this.#limit = limit;
  }

  /** Resolves with the slot's release function once this caller may run. */
  turn(): Promise<() => void> {
    return new Promise((resolve) => {
      this.#waiting.push({ grant: resolve, since: performance.now() });
      this.#schedule();
    });
  }

  #schedule(delayMs = 0): void {
    if (this.#scheduled || this.#waiting.length === 0 || this.#running >= this.#limit) return;
    this.#scheduled = true;
    const pump = () => {
      this.#scheduled = false;
      // A busy loop starts nothing until it calms down, unless executions have waited too long; a calm one starts
      // several. With nothing running, the loop is busy with something else: start.
      const now = performance.now();
      const busy = this.#running > 0 && this.#loop.busy();
      const overdue = (this.#waiting[0]?.since ?? now) + MAX_HOLD_MS <= now;
      const allowed = busy && !overdue ? 0 : STARTS_PER_TURN;
      for (let started = 0; started < allowed && this.#running < this.#limit; started++) {
        const waiter = this.#waiting.shift();
        if (!waiter) break;
        this.#running += 1;
        waiter.grant(this.#releaser());
      }
      this.#schedule(busy ? BUSY_RETRY_MS : 0);
    };
    if (delayMs > 0) setTimeout(pump, delayMs);
    else setImmediate(pump);
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#running -= 1;
      this.#schedule();
    };
  }
}
