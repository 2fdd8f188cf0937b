// The leases this coordinator holds: renewed on each heartbeat, known locally valid until their last renewal plus
// the lease length (a paused process finds them stale on waking), given up when lost.
import type { LeaseFence, LeaseStore } from '@skill/workflow-model';
import type { CoordinationSettings } from './coordination-options.js';

interface Held {
  fence: LeaseFence;
  /** performance.now() after which this process must not act for the execution until a renewal says otherwise. */
  validUntil: number;
  /** Stops the execution here (its lease is gone). */
  onLost: () => void;
}

/** Claims, renews and releases the leases of one coordinator. */
export class LeaseKeeper {
  readonly #held = new Map<string, Held>();

  /** `lost` is told of each lease lost (after the run was told to stop). */
  constructor(
    private readonly store: LeaseStore,
    private readonly settings: CoordinationSettings,
    private readonly lost: (executionId: string) => void = () => {},
  ) {}

  /** Claims the execution's lease (see LeaseStore.claimLease); undefined when another coordinator holds it. */
  async claim(executionId: string): Promise<LeaseFence | undefined> {
    return this.store.claimLease(executionId, this.settings.owner, this.settings.leaseMs);
  }

  /** Keeps `fence` renewed from now on (it was claimed at `claimedAt`, a performance.now() time); `onLost` stops the run. */
  hold(executionId: string, fence: LeaseFence, claimedAt: number, onLost: () => void): void {
    this.#held.set(executionId, { fence, validUntil: claimedAt + this.settings.leaseMs, onLost });
  }

  /** True while the lease is held and its last renewal has not run out. */
  isValid(executionId: string): boolean {
    const held = this.#held.get(executionId);
    return held !== undefined && performance.now() < held.validUntil;
  }

  /** Stops the execution here: its lease is gone (refused write, failed renewal). */
  lose(executionId: string): void {
    const held = this.#held.get(executionId);
    if (!held) return;
    this.#held.delete(executionId);
    held.onLost();
    this.lost(executionId);
  }

  /** Gives the lease up: removed when the execution is `finished`, else expired for another to continue it. */
  async release(executionId: string, fence: LeaseFence, finished: boolean): Promise<void> {
    const held = this.#held.get(executionId);
    if (held?.fence.epoch === fence.epoch) this.#held.delete(executionId);
    await this.store.releaseLease(executionId, fence, finished);
  }

  /** Ids of the executions whose lease is held. */
  heldIds(): string[] {
    return [...this.#held.keys()];
  }

  /** Loses at once every lease whose last renewal has run out (the process was paused, or the store was away). */
  loseStale(): void {
    for (const id of [...this.#held.keys()]) if (!this.isValid(id)) this.lose(id);
  }

  /**
   * Renews every held lease. Leases the store no longer gives this coordinator are lost at once; when the store
   * does not answer, leases whose last renewal has run out are lost (another coordinator may have them by now).
   */
  async renew(): Promise<void> {
    if (this.#held.size === 0) return;
    const sentAt = performance.now();
    const epochs = new Map([...this.#held].map(([id, held]) => [id, held.fence.epoch]));
    let kept: Set<string>;
    try {
      kept = new Set(await this.store.renewLeases(this.settings.owner, epochs, this.settings.leaseMs));
    } catch {
      this.loseStale();
      return;
    }
    for (const [id, epoch] of epochs) {
      const held = this.#held.get(id);
      if (held?.fence.epoch !== epoch) continue; // released or claimed again meanwhile
      if (kept.has(id)) held.validUntil = sentAt + this.settings.leaseMs;
      else this.lose(id);
    }
  }
}
