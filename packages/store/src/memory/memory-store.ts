// InMemoryExecutionStore: the ExecutionStore for embedding and tests; everything lives in process memory.
import {
  applyEvent,
  type ConcurrencyClaim,
  type ConcurrencyHolder,
  type ExecutionFilter,
  type ExecutionLease,
  type ExecutionPage,
  type ExecutionRecord,
  type ExecutionStore,
  isTerminalExecutionStatus,
  type LeaseFence,
  type NewExecution,
  newExecutionRecord,
  SCHEDULE_TICK_RETENTION,
  type ScheduleKey,
  type ScheduleTickKey,
  type ScheduleTickOutcome,
  type ScheduleTickRecord,
  WorkflowError,
  type WorkflowEvent,
  type WorkflowEventBody,
} from '@skill/workflow-model';
import { cursorOrdinal, pageLimit } from '../execution-page.js';
import { leaseLost } from '../lease-lost.js';
import { MemoryLeases } from './memory-leases.js';

interface Entry {
  record: ExecutionRecord;
  events: WorkflowEvent[];
  order: number;
}

/**
 * Keeps executions and their event logs in memory. `appendEvent` assigns `seq` and applies the event
 * to the record, exactly like the persistent stores; what it returns are copies, never its own state.
 *
 * @example
 * const engine = createEngine({ store: new InMemoryExecutionStore() });
 */
export class InMemoryExecutionStore implements ExecutionStore {
  readonly #entries = new Map<string, Entry>();
  /** Cancel requests by execution id (see ExecutionStore.requestCancel). */
  readonly #cancelRequests = new Map<string, string>();
  #created = 0;
  /** Claimed schedule ticks by `workflow\0index\0tick`, and paused schedules by `workflow\0index`. */
  readonly #ticks = new Map<string, ScheduleTickRecord>();
  readonly #paused = new Map<string, ScheduleKey>();
  /** Webhook delivery ids by `workflow\0id`, with their expiry (ISO 8601). */
  readonly #deliveries = new Map<string, string>();
  readonly #leases = new MemoryLeases();
  /** Held slots of concurrency keys, by key, oldest first. */
  readonly #slots = new Map<string, ConcurrencyHolder[]>();

  async createExecution(init: NewExecution): Promise<ExecutionRecord> {
    if (this.#entries.has(init.id)) {
      throw new WorkflowError('INVALID_VALUE', `execution ${init.id} already exists`);
    }
    const record: ExecutionRecord = structuredClone(newExecutionRecord(init, new Date().toISOString()));
    this.#entries.set(init.id, { record, events: [], order: this.#created++ });
    return structuredClone(record);
  }

  async appendEvent(executionId: string, body: WorkflowEventBody, timestamp?: string): Promise<WorkflowEvent> {
    return this.#append(executionId, body, timestamp);
  }

  #append(executionId: string, body: WorkflowEventBody, timestamp?: string): WorkflowEvent {
    const entry = this.#entries.get(executionId);
    if (!entry) throw new WorkflowError('EXECUTION_NOT_FOUND', `execution ${executionId} not found`);
    const event = structuredClone({
      ...body,
      execution_id: executionId,
      workflow_name: entry.record.workflow_name,
      seq: entry.record.last_seq + 1,
      timestamp: timestamp ?? new Date().toISOString(),
    }) as WorkflowEvent;
    entry.events.push(event);
    applyEvent(entry.record, structuredClone(event));
    return structuredClone(event);
  }

  async getExecution(id: string): Promise<ExecutionRecord | undefined> {
    const record = this.#entries.get(id)?.record;
    return record && structuredClone(record);
  }

  async listExecutions(filter: ExecutionFilter = {}): Promise<ExecutionPage> {
    const limit = pageLimit(filter.limit);
    const cursor = cursorOrdinal(filter.cursor);
    if (cursor === null) return { items: [] };
    const before = cursor ?? Number.POSITIVE_INFINITY;
    const matching = [...this.#entries.values()]
      .filter((e) => e.order < before)
      .filter((e) => !filter.workflow_name || e.record.workflow_name === filter.workflow_name)
      .filter((e) => !filter.status || e.record.status === filter.status)
      .filter((e) => !filter.parent_id || e.record.parent?.execution_id === filter.parent_id)
      .sort((a, b) => b.order - a.order);
    const page = matching.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((e) => structuredClone(e.record)),
      ...(matching.length > limit && last ? { next_cursor: String(last.order) } : {}),
    };
  }

  async listEvents(executionId: string, since = 0): Promise<WorkflowEvent[]> {
    const events = this.#entries.get(executionId)?.events ?? [];
    return structuredClone(events.filter((event) => event.seq > since));
  }

  async listUnfinished(): Promise<ExecutionRecord[]> {
    return [...this.#entries.values()]
      .filter((e) => !isTerminalExecutionStatus(e.record.status))
      .map((e) => structuredClone(e.record));
  }

  async requestCancel(executionId: string, reason: string): Promise<boolean> {
    const entry = this.#entries.get(executionId);
    if (!entry || isTerminalExecutionStatus(entry.record.status)) return false;
    if (!this.#cancelRequests.has(executionId)) this.#cancelRequests.set(executionId, reason);
    return true;
  }

  async cancelRequests(executionIds: readonly string[]): Promise<Map<string, string>> {
    const requests = new Map<string, string>();
    for (const id of executionIds) {
      const reason = this.#cancelRequests.get(id);
      if (reason !== undefined) requests.set(id, reason);
    }
    return requests;
  }

  async claimScheduleTick(key: ScheduleTickKey): Promise<boolean> {
    const id = `${key.workflow_name}\0${key.trigger_index}\0${key.tick}`;
    if (this.#ticks.has(id)) return false;
    this.#ticks.set(id, { ...key, claimed_at: new Date().toISOString(), outcome: 'claimed' });
    const cutoff = new Date(Date.now() - SCHEDULE_TICK_RETENTION.keepMs).toISOString();
    for (const old of this.#ticksOf(key).slice(SCHEDULE_TICK_RETENTION.keepNewest)) {
      if (old.tick < cutoff) this.#ticks.delete(`${old.workflow_name}\0${old.trigger_index}\0${old.tick}`);
    }
    return true;
  }

  async settleScheduleTick(
    key: ScheduleTickKey,
    outcome: { outcome: ScheduleTickOutcome; execution_id?: string; note?: string },
  ): Promise<void> {
    const id = `${key.workflow_name}\0${key.trigger_index}\0${key.tick}`;
    const tick = this.#ticks.get(id);
    if (tick) this.#ticks.set(id, { ...key, claimed_at: tick.claimed_at, ...outcome });
  }

  async listScheduleTicks(key: ScheduleKey, limit = 10): Promise<ScheduleTickRecord[]> {
    return this.#ticksOf(key)
      .slice(0, Math.max(1, Math.min(limit, 1000)))
      .map((t) => structuredClone(t));
  }

  /** The ticks of one schedule, newest first (the stored objects). */
  #ticksOf(key: ScheduleKey): ScheduleTickRecord[] {
    return [...this.#ticks.values()]
      .filter((t) => t.workflow_name === key.workflow_name && t.trigger_index === key.trigger_index)
      .sort((a, b) => (a.tick < b.tick ? 1 : a.tick > b.tick ? -1 : 0));
  }

  async setSchedulePaused(key: ScheduleKey, paused: boolean): Promise<void> {
    const id = `${key.workflow_name}\0${key.trigger_index}`;
    if (paused) this.#paused.set(id, { workflow_name: key.workflow_name, trigger_index: key.trigger_index });
    else this.#paused.delete(id);
  }

  async pausedSchedules(): Promise<ScheduleKey[]> {
    return [...this.#paused.values()].map((k) => ({ ...k }));
  }

  async recordWebhookDelivery(delivery: {
    workflow_name: string;
    delivery_id: string;
    expires_at: string;
  }): Promise<boolean> {
    const now = new Date().toISOString();
    for (const [id, expires] of this.#deliveries) if (expires < now) this.#deliveries.delete(id);
    const id = `${delivery.workflow_name}\0${delivery.delivery_id}`;
    if (this.#deliveries.has(id)) return false;
    this.#deliveries.set(id, delivery.expires_at);
    return true;
  }

  async claimLease(executionId: string, owner: string, ttlMs: number): Promise<LeaseFence | undefined> {
    if (!this.#entries.has(executionId))
      throw new WorkflowError('EXECUTION_NOT_FOUND', `execution ${executionId} not found`);
    return this.#leases.claim(executionId, owner, ttlMs);
  }

  async renewLeases(owner: string, held: ReadonlyMap<string, number>, ttlMs: number): Promise<string[]> {
    return this.#leases.renew(owner, held, ttlMs);
  }

  async releaseLease(executionId: string, fence: LeaseFence, finished: boolean): Promise<void> {
    this.#leases.release(executionId, fence, finished);
  }

  async leaseOf(executionId: string): Promise<ExecutionLease | undefined> {
    return this.#leases.get(executionId);
  }

  async expiredLeases(limit = 100): Promise<string[]> {
    const unfinished = (id: string) => {
      const status = this.#entries.get(id)?.record.status;
      return status !== undefined && !isTerminalExecutionStatus(status);
    };
    return this.#leases.expired(unfinished, limit);
  }

  async appendFencedEvents(
    executionId: string,
    fence: LeaseFence,
    bodies: readonly WorkflowEventBody[],
    timestamps?: readonly string[],
  ): Promise<WorkflowEvent[]> {
    if (!this.#leases.holds(executionId, fence)) throw leaseLost(executionId, fence);
    // Synchronous: no claim can come between the check and the last event.
    return bodies.map((body, i) => this.#append(executionId, body, timestamps?.[i]));
  }

  async acquireConcurrencySlot(claim: { key: string; limit: number; execution_id: string }): Promise<ConcurrencyClaim> {
    const holders = this.#slots.get(claim.key) ?? [];
    if (holders.some((holder) => holder.execution_id === claim.execution_id)) return { acquired: true };
    if (holders.length >= claim.limit) return { acquired: false, holders: structuredClone(holders) };
    const holder = { key: claim.key, execution_id: claim.execution_id, acquired_at: new Date().toISOString() };
    this.#slots.set(claim.key, [...holders, holder]);
    return { acquired: true };
  }

  async releaseConcurrencySlot(key: string, executionId: string): Promise<void> {
    const holders = (this.#slots.get(key) ?? []).filter((holder) => holder.execution_id !== executionId);
    if (holders.length > 0) this.#slots.set(key, holders);
    else this.#slots.delete(key);
  }

  async listConcurrencyHolders(key: string): Promise<ConcurrencyHolder[]> {
    return structuredClone(this.#slots.get(key) ?? []);
  }
}
