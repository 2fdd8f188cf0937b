// The schedule part of the store contract: a tick is claimed once (also by concurrent callers), settled, listed
// newest first; pauses persist; webhook delivery ids are recorded once; an execution keeps the trigger that started it.
import { type ExecutionStore, SCHEDULE_TICK_RETENTION, type ScheduleStore } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { newExecution } from './contract-fixtures.js';

/** The schedule tests of one store; `open` gives an empty store, `reopen` the same data again when offered. */
export function describeScheduleStoreContract(
  name: string,
  open: () => Promise<ExecutionStore>,
  reopen?: (store: ExecutionStore) => Promise<ExecutionStore>,
): void {
  describe(`ScheduleStore contract: ${name}`, () => {
    function schedules(store: ExecutionStore): ScheduleStore {
      const { claimScheduleTick, settleScheduleTick, listScheduleTicks, setSchedulePaused, pausedSchedules } = store;
      if (!claimScheduleTick || !settleScheduleTick || !listScheduleTicks || !setSchedulePaused || !pausedSchedules) {
        throw new Error(`${name} does not offer the schedule methods`);
      }
      return store as ScheduleStore;
    }
    const key = { workflow_name: 'nightly', trigger_index: 0 };

    it('claims a tick exactly once, also under 20 concurrent claims', async () => {
      const store = await open();
      try {
        const s = schedules(store);
        const tick = { ...key, tick: '2026-01-01T00:00:00.000Z' };
        const claims = await Promise.all(Array.from({ length: 20 }, () => s.claimScheduleTick(tick)));
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(await s.claimScheduleTick(tick)).toBe(false);
        expect(await s.claimScheduleTick({ ...tick, trigger_index: 1 })).toBe(true);
        expect(await s.claimScheduleTick({ ...tick, workflow_name: 'other' })).toBe(true);
      } finally {
        await store.close?.();
      }
    });

    it('forgets ticks past the retention: older than its cutoff and not among the newest, when one is claimed', async () => {
      const store = await open();
      try {
        const s = schedules(store);
        const { keepNewest, keepMs } = SCHEDULE_TICK_RETENTION;
        const now = Date.now();
        const minutes = (count: number, from: number) =>
          Array.from({ length: count }, (_, i) => new Date(from - i * 60_000).toISOString());
        // Recent ticks are all kept, however many: a late server must never claim one again.
        const recent = minutes(keepNewest + 20, now);
        for (const tick of recent) await s.claimScheduleTick({ ...key, tick });
        expect(await s.listScheduleTicks(key, 1000)).toHaveLength(keepNewest + 20);
        expect(await s.claimScheduleTick({ ...key, tick: recent.at(-1) ?? '' })).toBe(false);
        // Old ticks beyond the newest are forgotten at the next claim; another schedule's are left alone.
        const old = minutes(30, now - keepMs - 3_600_000);
        for (const tick of old) await s.claimScheduleTick({ ...key, trigger_index: 1, tick });
        for (const tick of old) await s.claimScheduleTick({ ...key, tick });
        const kept = await s.listScheduleTicks(key, 1000);
        expect(kept).toHaveLength(keepNewest + 20);
        expect(kept.every((t) => Date.parse(t.tick) > now - keepMs)).toBe(true);
        expect(await s.listScheduleTicks({ ...key, trigger_index: 1 }, 1000)).toHaveLength(30);
      } finally {
        await store.close?.();
      }
    });

    it('settles ticks and lists them newest first, bounded by limit', async () => {
      const store = await open();
      try {
        const s = schedules(store);
        for (const second of ['01', '03', '02'])
          await s.claimScheduleTick({ ...key, tick: `2026-01-01T00:00:${second}.000Z` });
        await s.settleScheduleTick(
          { ...key, tick: '2026-01-01T00:00:03.000Z' },
          { outcome: 'started', execution_id: 'e3' },
        );
        await s.settleScheduleTick(
          { ...key, tick: '2026-01-01T00:00:02.000Z' },
          { outcome: 'skipped', note: 'overlap' },
        );
        const ticks = await s.listScheduleTicks(key, 2);
        expect(ticks).toEqual([
          expect.objectContaining({ ...key, tick: '2026-01-01T00:00:03.000Z', outcome: 'started', execution_id: 'e3' }),
          expect.objectContaining({ tick: '2026-01-01T00:00:02.000Z', outcome: 'skipped', note: 'overlap' }),
        ]);
        expect(ticks[0]?.claimed_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        expect((await s.listScheduleTicks(key)).map((t) => t.outcome)).toEqual(['started', 'skipped', 'claimed']);
        expect(await s.listScheduleTicks({ ...key, trigger_index: 5 })).toEqual([]);
      } finally {
        await store.close?.();
      }
    });

    it('pauses and resumes a schedule, idempotently', async () => {
      let store = await open();
      try {
        await schedules(store).setSchedulePaused(key, true);
        await schedules(store).setSchedulePaused(key, true);
        await schedules(store).setSchedulePaused({ ...key, trigger_index: 2 }, true);
        if (reopen) store = await reopen(store);
        expect(await schedules(store).pausedSchedules()).toEqual(
          expect.arrayContaining([key, { ...key, trigger_index: 2 }]),
        );
        await schedules(store).setSchedulePaused(key, false);
        await schedules(store).setSchedulePaused(key, false);
        expect(await schedules(store).pausedSchedules()).toEqual([{ ...key, trigger_index: 2 }]);
      } finally {
        await store.close?.();
      }
    });

    it('records a webhook delivery id once (also under concurrent calls) and forgets expired ones', async () => {
      const store = await open();
      try {
        const record = store.recordWebhookDelivery?.bind(store);
        if (!record) throw new Error(`${name} does not record webhook deliveries`);
        const later = new Date(Date.now() + 60_000).toISOString();
        const first = await Promise.all(
          Array.from({ length: 10 }, () => record({ workflow_name: 'hook', delivery_id: 'd1', expires_at: later })),
        );
        expect(first.filter(Boolean)).toHaveLength(1);
        expect(await record({ workflow_name: 'other', delivery_id: 'd1', expires_at: later })).toBe(true);
        const past = new Date(Date.now() - 1_000).toISOString();
        expect(await record({ workflow_name: 'hook', delivery_id: 'old', expires_at: past })).toBe(true);
        expect(await record({ workflow_name: 'hook', delivery_id: 'old', expires_at: later })).toBe(true);
        expect(await record({ workflow_name: 'hook', delivery_id: 'old', expires_at: later })).toBe(false);
      } finally {
        await store.close?.();
      }
    });

    it("keeps an execution's trigger", async () => {
      const store = await open();
      try {
        const trigger = { type: 'schedule' as const, index: 1, tick: '2026-01-01T00:00:00.000Z' };
        const created = await store.createExecution(newExecution('t1', 'nightly', { trigger }));
        expect(created.trigger).toEqual(trigger);
        expect((await store.getExecution('t1'))?.trigger).toEqual(trigger);
        const plain = await store.createExecution(newExecution('t2', 'nightly'));
        expect('trigger' in plain).toBe(false);
        expect('trigger' in ((await store.getExecution('t2')) ?? {})).toBe(false);
      } finally {
        await store.close?.();
      }
    });
  });
}
