// RunQueue: at most so many executions of an engine run at once; the others wait their turn in the order they came.
import { WorkflowError } from '@skill/workflow-model';

/** Executions started per event-loop turn at most: a burst starts over several turns, between other work. */
const STARTS_PER_TURN = 8;
/** A turn that comes this much later than asked for means the event loop is busy: new executions wait. */
const BUSY_LAG_MS = 25;
/** How soon a busy loop is checked again. */
const BUSY_RETRY_MS = 10;
/** However busy the loop, the execution waiting longest starts after this long (one per check). */
const MAX_HOLD_MS = 1000;

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
 * the event loop: up to a few per turn while turns come on time; while they come late (the loop is saturated by
 * running executions and requests), no new execution starts until it calms down, nothing runs any more, or one has
 * waited a second, so admission and status requests keep being answered.
 */
export class RunQueue {
  readonly #limit: number;
  readonly #waiting: Waiter[] = [];
  #running = 0;
  #scheduled = false;

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
    const at = performance.now();
    const pump = () => {
      this.#scheduled = false;
      // A busy loop (the turn came late) starts nothing until it calms down, unless an execution has waited too
      // long (then one); a calm one starts several.
      const now = performance.now();
      const late = now - at - delayMs > BUSY_LAG_MS && this.#running > 0;
      const overdue = (this.#waiting[0]?.since ?? now) + MAX_HOLD_MS <= now;
      const allowed = late ? (overdue ? 1 : 0) : STARTS_PER_TURN;
      for (let started = 0; started < allowed && this.#running < this.#limit; started++) {
        const waiter = this.#waiting.shift();
        if (!waiter) break;
        this.#running += 1;
        waiter.grant(this.#releaser());
      }
      this.#schedule(late ? BUSY_RETRY_MS : 0);
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
