// The lease part of the SQL store: claiming an execution's lease (once, atomically), renewing, releasing, finding
// expired ones, and appends fenced by the lease (checked under the lease row's lock in the append's transaction).
import type { ExecutionLease, LeaseFence, LeaseStore, WorkflowEvent, WorkflowEventBody } from '@skill/workflow-model';
import type { Kysely } from 'kysely';
import { type EventWriter, stampsOf } from './event-writer.js';
import { CompiledQuery } from './kysely-runtime.js';
import { leaseLost } from './lease-lost.js';
import type { StoreDatabase, StoreDialect } from './schema.js';

/** An expiry in the past: a lease given up at shutdown is claimable at once. */
const EXPIRED = new Date(0).toISOString();
const IDS_PER_STATEMENT = 500;

const inMs = (ms: number): string => new Date(Date.now() + ms).toISOString();

/** How long a claim waits for a lease row another transaction holds (PostgreSQL). */
const CLAIM_LOCK_TIMEOUT_MS = 500;
/** PostgreSQL's error code for a lock_timeout. */
const LOCK_NOT_AVAILABLE = '55P03';

/** Claims the lease in `db` (a connection or a transaction); see LeaseStore.claimLease. */
async function claimIn(
  db: Kysely<StoreDatabase>,
  executionId: string,
  owner: string,
  ttlMs: number,
): Promise<LeaseFence | undefined> {
  const expires_at = inMs(ttlMs);
  const inserted = await db
    .insertInto('execution_leases')
    .values({ execution_id: executionId, owner, epoch: 1, expires_at })
    .onConflict((c) => c.column('execution_id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { owner, epoch: 1 };
  // Another claimer waits for this row's lock, then finds it held again: one of them wins.
  const now = new Date().toISOString();
  const row = await db
    .updateTable('execution_leases')
    .set((eb) => ({ owner, epoch: eb('epoch', '+', 1), expires_at }))
    .where('execution_id', '=', executionId)
    .where((eb) => eb.or([eb('expires_at', '<', now), eb('owner', '=', owner)]))
    .returning('epoch')
    .executeTakeFirst();
  return row ? { owner, epoch: Number(row.epoch) } : undefined;
}

/** The LeaseStore methods over the store's database (`reader` for reads); appends go through `writer`. */
export function sqlLeaseStore(
  db: Kysely<StoreDatabase>,
  reader: Kysely<StoreDatabase>,
  dialect: StoreDialect,
  writer: EventWriter,
): LeaseStore {
  return {
    async claimLease(executionId, owner, ttlMs) {
      if (dialect === 'sqlite') return claimIn(db, executionId, owner, ttlMs);
      try {
        return await db.transaction().execute(async (trx) => {
          // A holder paused inside a write keeps the row locked (until PostgreSQL ends its idle transaction):
          // the claim gives up soon and is tried again at the next heartbeat, which keeps renewing meanwhile.
          await trx.executeQuery(CompiledQuery.raw(`set local lock_timeout = '${CLAIM_LOCK_TIMEOUT_MS}ms'`));
          return await claimIn(trx, executionId, owner, ttlMs);
        });
      } catch (error) {
        if ((error as { code?: unknown } | undefined)?.code === LOCK_NOT_AVAILABLE) return undefined;
        throw error;
      }
    },
    async renewLeases(owner, held, ttlMs) {
      const ids = [...held.keys()];
      const kept: string[] = [];
      const expires_at = inMs(ttlMs);
      for (let at = 0; at < ids.length; at += IDS_PER_STATEMENT) {
        const rows = await db
          .updateTable('execution_leases')
          .set({ expires_at })
          .where('owner', '=', owner)
          .where('execution_id', 'in', ids.slice(at, at + IDS_PER_STATEMENT))
          .returning(['execution_id', 'epoch'])
          .execute();
        for (const row of rows) if (held.get(row.execution_id) === Number(row.epoch)) kept.push(row.execution_id);
      }
      return kept;
    },
    async releaseLease(executionId, fence, finished) {
      if (finished) {
        await db
          .deleteFrom('execution_leases')
          .where('execution_id', '=', executionId)
          .where('owner', '=', fence.owner)
          .where('epoch', '=', fence.epoch)
          .execute();
        return;
      }
      await db
        .updateTable('execution_leases')
        .set({ expires_at: EXPIRED })
        .where('execution_id', '=', executionId)
        .where('owner', '=', fence.owner)
        .where('epoch', '=', fence.epoch)
        .execute();
    },
    async leaseOf(executionId) {
      const row = await reader
        .selectFrom('execution_leases')
        .selectAll()
        .where('execution_id', '=', executionId)
        .executeTakeFirst();
      if (!row) return undefined;
      const lease: ExecutionLease = { ...row, epoch: Number(row.epoch) };
      return lease;
    },
    async expiredLeases(limit = 100) {
      const rows = await reader
        .selectFrom('execution_leases')
        .innerJoin('executions', 'executions.id', 'execution_leases.execution_id')
        .select('execution_leases.execution_id')
        .where('execution_leases.expires_at', '<', new Date().toISOString())
        .where('executions.status', 'in', ['pending', 'running'])
        .orderBy('execution_leases.expires_at')
        .limit(Math.max(1, Math.min(limit, 1000)))
        .execute();
      return rows.map((row) => row.execution_id);
    },
    appendFencedEvents(
      executionId: string,
      fence: LeaseFence,
      bodies: readonly WorkflowEventBody[],
      timestamps?: readonly string[],
    ): Promise<WorkflowEvent[]> {
      if (bodies.length === 0) return Promise.resolve([]);
      const stamps = stampsOf(bodies, timestamps);
      return db.transaction().execute(async (trx) => {
        // The lease row stays locked until commit (PostgreSQL; SQLite holds the database's write lock): a claim
        // waits for this append, or this append sees the claim.
        const lease = await trx
          .selectFrom('execution_leases')
          .select(['owner', 'epoch'])
          .where('execution_id', '=', executionId)
          .$if(dialect === 'postgres', (q) => q.forUpdate())
          .executeTakeFirst();
        if (!lease || lease.owner !== fence.owner || Number(lease.epoch) !== fence.epoch) {
          throw leaseLost(executionId, fence);
        }
        return writer.appendIn(trx, executionId, bodies, stamps);
      });
    },
  };
}
