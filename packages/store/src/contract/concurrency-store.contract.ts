// The concurrency part of the store contract: at most `limit` holders per key (also under concurrent claims from
// several connections), one slot per execution, release frees it, and a queued execution's record says what it
// waits for until it starts.
import type { ConcurrencyStore, ExecutionStore } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { newExecution } from './contract-fixtures.js';

/** The concurrency tests of one store; `open` gives an empty store, `reopen` the same data again when offered. */
export function describeConcurrencyStoreContract(
  name: string,
  open: () => Promise<ExecutionStore>,
  reopen?: (store: ExecutionStore) => Promise<ExecutionStore>,
): void {
  describe(`ConcurrencyStore contract: ${name}`, () => {
    function slots(store: ExecutionStore): ConcurrencyStore {
      const { acquireConcurrencySlot, releaseConcurrencySlot, listConcurrencyHolders } = store;
      if (!acquireConcurrencySlot || !releaseConcurrencySlot || !listConcurrencyHolders) {
        throw new Error(`${name} does not offer the concurrency methods`);
      }
      return store as ConcurrencyStore;
    }

    it('lets at most `limit` executions hold a key, also under 20 concurrent claims', async () => {
      const store = await open();
      try {
        const s = slots(store);
        const claims = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            s.acquireConcurrencySlot({ key: 'deploy-prod', limit: 2, execution_id: `e${i}` }),
          ),
        );
        const won = claims.flatMap((claim, i) => (claim.acquired ? [`e${i}`] : []));
        expect(won).toHaveLength(2);
        const holders = await s.listConcurrencyHolders('deploy-prod');
        expect(holders.map((h) => h.execution_id).sort()).toEqual([...won].sort());
        expect(holders[0]?.acquired_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        const lost = claims.find((claim) => !claim.acquired);
        expect(lost).toEqual({ acquired: false, holders: expect.arrayContaining(holders) });
        // other keys are independent
        expect(await s.acquireConcurrencySlot({ key: 'deploy-staging', limit: 1, execution_id: 'e19' })).toEqual({
          acquired: true,
        });
      } finally {
        await store.close?.();
      }
    });

    it('gives a holder its slot again, frees it on release, and keeps slots across reopening', async () => {
      let store = await open();
      try {
        const key = 'k';
        expect((await slots(store).acquireConcurrencySlot({ key, limit: 1, execution_id: 'a' })).acquired).toBe(true);
        expect((await slots(store).acquireConcurrencySlot({ key, limit: 1, execution_id: 'a' })).acquired).toBe(true);
        if (reopen) store = await reopen(store);
        const refused = await slots(store).acquireConcurrencySlot({ key, limit: 1, execution_id: 'b' });
        expect(refused).toEqual({ acquired: false, holders: [expect.objectContaining({ key, execution_id: 'a' })] });
        await slots(store).releaseConcurrencySlot(key, 'nobody');
        await slots(store).releaseConcurrencySlot('other', 'a');
        expect(await slots(store).listConcurrencyHolders(key)).toHaveLength(1);
        await slots(store).releaseConcurrencySlot(key, 'a');
        await slots(store).releaseConcurrencySlot(key, 'a');
        expect(await slots(store).listConcurrencyHolders(key)).toEqual([]);
        expect((await slots(store).acquireConcurrencySlot({ key, limit: 1, execution_id: 'b' })).acquired).toBe(true);
      } finally {
        await store.close?.();
      }
    });

    it('keeps a key as data: quotes, SQL and NUL-free unicode are just text', async () => {
      const store = await open();
      try {
        const s = slots(store);
        const hostile = `deploy-'; drop table concurrency_slots; --"é\u202e`;
        expect((await s.acquireConcurrencySlot({ key: hostile, limit: 1, execution_id: 'x' })).acquired).toBe(true);
        expect((await s.acquireConcurrencySlot({ key: 'deploy-', limit: 1, execution_id: 'y' })).acquired).toBe(true);
        expect((await s.listConcurrencyHolders(hostile)).map((h) => h.key)).toEqual([hostile]);
      } finally {
        await store.close?.();
      }
    });

    it('records what a queued execution waits for until it starts, lists it unfinished and takes cancel requests', async () => {
      let store = await open();
      try {
        await store.createExecution(newExecution('q', 'deploy'));
        const waiting_for = {
          reason: 'waiting for concurrency key k (1/1 held by a)',
          key: 'k',
          limit: 1,
          holders: ['a'],
        };
        await store.appendEvent('q', { type: 'workflow_queued', waiting_for, owner: { host: 'h', pid: 1 } });
        if (reopen) store = await reopen(store);
        expect(await store.getExecution('q')).toMatchObject({ status: 'queued', waiting_for });
        expect((await store.listUnfinished()).map((r) => r.id)).toEqual(['q']);
        expect((await store.listExecutions({ status: 'queued' })).items.map((r) => r.id)).toEqual(['q']);
        if (store.requestCancel) expect(await store.requestCancel('q', 'stop')).toBe(true);
        await store.appendEvent('q', { type: 'workflow_started', inputs: {} });
        const started = await store.getExecution('q');
        expect(started?.status).toBe('running');
        expect(started && 'waiting_for' in started).toBe(false);
      } finally {
        await store.close?.();
      }
    });

    it('ends a skipped execution as skipped, with its reason, and no longer unfinished', async () => {
      const store = await open();
      try {
        await store.createExecution(newExecution('s', 'deploy'));
        const error = {
          code: 'CONCURRENCY_SKIPPED',
          message: 'skipped: concurrency key k (1/1 held by a)',
          details: {},
        };
        await store.appendEvent('s', { type: 'workflow_completed', status: 'skipped', duration_ms: 0, error });
        expect(await store.getExecution('s')).toMatchObject({ status: 'skipped', error });
        expect(await store.listUnfinished()).toEqual([]);
        if (store.requestCancel) expect(await store.requestCancel('s', 'stop')).toBe(false);
      } finally {
        await store.close?.();
      }
    });
  });
}
