// Concurrency keys: `[config] concurrency`, what a queued execution waits for, and the store's slot table (held
// across executions and across servers sharing the store).
import type { SourceLocation } from './errors.js';

/** What a new execution does when its key's slots are all held. */
export type ConcurrencyConflict = 'queue' | 'skip' | 'cancel-running';

/** The `on_conflict` values, in the order messages list them. */
export const CONCURRENCY_CONFLICTS: readonly ConcurrencyConflict[] = ['queue', 'skip', 'cancel-running'];

/** The most executions one key may let run at once (`limit`). */
export const MAX_CONCURRENCY_LIMIT = 1000;

/** The longest resolved key kept as written: a longer one is cut and ends with a hash of the whole. */
export const MAX_CONCURRENCY_KEY_LENGTH = 200;

/** `[config] concurrency = { key, limit, on_conflict }`. */
export interface ConcurrencyConfig {
  /** A template over `{inputs.*}` and `{workflow}`, resolved when the execution is admitted. */
  key: string;
  /** Executions holding the key at once (default 1). */
  limit: number;
  /** Default `queue`. */
  on_conflict: ConcurrencyConflict;
  location?: SourceLocation;
}

/** What a queued execution waits for (its record's `waiting_for` while it is `queued`). */
export interface ConcurrencyWait {
  /** Human-readable, e.g. `waiting for concurrency key deploy-prod (1/1 held by <id>)`. */
  reason: string;
  key: string;
  limit: number;
  /** The executions holding the key when it started waiting. */
  holders: string[];
}

/** One slot of a key held by an execution. */
export interface ConcurrencyHolder {
  key: string;
  execution_id: string;
  /** ISO 8601. */
  acquired_at: string;
}

/** The answer of {@link ConcurrencyStore.acquireConcurrencySlot}. */
export type ConcurrencyClaim = { acquired: true } | { acquired: false; holders: ConcurrencyHolder[] };

/**
 * The concurrency part of a store. `acquireConcurrencySlot` is the one place that decides who may run: a slot is a
 * row keyed by (key, slot number < limit), so of concurrent callers at most `limit` get one, whichever process
 * they run in. An execution that already holds the key gets `acquired` again (a resumed execution).
 */
export interface ConcurrencyStore {
  /** Takes a free slot of `key` for the execution, or answers who holds them all. */
  acquireConcurrencySlot(claim: { key: string; limit: number; execution_id: string }): Promise<ConcurrencyClaim>;
  /** Frees the slot the execution holds on `key` (none: nothing happens). */
  releaseConcurrencySlot(key: string, executionId: string): Promise<void>;
  /** The executions holding `key`, oldest first. */
  listConcurrencyHolders(key: string): Promise<ConcurrencyHolder[]>;
}
