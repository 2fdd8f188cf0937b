// EventRecorder: persists an execution's events in order (store first), then announces each to listeners.
import type { ExecutionStore, WorkflowEvent, WorkflowEventBody } from '@skill/workflow-model';

const MAX_BATCH = 500;
/**
 * Shortest time between two writes to the store. A busy run's events then go in batches (a step's start and end
 * often in the same one, so its row is written once) while a quiet one's are written at the end of the turn.
 */
export const MIN_BATCH_INTERVAL_MS = 10;

/** Records events in order: each is persisted, then announced; batched per event-loop turn and time slice. */
export class EventRecorder {
  #queue: WorkflowEventBody[] = [];
  /** When each queued event happened: it is stamped with that, not with the time it reached the store. */
  #stamps: string[] = [];
  #head = 0;
  #draining: Promise<void> | undefined;
  #failure: unknown;
  /** Set by flush(): no more waiting between batches. */
  #flushing = false;
  /** Ends the current pause early (flush). */
  #cutShort: (() => void) | undefined;
  /** When the last batch was handed to the store (performance.now()). */
  #lastDrainAt = Number.NEGATIVE_INFINITY;

  /** `minBatchIntervalMs`: shortest time between two writes (default {@link MIN_BATCH_INTERVAL_MS}). */
  constructor(
    private readonly store: ExecutionStore,
    private readonly executionId: string,
    private readonly announce: (event: WorkflowEvent) => void,
    private readonly minBatchIntervalMs = MIN_BATCH_INTERVAL_MS,
  ) {}

  /**
   * Queues `body`. Persisting waits at least for the end of this event-loop turn, so every event of the turn
   * (one spawner message may finish several steps and so start several more) goes to the store in one batch,
   * and for the batch interval after the previous batch.
   */
  record(body: WorkflowEventBody): void {
    this.#queue.push(body);
    this.#stamps.push(new Date().toISOString());
    this.#draining ??= this.#drain();
  }

  /** One write per turn and per interval at most, each with everything queued by then. */
  async #drain(): Promise<void> {
    try {
      while (this.#head < this.#queue.length && !this.#failure) {
        await this.#pause(this.#lastDrainAt + this.minBatchIntervalMs - performance.now());
        this.#lastDrainAt = performance.now();
        await this.#writeQueued();
      }
    } catch (error) {
      this.#failure = error;
    } finally {
      this.#queue = [];
      this.#stamps = [];
      this.#head = 0;
      this.#draining = undefined;
    }
  }

  /** Until the end of this turn and `ms` have passed, or until someone flushes. */
  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.#flushing || ms <= 0) {
        setImmediate(resolve);
        return;
      }
      const timer = setTimeout(resolve, ms);
      this.#cutShort = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Persists what is queued (one transaction in SQL stores; one by one without `appendEvents`), then announces it. */
  async #writeQueued(): Promise<void> {
    if (this.store.appendEvents && this.#queue.length - this.#head > 1) {
      const batch = this.#queue.slice(this.#head, this.#head + MAX_BATCH);
      const stamps = this.#stamps.slice(this.#head, this.#head + MAX_BATCH);
      this.#head += batch.length;
      for (const event of await this.store.appendEvents(this.executionId, batch, stamps)) this.announce(event);
      return;
    }
    const end = this.#queue.length;
    while (this.#head < end) {
      const stamp = this.#stamps[this.#head] as string;
      const body = this.#queue[this.#head++] as WorkflowEventBody;
      this.announce(await this.store.appendEvent(this.executionId, body, stamp));
    }
  }

  /** Waits until every recorded event is persisted; rethrows a store failure. */
  async flush(): Promise<void> {
    // Whoever waits for the events should not also wait out the batching interval.
    this.#flushing = true;
    this.#cutShort?.();
    while (this.#draining) await this.#draining;
    if (this.#failure) throw this.#failure;
  }
}
