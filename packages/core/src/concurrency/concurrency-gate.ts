// The concurrency gate of admission: before an execution takes a run slot it takes a slot of its concurrency key
// in the store (queue: waits as `queued`; skip: ends as `skipped`; cancel-running: cancels the holder, then waits
// for its slot). Slots of holders whose process is gone are reclaimed through the execution ownership rules.
import {
  type ConcurrencyConfig,
  type ConcurrencyHolder,
  type ConcurrencyStore,
  type ExecutionRecord,
  type ExecutionStore,
  isTerminalExecutionStatus,
  isWorkflowError,
  type WorkflowDefinition,
  WorkflowError,
  type WorkflowEvent,
  type WorkflowEventBody,
} from '@skill/workflow-model';
import { isAbandoned, readExecution, THIS_PROCESS } from '../execution-owner.js';
import { conflictText, type WaitState } from './concurrency-text.js';
import { resolveConcurrencyKey } from './key-resolution.js';
import { waitForSlot, wakeWaiter } from './slot-waiters.js';

/** How often a queued execution asks the store again (a release on another server wakes nobody here). */
const POLL_MS = 500;
/** How often a queued execution checks whether the holders' processes are still alive. */
const RECLAIM_CHECK_MS = 2_000;

/** One execution asking to be admitted. */
export interface GateJob {
  definition: WorkflowDefinition;
  executionId: string;
  inputs: Record<string, unknown>;
  signal: AbortSignal;
  onEvent?: (event: WorkflowEvent) => void;
}

/** Run it (and call `release` when it has ended), or it has ended already (skipped, cancelled while queued). */
export type GateAdmission = { run: true; release(): Promise<void> } | { run: false; record: ExecutionRecord };

/** What the gate needs from the engine. */
export interface GateContext {
  store: ExecutionStore;
  announce(event: WorkflowEvent, onEvent?: (event: WorkflowEvent) => void): void;
  /** Cancels an execution wherever it runs (the engine's cancel). */
  cancel(executionId: string, reason: string): Promise<unknown>;
  /** True when the abort reason means "leave it for the next engine" (shutdown). */
  isShutdown(reason: unknown): boolean;
}

/** Throws `INVALID_VALUE` when the workflow has a concurrency key and the store cannot keep one. */
export function assertConcurrencySupported(store: ExecutionStore, definition: WorkflowDefinition): void {
  if (definition.config.concurrency && !slotsOf(store)) {
    throw new WorkflowError(
      'INVALID_VALUE',
      `workflow "${definition.name}" has [config] concurrency, and this store keeps no concurrency keys`,
      { retryable: false },
    );
  }
}

function slotsOf(store: ExecutionStore): ConcurrencyStore | undefined {
  const { acquireConcurrencySlot, releaseConcurrencySlot, listConcurrencyHolders } = store;
  return acquireConcurrencySlot && releaseConcurrencySlot && listConcurrencyHolders
    ? (store as ConcurrencyStore)
    : undefined;
}

const NO_KEY: GateAdmission = { run: true, release: async () => undefined };

/** The gate over the engine context `ctx`. */
export function createConcurrencyGate(ctx: GateContext): { admit(job: GateJob): Promise<GateAdmission> } {
  const { store } = ctx;

  async function record(job: GateJob, body: WorkflowEventBody): Promise<void> {
    ctx.announce(await store.appendEvent(job.executionId, body), job.onEvent);
  }

  /** Frees the slots of holders that ended or whose process is gone; true when one was freed. */
  async function reclaim(slots: ConcurrencyStore, key: string, holders: ConcurrencyHolder[]): Promise<boolean> {
    let freed = false;
    for (const holder of holders) {
      const held = await store.getExecution(holder.execution_id);
      if (held && !isTerminalExecutionStatus(held.status) && !(await isAbandoned(store, held))) continue;
      await slots.releaseConcurrencySlot(key, holder.execution_id);
      freed = true;
    }
    return freed;
  }

  async function ended(job: GateJob, body: WorkflowEventBody): Promise<GateAdmission> {
    await record(job, body);
    return { run: false, record: await readExecution(store, job.executionId) };
  }

  async function stopped(job: GateJob, since: number): Promise<GateAdmission> {
    const reason = job.signal.reason;
    if (ctx.isShutdown(reason)) return { run: false, record: await readExecution(store, job.executionId) };
    const text = typeof reason === 'string' ? reason : reason instanceof Error ? reason.message : 'execution cancelled';
    const duration_ms = Math.max(0, Date.now() - since);
    return ended(job, { type: 'workflow_cancelled', status: 'cancelled', reason: text, duration_ms });
  }

  async function admitByKey(job: GateJob, concurrency: ConcurrencyConfig, slots: ConcurrencyStore) {
    const since = Date.now();
    let key: string;
    try {
      key = resolveConcurrencyKey(concurrency, job.inputs, job.definition.name);
    } catch (error) {
      const failure = isWorkflowError(error) ? error : new WorkflowError('INTERNAL', String(error));
      return ended(job, { type: 'workflow_completed', status: 'failed', duration_ms: 0, error: failure.toJSON() });
    }
    const claim = { key, limit: concurrency.limit, execution_id: job.executionId };
    const state: WaitState = { cancelled: new Set(), shown: undefined };
    let reclaimCheckedAt = Number.NEGATIVE_INFINITY;
    // Each turn ends with the slot, the execution's end, or a wait for a release, a poll tick or the abort.
    while (!job.signal.aborted) {
      const answer = await slots.acquireConcurrencySlot(claim);
      if (answer.acquired) {
        const release = async () => {
          await slots.releaseConcurrencySlot(key, job.executionId);
          wakeWaiter(key);
        };
        return { run: true as const, release };
      }
      if (Date.now() - reclaimCheckedAt >= RECLAIM_CHECK_MS) {
        reclaimCheckedAt = Date.now();
        if (await reclaim(slots, key, answer.holders)) continue;
      }
      const holders = answer.holders.map((holder) => holder.execution_id);
      if (concurrency.on_conflict === 'skip') {
        const message = conflictText('skip', key, concurrency.limit, holders);
        const error = { code: 'CONCURRENCY_SKIPPED', message, details: { key, holders } };
        return ended(job, { type: 'workflow_completed', status: 'skipped', duration_ms: 0, error });
      }
      const oldest = holders[0];
      if (concurrency.on_conflict === 'cancel-running' && oldest !== undefined && !state.cancelled.has(oldest)) {
        state.cancelled.add(oldest);
        await ctx.cancel(oldest, `cancelled: concurrency key ${key} is taken over by execution ${job.executionId}`);
      }
      const reason = conflictText(
        state.cancelled.has(oldest ?? '') ? 'cancel' : 'queue',
        key,
        concurrency.limit,
        holders,
      );
      if (reason !== state.shown) {
        state.shown = reason;
        const waiting_for = { reason, key, limit: concurrency.limit, holders };
        await record(job, { type: 'workflow_queued', waiting_for, owner: { ...THIS_PROCESS } });
      }
      await waitForSlot(key, job.signal, POLL_MS);
    }
    return stopped(job, since);
  }

  return {
    async admit(job) {
      const concurrency = job.definition.config.concurrency;
      if (!concurrency) return NO_KEY;
      const slots = slotsOf(store);
      if (!slots) return NO_KEY; // refused before it was recorded (assertConcurrencySupported)
      return admitByKey(job, concurrency, slots);
    },
  };
}
