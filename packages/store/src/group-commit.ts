// GroupCommit: the writes (event batches, new executions) that arrive in one event-loop turn, in one transaction.
import type { Kysely, Transaction } from 'kysely';
import type { StoreDatabase } from './schema.js';

/**
 * Rows per group transaction, at most: a larger backlog is written in several, one turn apart, so that one write
 * and what its callers do next never hold the event loop for long (requests are answered between two). 64 keeps
 * each under a few milliseconds; a commit costs tens of microseconds, so more groups cost little.
 */
const MAX_ROWS_PER_GROUP = 64;

/** One caller's write, waiting for its group to commit. */
interface PendingWrite {
  /** Rows it writes, counted against MAX_ROWS_PER_GROUP. */
  rows: number;
  /** Runs it inside the group's transaction. */
  write(trx: Transaction<StoreDatabase>): Promise<unknown>;
  /** Runs it in a transaction of its own, after its group failed. */
  writeAlone(): Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Writes in groups: what every caller wrote during one event-loop turn goes to the database in one transaction
 * (one commit instead of one per caller), and each caller's promise settles once that transaction has committed,
 * so what it wrote is durable before it is announced. Groups are written one after the other in the order the
 * writes arrived, so one execution's writes keep their order. When a group fails (an unknown execution, a
 * duplicate one, a write by another process), each of its writes runs again on its own: only the culprit fails.
 * For a single-writer database (SQLite), where transactions take turns anyway.
 */
export class GroupCommit {
  readonly #db: Kysely<StoreDatabase>;
  #pending: PendingWrite[] = [];
  #draining: Promise<void> | undefined;

  constructor(db: Kysely<StoreDatabase>) {
    this.#db = db;
  }

  /**
   * Adds `write` (of about `rows` rows) to the next group; resolves with what it returned once that group has
   * committed. Should the group fail, `writeAlone` runs the same write in a transaction of its own instead, and
   * settles the caller. `write` must not settle anything itself: its group may still roll back.
   */
  add<T>(
    rows: number,
    write: (trx: Transaction<StoreDatabase>) => Promise<T>,
    writeAlone: () => Promise<T>,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ rows, write, writeAlone, resolve: resolve as (value: unknown) => void, reject });
      this.#draining ??= this.#drain();
    });
  }

  /** Resolves once every write added so far is committed (or has failed). */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        await nextTurn(); // every write of this turn joins the group
        await this.#write(this.#takeGroup());
      }
    } finally {
      this.#draining = undefined;
    }
  }

  #takeGroup(): PendingWrite[] {
    let rows = 0;
    let count = 0;
    while (count < this.#pending.length && rows < MAX_ROWS_PER_GROUP) {
      rows += (this.#pending[count] as PendingWrite).rows;
      count += 1;
    }
    return this.#pending.splice(0, count);
  }

  async #write(group: PendingWrite[]): Promise<void> {
    let written: unknown[];
    try {
      written = await this.#db.transaction().execute(async (trx) => {
        const out: unknown[] = [];
        for (const each of group) out.push(await each.write(trx));
        return out;
      });
    } catch {
      for (const each of group) await each.writeAlone().then(each.resolve, each.reject);
      return;
    }
    group.forEach((each, i) => {
      each.resolve(written[i]);
    });
  }
}
