// Firing one tick of a schedule: claim it in the store (one server wins), apply the overlap policy, start the
// execution with its trigger, record the outcome.
import {
  isJsonObject,
  type ScheduleStore,
  type ScheduleTickKey,
  type ScheduleTickOutcome,
  type ScheduleTickRecord,
} from '@skill/workflow-model';
import type { Engine } from '../engine-types.js';
import type { WorkflowSchedule } from './schedule-catalog.js';

/** How often a tick waiting for its turn looks at the store again. */
const POLL_MS = 100;
/** A queued tick's heartbeat; a queued tick silent for 3 heartbeats belongs to a server that is gone. */
const HEARTBEAT_MS = 5_000;
/** A tick claimed this long ago and still undecided belongs to a server that is gone. */
const STALE_CLAIM_MS = 60_000;
/** The most ticks of one schedule that wait at once (`overlap = "queue"`); later ones are skipped. */
export const MAX_QUEUED_TICKS = 10;

/** What firing needs: the engine, its store's schedule methods, and the signal that stops the scheduler. */
export interface FireContext {
  engine: Engine;
  store: ScheduleStore;
  signal: AbortSignal;
}

/** Whether an earlier tick is still being decided by a live server. */
function undecided(tick: ScheduleTickRecord, now: number): boolean {
  if (tick.outcome === 'claimed') return now - Date.parse(tick.claimed_at) < STALE_CLAIM_MS;
  if (tick.outcome === 'queued') return now - Date.parse(tick.note ?? tick.claimed_at) < 3 * HEARTBEAT_MS;
  return false;
}

/** Whether an execution this schedule started is pending, queued or running (in any server sharing the store). */
async function scheduleBusy(engine: Engine, schedule: WorkflowSchedule): Promise<boolean> {
  for (const status of ['running', 'pending', 'queued'] as const) {
    // Every page: the schedule's execution may sit behind many others of the workflow (webhooks, API calls).
    let cursor: string | undefined;
    do {
      const filter = { workflow_name: schedule.workflow_name, status, limit: 200, ...(cursor ? { cursor } : {}) };
      const page = await engine.store.listExecutions(filter);
      const busy = page.items.some(
        (e) => isJsonObject(e.trigger) && e.trigger.type === 'schedule' && e.trigger.index === schedule.trigger_index,
      );
      if (busy) return true;
      cursor = page.next_cursor;
    } while (cursor);
  }
  return false;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Waits until the tick may start under `skip` or `queue`: earlier ticks decided, then (queue) no execution of the
 * schedule running. Returns why it must be skipped instead, or undefined to start it.
 */
async function waitForTurn(
  ctx: FireContext,
  schedule: WorkflowSchedule,
  key: ScheduleTickKey,
): Promise<string | undefined> {
  let heartbeat = 0;
  while (!ctx.signal.aborted) {
    const now = Date.now();
    const earlier = (await ctx.store.listScheduleTicks(schedule, 50)).filter((t) => t.tick < key.tick);
    const waiting = earlier.filter((t) => undecided(t, now));
    const queue = schedule.trigger.overlap === 'queue';
    if (queue && waiting.length >= MAX_QUEUED_TICKS) return `${MAX_QUEUED_TICKS} earlier ticks are already queued`;
    if (waiting.length === 0) {
      if (!(await scheduleBusy(ctx.engine, schedule))) return undefined;
      if (!queue) return 'an execution of this schedule is still running';
    }
    if (queue && now - heartbeat >= HEARTBEAT_MS) {
      heartbeat = now;
      await ctx.store.settleScheduleTick(key, { outcome: 'queued', note: new Date(now).toISOString() });
    }
    await abortableDelay(POLL_MS, ctx.signal);
  }
  return 'the server stopped';
}

/**
 * Fires one tick: `lost` when another server claimed it. Never throws: a tick that cannot start (the workflow
 * became invalid, the engine shuts down) is recorded as `failed` with the reason.
 */
export async function fireTick(
  ctx: FireContext,
  schedule: WorkflowSchedule,
  tick: Date,
): Promise<ScheduleTickOutcome | 'lost'> {
  const key: ScheduleTickKey = {
    workflow_name: schedule.workflow_name,
    trigger_index: schedule.trigger_index,
    tick: tick.toISOString(),
  };
  try {
    if (!(await ctx.store.claimScheduleTick(key))) return 'lost';
  } catch {
    return 'lost'; // the store is unreachable: another server may fire it
  }
  try {
    if (schedule.trigger.overlap !== 'allow') {
      const skipped = await waitForTurn(ctx, schedule, key);
      if (skipped !== undefined) {
        await ctx.store.settleScheduleTick(key, { outcome: 'skipped', note: skipped });
        return 'skipped';
      }
    }
    const started = await ctx.engine.start(schedule.file, schedule.trigger.inputs, {
      trigger: { type: 'schedule', index: schedule.trigger_index, tick: key.tick },
    });
    await ctx.store.settleScheduleTick(key, { outcome: 'started', execution_id: started.executionId });
    return 'started';
  } catch (error) {
    const note = error instanceof Error ? error.message : String(error);
    await ctx.store.settleScheduleTick(key, { outcome: 'failed', note }).catch(() => undefined);
    return 'failed';
  }
}
