// Execution leases: which coordinator runs an execution now, until when, and the epoch its writes are fenced with.
import type { WorkflowEvent, WorkflowEventBody } from './events.js';

/** What a coordinator holds while it runs an execution: writes carrying an outdated fence are refused. */
export interface LeaseFence {
  /** The coordinator (unique per engine instance, e.g. `host:pid:random`). */
  owner: string;
  /** Grows by one at each claim of the execution's lease. */
  epoch: number;
}

/** The lease of one execution as stored. */
export interface ExecutionLease extends LeaseFence {
  execution_id: string;
  /** ISO 8601: after this, another coordinator may claim it. */
  expires_at: string;
}

/**
 * The lease part of a store (optional): coordinators sharing a store each own the executions they run through a
 * lease they renew; an expired lease is claimed atomically by one of the others, which then continues the
 * execution. Appends that carry a fence are refused (`LEASE_LOST`) once the lease belongs to someone else.
 */
export interface LeaseStore {
  /**
   * Takes the execution's lease for `owner` for `ttlMs` when nobody holds it, its holder's lease has expired, or
   * `owner` holds it already; returns the new fence (epoch + 1), or undefined when another holds it.
   */
  claimLease(executionId: string, owner: string, ttlMs: number): Promise<LeaseFence | undefined>;
  /** Extends by `ttlMs` the leases of `owner` given as execution id -> epoch; returns the ids still held. */
  renewLeases(owner: string, held: ReadonlyMap<string, number>, ttlMs: number): Promise<string[]>;
  /**
   * Gives the lease up: removed when `finished`, else expired at once (another coordinator continues the
   * execution). Does nothing when the fence is outdated.
   */
  releaseLease(executionId: string, fence: LeaseFence, finished: boolean): Promise<void>;
  /** The stored lease of the execution, if any. */
  leaseOf(executionId: string): Promise<ExecutionLease | undefined>;
  /** Pending or running executions whose lease has expired (oldest first, `limit` at most). */
  expiredLeases(limit?: number): Promise<string[]>;
  /**
   * `appendEvents` for the holder of `fence` only: in one transaction with a check that the execution's lease is
   * still `fence`; throws `LEASE_LOST` (nothing written) otherwise.
   */
  appendFencedEvents(
    executionId: string,
    fence: LeaseFence,
    bodies: readonly WorkflowEventBody[],
    timestamps?: readonly string[],
  ): Promise<WorkflowEvent[]>;
}
