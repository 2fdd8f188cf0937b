// startScheduler(): fires the schedules of a project's workflows as their ticks come (`skill serve` runs one;
// `skill workflow run` never does), catches up after downtime, follows pauses and changed workflow files.
import { CATCH_UP_WINDOW_MS, MAX_CATCH_UP_TICKS, type ScheduleTrigger } from '@skill/workflow-model';
import { type CronSchedule, readCron } from '@skill/workflow-parser';
import type { Engine } from '../engine-types.js';
import { scheduleId, scheduleStoreOf, type WorkflowSchedule, workflowSchedules } from './schedule-catalog.js';
import { abortableDelay, type FireContext, fireTick } from './schedule-fire.js';

/** The most ticks one schedule fires in one wake-up (after the event loop stalled). */
const MAX_TICKS_PER_WAKE = 100;

/** Options of {@link startScheduler}. */
export interface SchedulerOptions {
  /** The clock, in epoch milliseconds (tests of catch-up inject one); default `Date.now`. */
  now?: () => number;
  /** How often the workflows folder is read again for new, changed or removed triggers (default 5 s). */
  refreshMs?: number;
}

/** A running scheduler. */
export interface Scheduler {
  /** Stops firing; resolves once the ticks being fired are decided. Idempotent. */
  stop(): Promise<void>;
}

interface Cursor {
  schedule: WorkflowSchedule;
  cron: CronSchedule;
  /** Ticks up to this time are handled. */
  after: Date;
}

/** The missed ticks in (`last`, `now`] that `catch_up` fires, oldest first. */
export function missedTicks(cron: CronSchedule, last: Date, now: Date, policy: ScheduleTrigger['catch_up']): Date[] {
  if (policy === 'none') return [];
  const from = new Date(Math.max(last.getTime(), now.getTime() - CATCH_UP_WINDOW_MS));
  const kept: Date[] = [];
  const keep = policy === 'latest' ? 1 : MAX_CATCH_UP_TICKS;
  for (let tick = cron.nextAfter(from); tick && tick <= now; tick = cron.nextAfter(tick)) {
    kept.push(tick);
    if (kept.length > keep) kept.shift();
  }
  return kept;
}

/**
 * Starts firing the schedules of `engine`'s trusted workflows. With several servers on one store each tick fires
 * once (the store's claim decides). Throws `STORE_UNAVAILABLE` when the store keeps no schedules.
 *
 * @example
 * const scheduler = await startScheduler(engine);
 * // ... later
 * await scheduler.stop();
 */
export async function startScheduler(engine: Engine, options: SchedulerOptions = {}): Promise<Scheduler> {
  const store = scheduleStoreOf(engine);
  const now = options.now ?? Date.now;
  const refreshMs = options.refreshMs ?? 5_000;
  const controller = new AbortController();
  const ctx: FireContext = { engine, store, signal: controller.signal };
  const cursors = new Map<string, Cursor>();
  const firing = new Set<Promise<unknown>>();
  let nextRefresh = 0;

  function fire(schedule: WorkflowSchedule, tick: Date): void {
    const fired = fireTick(ctx, schedule, tick).finally(() => firing.delete(fired));
    firing.add(fired);
  }

  async function refresh(at: Date, paused: ReadonlySet<string>): Promise<void> {
    const current = new Map((await workflowSchedules(engine)).map((s) => [scheduleId(s), s]));
    for (const id of cursors.keys()) if (!current.has(id)) cursors.delete(id);
    for (const [id, schedule] of current) {
      const known = cursors.get(id);
      const same =
        known &&
        known.schedule.trigger.cron === schedule.trigger.cron &&
        known.schedule.trigger.timezone === schedule.trigger.timezone;
      if (same) {
        known.schedule = schedule; // inputs or policies may have changed
        continue;
      }
      const cron = readCron(schedule.trigger.cron, schedule.trigger.timezone);
      cursors.set(id, { schedule, cron, after: at });
      // A paused schedule catches nothing up either: its missed ticks pass unfired, like its live ones.
      if (known || schedule.trigger.catch_up === 'none' || paused.has(id)) continue;
      const [last] = await store.listScheduleTicks(schedule, 1);
      if (last)
        for (const tick of missedTicks(cron, new Date(last.tick), at, schedule.trigger.catch_up)) fire(schedule, tick);
    }
  }

  async function wake(): Promise<number> {
    const at = new Date(now());
    const paused = new Set((await store.pausedSchedules()).map(scheduleId));
    if (at.getTime() >= nextRefresh) {
      nextRefresh = at.getTime() + refreshMs;
      await refresh(at, paused);
    }
    let wait = 1_000;
    for (const [id, cursor] of cursors) {
      let next = cursor.cron.nextAfter(cursor.after);
      for (let fired = 0; next && next <= at && fired < MAX_TICKS_PER_WAKE; fired++) {
        if (!paused.has(id)) fire(cursor.schedule, next); // a paused schedule's ticks pass unfired
        cursor.after = next;
        next = cursor.cron.nextAfter(next);
      }
      if (next) wait = Math.min(wait, next.getTime() - at.getTime());
    }
    return Math.max(1, wait);
  }

  const loop = (async () => {
    while (!controller.signal.aborted) {
      let wait = 1_000;
      try {
        wait = await wake();
      } catch {
        // the store or the folder could not be read: try again at the next wake-up
      }
      await abortableDelay(wait, controller.signal);
    }
  })();

  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        controller.abort();
        await loop;
        await Promise.all([...firing].map((f) => f.catch(() => undefined)));
      })();
      return stopping;
    },
  };
}
