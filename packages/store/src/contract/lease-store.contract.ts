// The lease part of the store contract: one claim wins (also among 20 at once), an expired lease is taken over with
// a new epoch, renewals and fenced appends of the old holder are refused, releases expire or remove the lease.
import type { ExecutionStore, LeaseStore, WorkflowEventBody } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { newExecution } from './contract-fixtures.js';

const started = { type: 'workflow_started', inputs: {} } satisfies WorkflowEventBody;
const stepStarted = (id: string): WorkflowEventBody => ({
  type: 'step_started',
  step_id: id,
  attempt: 1,
  status: 'running',
});
/** A time to live that leaves the lease expired at once (claimable by others without waiting). */
const EXPIRED_TTL = -60_000;
const TTL = 60_000;

/** The lease tests of one store; `open` gives an empty store. */
export function describeLeaseStoreContract(name: string, open: () => Promise<ExecutionStore>): void {
  describe(`LeaseStore contract: ${name}`, () => {
    function leases(store: ExecutionStore): LeaseStore {
      const s = store as Partial<LeaseStore>;
      if (
        !s.claimLease ||
        !s.renewLeases ||
        !s.releaseLease ||
        !s.leaseOf ||
        !s.expiredLeases ||
        !s.appendFencedEvents
      ) {
        throw new Error(`${name} does not offer the lease methods`);
      }
      return store as unknown as LeaseStore;
    }

    async function withStore(test: (store: ExecutionStore, l: LeaseStore) => Promise<void>): Promise<void> {
      const store = await open();
      try {
        await test(store, leases(store));
      } finally {
        await store.close?.();
      }
    }

    it('gives a lease to one of 20 concurrent claimers; its holder may claim it again (next epoch)', () =>
      withStore(async (store, l) => {
        await store.createExecution(newExecution('e1'));
        const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => l.claimLease('e1', `c${i}`, TTL)));
        const won = claims.filter((c) => c !== undefined);
        expect(won).toHaveLength(1);
        const winner = won[0]?.owner as string;
        expect(won[0]?.epoch).toBe(1);
        expect(await l.claimLease('e1', winner === 'c0' ? 'c1' : 'c0', TTL)).toBeUndefined();
        expect(await l.claimLease('e1', winner, TTL)).toEqual({ owner: winner, epoch: 2 });
        expect(await l.leaseOf('e1')).toMatchObject({ execution_id: 'e1', owner: winner, epoch: 2 });
        expect(await l.leaseOf('unknown')).toBeUndefined();
      }));

    it('lets another claim an expired lease, lists expired leases of unfinished executions only', () =>
      withStore(async (store, l) => {
        for (const id of ['run', 'done', 'live']) await store.createExecution(newExecution(id));
        await l.claimLease('run', 'a', EXPIRED_TTL);
        await l.claimLease('done', 'a', EXPIRED_TTL);
        await l.claimLease('live', 'a', TTL);
        await store.appendEvent('done', started);
        await store.appendEvent('done', { type: 'workflow_completed', status: 'completed', duration_ms: 1 });
        expect(await l.expiredLeases()).toEqual(['run']);
        const claims = await Promise.all(['b', 'c', 'd'].map((owner) => l.claimLease('run', owner, TTL)));
        expect(claims.filter((c) => c !== undefined).map((c) => c?.epoch)).toEqual([2]);
        expect(await l.expiredLeases()).toEqual([]);
      }));

    it('renews only the leases still held with the same epoch', () =>
      withStore(async (store, l) => {
        for (const id of ['x', 'y']) await store.createExecution(newExecution(id));
        const x = await l.claimLease('x', 'a', EXPIRED_TTL);
        const y = await l.claimLease('y', 'a', TTL);
        expect(await l.claimLease('x', 'b', TTL)).toEqual({ owner: 'b', epoch: 2 });
        const held = new Map([
          ['x', x?.epoch as number],
          ['y', y?.epoch as number],
        ]);
        expect(await l.renewLeases('a', held, TTL)).toEqual(['y']);
        expect(await l.renewLeases('b', new Map([['x', 1]]), TTL)).toEqual([]);
        expect(await l.renewLeases('b', new Map([['x', 2]]), TTL)).toEqual(['x']);
        expect(await l.renewLeases('a', new Map(), TTL)).toEqual([]);
      }));

    it('refuses fenced appends of a holder whose lease was taken over; seq stays gapless', () =>
      withStore(async (store, l) => {
        await store.createExecution(newExecution('f'));
        const first = await l.claimLease('f', 'a', EXPIRED_TTL);
        if (!first) throw new Error('no lease');
        const written = await l.appendFencedEvents('f', first, [started, stepStarted('s1')]);
        expect(written.map((e) => e.seq)).toEqual([1, 2]);
        expect(await l.appendFencedEvents('f', first, [])).toEqual([]);
        const second = await l.claimLease('f', 'b', TTL);
        if (!second) throw new Error('no takeover');
        await expect(l.appendFencedEvents('f', first, [stepStarted('s2')])).rejects.toMatchObject({
          code: 'LEASE_LOST',
        });
        await expect(l.appendFencedEvents('nolease', first, [started])).rejects.toMatchObject({ code: 'LEASE_LOST' });
        expect((await store.getExecution('f'))?.last_seq).toBe(2);
        const next = await l.appendFencedEvents('f', second, [{ ...started, resumed: true }]);
        expect(next.map((e) => e.seq)).toEqual([3]);
        expect((await store.listEvents('f')).map((e) => e.seq)).toEqual([1, 2, 3]);
      }));

    it('releases: an unfinished execution is claimable at once, a finished one loses its lease row', () =>
      withStore(async (store, l) => {
        for (const id of ['r', 'g']) await store.createExecution(newExecution(id));
        const r = await l.claimLease('r', 'a', TTL);
        const g = await l.claimLease('g', 'a', TTL);
        if (!r || !g) throw new Error('no lease');
        await l.releaseLease('r', { owner: 'z', epoch: 1 }, false); // not the holder: nothing happens
        expect(await l.claimLease('r', 'b', TTL)).toBeUndefined();
        await l.releaseLease('r', r, false);
        expect(await l.claimLease('r', 'b', TTL)).toEqual({ owner: 'b', epoch: 2 });
        await l.releaseLease('g', g, true);
        expect(await l.leaseOf('g')).toBeUndefined();
        expect(await l.claimLease('g', 'c', TTL)).toEqual({ owner: 'c', epoch: 1 });
      }));
  });
}
