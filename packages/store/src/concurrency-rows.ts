// The concurrency part of the SQL store: slots of concurrency keys, taken by inserting a (key, slot) row (the
// primary key decides between concurrent callers, whichever server they run on) and freed by deleting it.
import type { ConcurrencyClaim, ConcurrencyHolder, ConcurrencyStore } from '@skill/workflow-model';
import type { Kysely } from 'kysely';
import type { StoreDatabase } from './schema.js';

/** Looks at the slots again at most this often when every free slot it tried was taken meanwhile. */
const MAX_LOOKS = 3;

/** The ConcurrencyStore methods over the store's database (the writing connection: claims read what they write). */
export function sqlConcurrencyStore(db: Kysely<StoreDatabase>): ConcurrencyStore {
  async function holdersOf(key: string): Promise<Array<ConcurrencyHolder & { slot: number }>> {
    const rows = await db
      .selectFrom('concurrency_slots')
      .selectAll()
      .where('key', '=', key)
      .orderBy('acquired_at')
      .orderBy('slot')
      .execute();
    return rows.map((row) => ({
      key: row.key,
      execution_id: row.execution_id,
      acquired_at: row.acquired_at,
      slot: Number(row.slot),
    }));
  }
  const plain = ({ slot: _slot, ...holder }: ConcurrencyHolder & { slot: number }): ConcurrencyHolder => holder;

  return {
    async acquireConcurrencySlot({ key, limit, execution_id }): Promise<ConcurrencyClaim> {
      let holders = await holdersOf(key);
      for (let look = 1; ; look++) {
        if (holders.some((holder) => holder.execution_id === execution_id)) return { acquired: true };
        if (holders.length >= limit || look > MAX_LOOKS) return { acquired: false, holders: holders.map(plain) };
        const taken = new Set(holders.map((holder) => holder.slot));
        for (let slot = 0; slot < limit; slot++) {
          if (taken.has(slot)) continue;
          const result = await db
            .insertInto('concurrency_slots')
            .values({ key, slot, execution_id, acquired_at: new Date().toISOString() })
            .onConflict((c) => c.doNothing())
            .executeTakeFirst();
          if (Number(result.numInsertedOrUpdatedRows ?? 0) === 1) return { acquired: true };
          break; // someone took it first: look at the slots again
        }
        holders = await holdersOf(key);
      }
    },
    async releaseConcurrencySlot(key, executionId) {
      await db.deleteFrom('concurrency_slots').where('key', '=', key).where('execution_id', '=', executionId).execute();
    },
    async listConcurrencyHolders(key) {
      return (await holdersOf(key)).map(plain);
    },
  };
}
