// The run-wide limit on concurrent leaf executions (`max_parallel`): a FIFO of waiters, granted in request order.

/** Something waiting for a slot. `waiting` false means it gave up: the pool skips it. */
export interface SlotWaiter {
  waiting: boolean;
  /** Called with a slot held; the waiter must `release()` it exactly once. */
  grant(): void;
}

const COMPACT_AT = 4096;

/** Counting semaphore with a FIFO queue; re-entrant calls from `grant` are safe. */
export class SlotPool {
  readonly max: number;
  private active = 0;
  private queue: (SlotWaiter | undefined)[] = [];
  private head = 0;
  private pumping = false;

  constructor(max: number) {
    this.max = Number.isFinite(max) && max >= 1 ? Math.floor(max) : Number.POSITIVE_INFINITY;
  }

  /** Leaf executions holding a slot right now. */
  get inUse(): number {
    return this.active;
  }

  request(waiter: SlotWaiter): void {
    waiter.waiting = true;
    this.queue.push(waiter);
    this.pump();
  }

  release(): void {
    this.active--;
    this.pump();
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.active < this.max && this.head < this.queue.length) {
        const waiter = this.queue[this.head] as SlotWaiter;
        this.queue[this.head++] = undefined;
        if (!waiter.waiting) continue;
        waiter.waiting = false;
        this.active++;
        waiter.grant();
      }
    } finally {
      this.pumping = false;
    }
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > COMPACT_AT && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
