// The schedule part of the SQL store: claiming ticks (the primary key decides), settling them, pauses, and the
// webhook delivery ids seen (replays).
import {
  SCHEDULE_TICK_RETENTION,
  type ScheduleKey,
  type ScheduleStore,
  type ScheduleTickKey,
  type ScheduleTickOutcome,
  type ScheduleTickRecord,
} from '@skill/workflow-model';
import type { Kysely } from 'kysely';
import type { StoreDatabase } from './schema.js';

/** The ScheduleStore methods over the store's database (`reader` for reads). */
export function sqlScheduleStore(db: Kysely<StoreDatabase>, reader: Kysely<StoreDatabase>): ScheduleStore {
  /** Deletes the schedule's ticks past the retention (older than its cutoff and not among its newest). */
  async function pruneTicks(key: ScheduleKey): Promise<void> {
    const cutoff = new Date(Date.now() - SCHEDULE_TICK_RETENTION.keepMs).toISOString();
    const oldestKept = await db
      .selectFrom('schedule_ticks')
      .select('tick')
      .where('workflow_name', '=', key.workflow_name)
      .where('trigger_index', '=', key.trigger_index)
      .orderBy('tick', 'desc')
      .offset(SCHEDULE_TICK_RETENTION.keepNewest - 1)
      .limit(1)
      .executeTakeFirst();
    if (oldestKept === undefined) return;
    const [before] = [oldestKept.tick, cutoff].sort(); // the earlier of two ISO 8601 times
    await db
      .deleteFrom('schedule_ticks')
      .where('workflow_name', '=', key.workflow_name)
      .where('trigger_index', '=', key.trigger_index)
      .where('tick', '<', before ?? cutoff)
      .execute();
  }
  return {
    async claimScheduleTick(key: ScheduleTickKey): Promise<boolean> {
      const result = await db
        .insertInto('schedule_ticks')
        .values({ ...key, claimed_at: new Date().toISOString(), outcome: 'claimed', execution_id: null, note: null })
        .onConflict((c) => c.columns(['workflow_name', 'trigger_index', 'tick']).doNothing())
        .executeTakeFirst();
      const claimed = Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
      if (claimed) await pruneTicks(key);
      return claimed;
    },
    async settleScheduleTick(key, outcome) {
      await db
        .updateTable('schedule_ticks')
        .set({ outcome: outcome.outcome, execution_id: outcome.execution_id ?? null, note: outcome.note ?? null })
        .where('workflow_name', '=', key.workflow_name)
        .where('trigger_index', '=', key.trigger_index)
        .where('tick', '=', key.tick)
        .execute();
    },
    async listScheduleTicks(key: ScheduleKey, limit = 10): Promise<ScheduleTickRecord[]> {
      const rows = await reader
        .selectFrom('schedule_ticks')
        .selectAll()
        .where('workflow_name', '=', key.workflow_name)
        .where('trigger_index', '=', key.trigger_index)
        .orderBy('tick', 'desc')
        .limit(Math.max(1, Math.min(limit, 1000)))
        .execute();
      return rows.map((row) => ({
        workflow_name: row.workflow_name,
        trigger_index: Number(row.trigger_index),
        tick: row.tick,
        claimed_at: row.claimed_at,
        outcome: row.outcome as ScheduleTickOutcome,
        ...(row.execution_id === null ? {} : { execution_id: row.execution_id }),
        ...(row.note === null ? {} : { note: row.note }),
      }));
    },
    async setSchedulePaused(key: ScheduleKey, paused: boolean): Promise<void> {
      if (paused) {
        await db
          .insertInto('schedule_pauses')
          .values({ ...key, paused_at: new Date().toISOString() })
          .onConflict((c) => c.columns(['workflow_name', 'trigger_index']).doNothing())
          .execute();
      } else {
        await db
          .deleteFrom('schedule_pauses')
          .where('workflow_name', '=', key.workflow_name)
          .where('trigger_index', '=', key.trigger_index)
          .execute();
      }
    },
    async recordWebhookDelivery(delivery): Promise<boolean> {
      await db.deleteFrom('webhook_deliveries').where('expires_at', '<', new Date().toISOString()).execute();
      const result = await db
        .insertInto('webhook_deliveries')
        .values(delivery)
        .onConflict((c) => c.columns(['workflow_name', 'delivery_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async pausedSchedules(): Promise<ScheduleKey[]> {
      const rows = await reader.selectFrom('schedule_pauses').select(['workflow_name', 'trigger_index']).execute();
      return rows.map((row) => ({ workflow_name: row.workflow_name, trigger_index: Number(row.trigger_index) }));
    },
  };
}
