// GroupCommit: the event batches of every execution that arrive in one event-loop turn, written in one transaction.
import type { WorkflowEvent, WorkflowEventBody } from '@skill/workflow-model';
import type { Kysely } from 'kysely';
import { type EventWriter, stampsOf } from './event-writer.js';
import type { StoreDatabase } from './schema.js';

/**
 * Events per group transaction, at most: a larger backlog is written in several, one turn apart, so that one write
 * and what its callers do next never hold the event loop for long (requests are answered between two). 64 keeps
 * each under a few milliseconds; a commit costs tens of microseconds, so more groups cost little.
 */
const MAX_EVENTS_PER_GROUP = 64;

/** One caller's batch, waiting for its group to commit. */
interface PendingAppend {
  executionId: string;
  bodies: readonly WorkflowEventBody[];
  stamps: readonly string[];
  resolve(events: WorkflowEvent[]): void;
  reject(error: unknown): void;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Writes appends in groups: what every execution appended during one event-loop turn goes to the database in one
 * transaction (one commit instead of one per execution), and each caller's promise settles once that transaction
 * has committed, so an event is announced only when it is durable. Groups are written one after the other in the
 * order the appends arrived, so one execution's events keep their order. When a group fails (an unknown
 * execution, a write by another process), each of its batches is written again on its own: only the culprit
 * fails. For a single-writer database (SQLite), where transactions take turns anyway.
 */
export class GroupCommit {
  readonly #db: Kysely<StoreDatabase>;
  readonly #writer: EventWriter;
  #pending: PendingAppend[] = [];
  #draining: Promise<void> | undefined;

  constructor(db: Kysely<StoreDatabase>, writer: EventWriter) {
    this.#db = db;
    this.#writer = writer;
  }

  /** Appends `bodies` to the execution with the next group; resolves with the stored events once committed. */
  append(executionId: string, bodies: readonly WorkflowEventBody[], timestamps?: readonly string[]) {
    if (bodies.length === 0) return Promise.resolve([]);
    const stamps = stampsOf(bodies, timestamps);
    return new Promise<WorkflowEvent[]>((resolve, reject) => {
      this.#pending.push({ executionId, bodies, stamps, resolve, reject });
      this.#draining ??= this.#drain();
    });
  }

  /** Resolves once every append made so far is written (or has failed). */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        await nextTurn(); // every append of this turn joins the group
        await this.#write(this.#takeGroup());
      }
    } finally {
      this.#draining = undefined;
    }
  }

  #takeGroup(): PendingAppend[] {
    let events = 0;
    let count = 0;
    while (count < this.#pending.length && events < MAX_EVENTS_PER_GROUP) {
      events += (this.#pending[count] as PendingAppend).bodies.length;
      count += 1;
    }
    return this.#pending.splice(0, count);
  }

  async #write(group: PendingAppend[]): Promise<void> {
    let written: WorkflowEvent[][];
    try {
      written = await this.#db.transaction().execute(async (trx) => {
        const out: WorkflowEvent[][] = [];
        for (const each of group)
          out.push(await this.#writer.appendIn(trx, each.executionId, each.bodies, each.stamps));
        return out;
      });
    } catch {
      for (const each of group) {
        await this.#writer.appendMany(each.executionId, each.bodies, each.stamps).then(each.resolve, each.reject);
      }
      return;
    }
    group.forEach((each, i) => {
      each.resolve(written[i] as WorkflowEvent[]);
    });
  }
}
