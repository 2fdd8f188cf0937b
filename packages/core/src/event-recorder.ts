// EventRecorder: persists an execution's events in order (store first), then announces each to listeners.
import type { ExecutionStore, WorkflowEvent, WorkflowEventBody } from '@skill/workflow-model';

const MAX_BATCH = 500;

/** Records events in order: each is persisted, then announced; batched per event-loop turn. */
export class EventRecorder {
  #queue: WorkflowEventBody[] = [];
  #head = 0;
  #draining: Promise<void> | undefined;
  #failure: unknown;

  constructor(
    private readonly store: ExecutionStore,
    private readonly executionId: string,
    private readonly announce: (event: WorkflowEvent) => void,
  ) {}

  /**
   * Queues `body`. Persisting waits for the end of this event-loop turn, so every event of the turn (one
   * spawner message may finish several steps and so start several more) goes to the store in one batch.
   */
  record(body: WorkflowEventBody): void {
    this.#queue.push(body);
    this.#draining ??= this.#drainAfterThisTurn();
  }

  async #drainAfterThisTurn(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    await this.#drain();
  }

  async #drain(): Promise<void> {
    try {
      while (this.#head < this.#queue.length && !this.#failure) {
        if (this.store.appendEvents && this.#queue.length - this.#head > 1) {
          // Everything queued meanwhile goes in one batch (one transaction in SQL stores).
          const batch = this.#queue.slice(this.#head, this.#head + MAX_BATCH);
          this.#head += batch.length;
          for (const event of await this.store.appendEvents(this.executionId, batch)) this.announce(event);
        } else {
          const body = this.#queue[this.#head++] as WorkflowEventBody;
          this.announce(await this.store.appendEvent(this.executionId, body));
        }
      }
    } catch (error) {
      this.#failure = error;
    } finally {
      this.#queue = [];
      this.#head = 0;
      this.#draining = undefined;
    }
  }

  /** Waits until every recorded event is persisted; rethrows a store failure. */
  async flush(): Promise<void> {
    while (this.#draining) await this.#draining;
    if (this.#failure) throw this.#failure;
  }
}
