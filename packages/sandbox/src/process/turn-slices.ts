// TurnSlices: work handed over in bursts (a spawner's replies) done a few items per event-loop turn, in order.

/**
 * Runs `handle` on the items it is given, in order, at most `perTurn` of them (and what their promise continuations
 * do) in one event-loop turn; the rest wait for the next turns (`setImmediate`). A burst (hundreds of steps ending
 * together) then never holds the event loop for long: HTTP requests that arrived meanwhile are answered between
 * two slices.
 *
 * @example
 * const inbox = new TurnSlices<Reply>((reply) => job(reply).settle(reply), 16);
 * inbox.push(replies); // the first 16 now, 16 more on each following turn
 */
export class TurnSlices<T> {
  readonly #handle: (item: T) => void;
  readonly #perTurn: number;
  #items: T[] = [];
  #next = 0;
  /** A slice is running now or waits for the next turn: new items join it. */
  #busy = false;

  constructor(handle: (item: T) => void, perTurn: number) {
    if (!Number.isInteger(perTurn) || perTurn < 1) throw new RangeError(`perTurn must be a positive integer`);
    this.#handle = handle;
    this.#perTurn = perTurn;
  }

  /** Items handed over but not yet handled. */
  get backlog(): number {
    return this.#items.length - this.#next;
  }

  /** Queues `items` after those already waiting; handles a first slice now unless one is running or due. */
  push(items: Iterable<T>): void {
    for (const item of items) this.#items.push(item);
    if (this.#busy) return;
    this.#busy = true;
    this.#slice();
  }

  readonly #slice = (): void => {
    const end = Math.min(this.#items.length, this.#next + this.#perTurn);
    try {
      while (this.#next < end) {
        const item = this.#items[this.#next] as T;
        this.#next += 1;
        this.#handle(item);
      }
    } finally {
      if (this.#next < this.#items.length) setImmediate(this.#slice);
      else {
        this.#items = [];
        this.#next = 0;
        this.#busy = false;
      }
    }
  };
}
