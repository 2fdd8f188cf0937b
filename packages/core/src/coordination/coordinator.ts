// A coordinator among several sharing one store: every execution it runs is leased (writes fenced by the lease),
// its leases are renewed on a heartbeat, and the executions of coordinators that stopped renewing are taken over.
import {
  DISPATCHED_STEP_TYPES,
  type ExecutionStore,
  type LeaseFence,
  type LeaseStore,
  type StepDefinition,
  type StepDispatcher,
  type StepExecutor,
} from '@skill/workflow-model';
import type { EngineContext } from '../engine-context.js';
import { resumeJob } from '../engine-recovery.js';
import type { EngineRunning } from '../engine-running.js';
import type { StartedExecution } from '../engine-types.js';
import { isAbandoned, isUnfinished } from '../execution-owner.js';
import { reapOrphans } from '../orphan-reaper.js';
import { type CoordinationOptions, coordinationSettings } from './coordination-options.js';
import { fencedStore, guardedDispatcher, guardedExecutors } from './fenced-run.js';
import { LeaseKeeper } from './lease-keeper.js';
import { takeoverPlan } from './takeover-plan.js';

/** A lease claimed before the launch (a takeover), with when it was claimed (performance.now()). */
export interface HeldLease {
  fence: LeaseFence;
  claimedAt: number;
}

/** How an execution runs under its lease. */
export interface GuardedRun {
  store: ExecutionStore;
  executors: ReadonlyMap<string, StepExecutor>;
  /** `dispatcher`, sending nothing once the lease is lost. */
  guardDispatcher(dispatcher: StepDispatcher): StepDispatcher;
  /** Gives the lease up once the run has stopped here (removed when the execution ended, else expired). */
  leave(): Promise<void>;
}

/** What every launch of a coordinating engine goes through. */
export interface ExecutionGuard {
  /**
   * Takes (or adopts `held`) the execution's lease; resolves undefined when another coordinator holds it (the
   * execution must not run here). `stop` is called when the lease is lost: the run stops without writing more.
   */
  enter(executionId: string, held: HeldLease | undefined, stop: () => void): Promise<GuardedRun | undefined>;
}

/** The coordinator of one engine. */
export interface Coordinator {
  readonly guard: ExecutionGuard;
  /** Takes over what is claimable now, then keeps the heartbeat going; resolves with what it took over. */
  start(running: EngineRunning): Promise<StartedExecution[]>;
  /** Takes nothing over any more (the engine shuts down). */
  stopTakeovers(): void;
  /** Stops the heartbeat. */
  close(): void;
}

/** Executions claimed per heartbeat at most. */
const TAKEOVER_BATCH = 50;
/** Unleased unfinished executions (left by an engine without leases) are looked for every this many heartbeats. */
const UNLEASED_EVERY = 30;
/** How long a takeover waits for the sweep of the dead engine's step processes on this host. */
const REAP_WAIT_MS = 5_000;

/** True when the store offers every lease method. */
function hasLeases(store: ExecutionStore): store is ExecutionStore & LeaseStore {
  const s = store as Partial<LeaseStore>;
  return Boolean(
    s.claimLease && s.renewLeases && s.releaseLease && s.leaseOf && s.expiredLeases && s.appendFencedEvents,
  );
}

function within(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    promise.then(done, done);
  });
}

/** The coordinator of the engine with context `ctx`; undefined when its store has no leases. */
export function createCoordinator(ctx: EngineContext, options: CoordinationOptions): Coordinator | undefined {
  if (!hasLeases(ctx.store)) return undefined;
  const store: ExecutionStore & LeaseStore = ctx.store;
  const settings = coordinationSettings(options);
  const keeper = new LeaseKeeper(store, settings, (id) => options.onLeaseLost?.(id));
  // Attempts dispatched to a queue may still run on a worker: the dispatcher follows them when it can.
  const adopts = ctx.options.stepDispatcher?.adopt !== undefined;
  const canAdopt = (step: StepDefinition) => adopts && DISPATCHED_STEP_TYPES.has(step.step_type);
  /** Set by start(): until then leases are only renewed (an engine that runs but takes nothing over). */
  let takeoversOf: EngineRunning | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let beats = 0;

  /** Renews the held leases (and takes over expired ones once started) every heartbeat, from the first lease on. */
  function heartbeat(): void {
    if (timer !== undefined || closed) return;
    timer = setTimeout(async () => {
      try {
        keeper.loseStale(); // first thing after a pause: stop what another coordinator may be running by now
        await keeper.renew();
        if (takeoversOf) {
          for (const execution of await takeOver(takeoversOf, ++beats % UNLEASED_EVERY === 0)) {
            execution.done.catch(() => undefined);
          }
        }
      } catch {
        // the store is away for a moment: the next heartbeat tries again
      } finally {
        timer = undefined;
        heartbeat();
      }
    }, settings.heartbeatMs);
    timer.unref(); // the executions (or the server) keep the process alive, not the heartbeat
  }

  const guard: ExecutionGuard = {
    async enter(executionId, held, stop) {
      const claimedAt = held?.claimedAt ?? performance.now();
      const fence = held?.fence ?? (await keeper.claim(executionId));
      if (!fence) return undefined;
      keeper.hold(executionId, fence, claimedAt, stop);
      heartbeat();
      const lost = () => keeper.lose(executionId);
      const valid = () => keeper.isValid(executionId);
      return {
        store: fencedStore(store, fence, valid, lost),
        executors: guardedExecutors(ctx.executors, valid, lost),
        guardDispatcher: (dispatcher) => guardedDispatcher(dispatcher, valid, lost),
        async leave() {
          const record = await store.getExecution(executionId).catch(() => undefined);
          const finished = record !== undefined && !isUnfinished(record);
          await keeper.release(executionId, fence, finished).catch(() => undefined);
        },
      };
    },
  };

  /** Ids claimable now: expired leases, and (now and then) unfinished executions whose unleased owner is gone. */
  async function claimable(withUnleased: boolean): Promise<Set<string>> {
    const ids = new Set((await store.expiredLeases(TAKEOVER_BATCH)).filter((id) => !ctx.isRunningHere(id)));
    if (!withUnleased) return ids;
    for (const record of await store.listUnfinished()) {
      if (ids.size >= TAKEOVER_BATCH) break;
      if (ctx.isRunningHere(record.id) || (await store.leaseOf(record.id))) continue;
      if (await isAbandoned(store, record)) ids.add(record.id);
    }
    return ids;
  }

  /** Continues a claimed execution here: lost attempts recorded, the rest launched from the store. */
  async function continueHere(running: EngineRunning, id: string, lease: HeldLease) {
    const record = await store.getExecution(id);
    if (!record?.definition || !isUnfinished(record)) {
      await keeper.release(id, lease.fence, true);
      return undefined;
    }
    const plan = takeoverPlan(record, await store.listEvents(id), Date.now(), canAdopt);
    if (plan.lostAttempts.length > 0) await store.appendFencedEvents(id, lease.fence, plan.lostAttempts);
    const job = resumeJob(ctx, record, record.definition);
    return running.launch({ ...job, lease, resumedAttempts: plan.resumedAttempts });
  }

  async function takeOver(running: EngineRunning, withUnleased: boolean): Promise<StartedExecution[]> {
    const claimed = new Map<string, HeldLease>();
    const claim = async (id: string) => {
      const claimedAt = performance.now();
      const fence = await keeper.claim(id).catch(() => undefined);
      if (!fence) return; // another coordinator was quicker, or its holder is still inside a write
      keeper.hold(id, fence, claimedAt, () => claimed.delete(id));
      claimed.set(id, { fence, claimedAt });
    };
    await Promise.all([...(await claimable(withUnleased))].map(claim));
    if (claimed.size === 0) return [];
    // Step processes the dead coordinator left on this host go before their steps run again.
    await within(reapOrphans(), REAP_WAIT_MS);
    await keeper.renew(); // the sweep may have taken a while
    const started: StartedExecution[] = [];
    for (const [id, lease] of claimed) {
      try {
        const execution = await continueHere(running, id, lease);
        if (execution) {
          options.onTakeover?.(id);
          started.push(execution);
        }
      } catch {
        // lost meanwhile, or the store is away: the lease expires and this or another coordinator tries again
        keeper.lose(id);
      }
    }
    return started;
  }

  return {
    guard,
    async start(running) {
      const first = await takeOver(running, true);
      takeoversOf = running;
      heartbeat();
      return first;
    },
    stopTakeovers() {
      takeoversOf = undefined;
    },
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
