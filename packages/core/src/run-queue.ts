// RunQueue: at most so many executions of an engine run at once; the others wait their turn in the order they came.
import { WorkflowError } from '@skill/workflow-model';

/** Executions started per event-loop turn at most: a burst starts over several turns, between other work. */
const STARTS_PER_TURN = 8;

/**
 * Hands out run slots. `turn()` resolves on a later event-loop turn (never in the caller's: whoever admitted the
 * execution answers first) once a slot is free, with the function that gives the slot back.
 */
export class RunQueue {
  readonly #limit: number;
  readonly #waiting: Array<(release: () => void) => void> = [];
  #running = 0;
  #scheduled = false;

  /** `limit`: slots (a positive integer, or Infinity for no limit); throws `INVALID_VALUE` otherwise. */
  constructor(limit: number) {
    if (limit !== Number.POSITIVE_INFINITY && (!Number.isInteger(limit) || limit < 1)) {
      throw new WorkflowError('INVALID_VALUE', `maxRunningExecutions must be a positive integer, got ${limit}`);
    }
    this.#limit = limit;
  }

  /** Resolves with the slot's release function once this caller may run. */
  turn(): Promise<() => void> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#waiting.length === 0 || this.#running >= this.#limit) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      for (let started = 0; started < STARTS_PER_TURN && this.#running < this.#limit; started++) {
        const grant = this.#waiting.shift();
        if (!grant) break;
        this.#running += 1;
        grant(this.#releaser());
      }
      this.#schedule();
    });
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
