// Execution leases in process memory, for the in-memory store (the same rules as the SQL store's lease rows).
import type { ExecutionLease, LeaseFence } from '@skill/workflow-model';

const inMs = (ms: number): string => new Date(Date.now() + ms).toISOString();

/** The leases of an in-memory store, by execution id. */
export class MemoryLeases {
  readonly #leases = new Map<string, ExecutionLease>();

  /** See LeaseStore.claimLease. */
  claim(executionId: string, owner: string, ttlMs: number): LeaseFence | undefined {
    const lease = this.#leases.get(executionId);
    const now = new Date().toISOString();
    if (lease && lease.owner !== owner && lease.expires_at >= now) return undefined;
    const epoch = (lease?.epoch ?? 0) + 1;
    this.#leases.set(executionId, { execution_id: executionId, owner, epoch, expires_at: inMs(ttlMs) });
    return { owner, epoch };
  }

  /** See LeaseStore.renewLeases. */
  renew(owner: string, held: ReadonlyMap<string, number>, ttlMs: number): string[] {
    const kept: string[] = [];
    for (const [executionId, epoch] of held) {
      const lease = this.#leases.get(executionId);
      if (lease?.owner !== owner || lease.epoch !== epoch) continue;
      lease.expires_at = inMs(ttlMs);
      kept.push(executionId);
    }
    return kept;
  }

  /** See LeaseStore.releaseLease. */
  release(executionId: string, fence: LeaseFence, finished: boolean): void {
    if (!this.holds(executionId, fence)) return;
    if (finished) this.#leases.delete(executionId);
    else (this.#leases.get(executionId) as ExecutionLease).expires_at = new Date(0).toISOString();
  }

  /** A copy of the execution's lease. */
  get(executionId: string): ExecutionLease | undefined {
    const lease = this.#leases.get(executionId);
    return lease && { ...lease };
  }

  /** Ids of the expired leases for which `unfinished` holds, oldest expiry first. */
  expired(unfinished: (executionId: string) => boolean, limit: number): string[] {
    const now = new Date().toISOString();
    return [...this.#leases.values()]
      .filter((lease) => lease.expires_at < now && unfinished(lease.execution_id))
      .sort((a, b) => (a.expires_at < b.expires_at ? -1 : a.expires_at > b.expires_at ? 1 : 0))
      .slice(0, Math.max(1, Math.min(limit, 1000)))
      .map((lease) => lease.execution_id);
  }

  /** True when `fence` is the execution's lease now. */
  holds(executionId: string, fence: LeaseFence): boolean {
    const lease = this.#leases.get(executionId);
    return lease?.owner === fence.owner && lease.epoch === fence.epoch;
  }
}
