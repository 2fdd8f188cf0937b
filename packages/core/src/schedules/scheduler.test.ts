// Tests of the scheduler on the in-memory store with real ticks (every second): overlap skip/queue/allow, pauses,
// the listing; catch-up after downtime with an injected clock.

import { createTempProject, deferred, waitFor } from '@skill/test-kit';
import type { StepExecutor } from '@skill/workflow-model';
import { InMemoryExecutionStore } from '@skill/workflow-store';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../engine.js';
import type { Engine } from '../engine-types.js';
import { listSchedules, setSchedulePaused } from './schedule-catalog.js';
import { type Scheduler, startScheduler } from './scheduler.js';

/** A step type that runs until its release is called; counts how many run at once. */
function gate() {
  let running = 0;
  let maxRunning = 0;
  let release = deferred();
  let started = 0;
  const executor: StepExecutor = {
    type: 'gate',
    async run() {
      started++;
      running++;
      maxRunning = Math.max(maxRunning, running);
      try {
        await release.promise;
      } finally {
        running--;
      }
      return { output: 'ok' };
    },
  };
  return {
    executor,
    stats: () => ({ running, maxRunning, started }),
    open: () => release.resolve(),
    close: () => {
      release = deferred();
    },
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function project(trigger: string, executors: StepExecutor[]): Promise<Engine> {
  const temp = await createTempProject({
    tick: `version = "1"\nname = "tick"\n[[triggers]]\n${trigger}\n[[steps]]\nid = "a"\nstep_type = "gate"\nargs = {}\n`,
  });
  cleanups.push(() => temp.cleanup());
  const engine = createEngine({ cwd: temp.dir, store: new InMemoryExecutionStore(), executors });
  cleanups.push(() => engine.shutdown({ graceMs: 0 }));
  return engine;
}

async function run(engine: Engine, options = {}): Promise<Scheduler> {
  const scheduler = await startScheduler(engine, options);
  cleanups.push(() => scheduler.stop());
  return scheduler;
}

async function ticks(engine: Engine) {
  return (await engine.store.listScheduleTicks?.({ workflow_name: 'tick', trigger_index: 0 }, 1000)) ?? [];
}

describe('overlap', () => {
  it('skip: while a run holds, later ticks are skipped and say why', { timeout: 30_000 }, async () => {
    const g = gate();
    const engine = await project('cron = "* * * * * *"', [g.executor]);
    await run(engine);
    await waitFor(async () => (await ticks(engine)).filter((t) => t.outcome === 'skipped').length >= 2, 20_000);
    expect(g.stats().started).toBe(1);
    const skipped = (await ticks(engine)).find((t) => t.outcome === 'skipped');
    expect(skipped?.note).toBe('an execution of this schedule is still running');
    g.open();
    await waitFor(() => g.stats().started >= 2, 20_000);
    expect(g.stats().maxRunning).toBe(1);
  });

  it('skip: finds its running execution behind hundreds of others of the same workflow', {
    timeout: 30_000,
  }, async () => {
    const g = gate();
    const engine = await project('cron = "* * * * * *"', [g.executor]);
    await run(engine);
    await waitFor(() => g.stats().started === 1, 20_000);
    const [own] = (await engine.store.listExecutions({ workflow_name: 'tick' })).items;
    if (!own?.definition) throw new Error('the first tick started no execution');
    for (let i = 0; i < 450; i++) {
      const id = `other-${String(i).padStart(3, '0')}`;
      await engine.store.createExecution({ id, workflow_name: 'tick', inputs: {}, definition: own.definition });
      await engine.store.appendEvent(id, { type: 'workflow_started', inputs: {} });
    }
    const after = new Date().toISOString();
    await waitFor(
      async () => (await ticks(engine)).some((t) => t.outcome === 'skipped' && t.claimed_at > after),
      20_000,
    );
    expect(g.stats().started).toBe(1);
    g.open();
  });

  it('queue: a tick waits for the running execution, then starts; never two at once', { timeout: 30_000 }, async () => {
    const g = gate();
    const engine = await project('cron = "* * * * * *"\noverlap = "queue"', [g.executor]);
    await run(engine);
    await waitFor(async () => (await ticks(engine)).some((t) => t.outcome === 'queued'), 20_000);
    expect(g.stats().started).toBe(1);
    g.open();
    await waitFor(() => g.stats().started >= 3, 20_000);
    expect(g.stats().maxRunning).toBe(1);
    const all = await ticks(engine);
    expect(all.filter((t) => t.outcome === 'skipped')).toEqual([]);
    const queuedThenStarted = all.filter((t) => t.outcome === 'started').length;
    expect(queuedThenStarted).toBeGreaterThanOrEqual(3);
  });

  it('allow: ticks start while earlier runs hold', { timeout: 30_000 }, async () => {
    const g = gate();
    const engine = await project('cron = "* * * * * *"\noverlap = "allow"', [g.executor]);
    await run(engine);
    await waitFor(() => g.stats().running >= 2, 20_000);
    g.open();
    expect(g.stats().maxRunning).toBeGreaterThanOrEqual(2);
  });
});

describe('pause, resume and listing', () => {
  it('lists next fire times; a paused schedule fires nothing until resumed', { timeout: 30_000 }, async () => {
    const g = gate();
    g.open();
    const engine = await project(
      'cron = "* * * * * *"\ntimezone = "Europe/Paris"\ninputs = { who = "x" }\n[[triggers]]\ncron = "* * * * * *"\noverlap = "allow"',
      [g.executor],
    );
    const [listed] = await listSchedules(engine, new Date('2026-01-01T00:00:00.500Z'));
    expect(listed).toMatchObject({
      workflow_name: 'tick',
      trigger_index: 0,
      cron: '* * * * * *',
      timezone: 'Europe/Paris',
      overlap: 'skip',
      catch_up: 'none',
      inputs: { who: 'x' },
      paused: false,
      next_fire: '2026-01-01T00:00:01.000Z',
      last_ticks: [],
    });
    const paused = await setSchedulePaused(engine, { workflow_name: 'tick', trigger_index: 0 }, true);
    expect(paused).toMatchObject({ paused: true });
    expect(paused.next_fire).toBeUndefined();
    await expect(setSchedulePaused(engine, { workflow_name: 'tick', trigger_index: 3 }, true)).rejects.toMatchObject({
      code: 'WORKFLOW_NOT_FOUND',
    });
    const scheduler = await run(engine);
    // The second schedule of the same workflow fires three times meanwhile: the paused one claims nothing.
    const second = { workflow_name: 'tick', trigger_index: 1 };
    await waitFor(async () => ((await engine.store.listScheduleTicks?.(second)) ?? []).length >= 3, 20_000);
    await scheduler.stop();
    expect(await ticks(engine)).toEqual([]);
    await setSchedulePaused(engine, { workflow_name: 'tick', trigger_index: 0 }, false);
    await run(engine);
    await waitFor(async () => (await ticks(engine)).some((t) => t.outcome === 'started'), 20_000);
    const record = (await engine.listExecutions()).items.find((e) => e.trigger?.index === 0);
    expect(record?.trigger).toMatchObject({ type: 'schedule', index: 0 });
    expect(record?.inputs).toEqual({ who: 'x' });
  });
});

describe('catch-up after downtime (injected clock)', () => {
  const NOW = Date.parse('2026-01-01T05:30:00.000Z');
  async function caughtUp(policy: string, lastTick: string, cron = '0 * * * *'): Promise<string[]> {
    const g = gate();
    g.open();
    const engine = await project(`cron = "${cron}"\ncatch_up = "${policy}"\noverlap = "allow"`, [g.executor]);
    const key = { workflow_name: 'tick', trigger_index: 0, tick: lastTick };
    await engine.store.claimScheduleTick?.(key);
    await engine.store.settleScheduleTick?.(key, { outcome: 'started' });
    const scheduler = await startScheduler(engine, { now: () => NOW });
    await scheduler.stop(); // the first wake-up (catch-up included) completes before it stops
    return (await ticks(engine))
      .filter((t) => t.tick !== lastTick)
      .map((t) => t.tick)
      .sort();
  }

  it('none fires nothing, latest the last missed tick, all each missed tick', { timeout: 30_000 }, async () => {
    expect(await caughtUp('none', '2026-01-01T00:00:00.000Z')).toEqual([]);
    expect(await caughtUp('latest', '2026-01-01T00:00:00.000Z')).toEqual(['2026-01-01T05:00:00.000Z']);
    expect(await caughtUp('all', '2026-01-01T00:00:00.000Z')).toEqual([
      '2026-01-01T01:00:00.000Z',
      '2026-01-01T02:00:00.000Z',
      '2026-01-01T03:00:00.000Z',
      '2026-01-01T04:00:00.000Z',
      '2026-01-01T05:00:00.000Z',
    ]);
  });

  it('all fires at most 100 missed ticks (the latest) and looks back 24 hours at most', {
    timeout: 60_000,
  }, async () => {
    const fired = await caughtUp('all', '2025-12-01T00:00:00.000Z', '*/5 * * * *');
    expect(fired).toHaveLength(100);
    expect(fired.at(-1)).toBe('2026-01-01T05:30:00.000Z');
    expect(fired[0]).toBe('2025-12-31T21:15:00.000Z');
    expect(await caughtUp('latest', '2025-12-01T00:00:00.000Z', '0 3 * * *')).toEqual(['2026-01-01T03:00:00.000Z']);
  });

  it('a paused schedule catches nothing up', { timeout: 30_000 }, async () => {
    const g = gate();
    g.open();
    const engine = await project('cron = "0 * * * *"\ncatch_up = "all"\noverlap = "allow"', [g.executor]);
    const key = { workflow_name: 'tick', trigger_index: 0, tick: '2026-01-01T00:00:00.000Z' };
    await engine.store.claimScheduleTick?.(key);
    await engine.store.settleScheduleTick?.(key, { outcome: 'started' });
    await setSchedulePaused(engine, { workflow_name: 'tick', trigger_index: 0 }, true);
    const scheduler = await startScheduler(engine, { now: () => NOW });
    await scheduler.stop();
    expect((await ticks(engine)).map((t) => t.tick)).toEqual([key.tick]);
  });

  it('a schedule that never fired does not catch up', { timeout: 30_000 }, async () => {
    const g = gate();
    const engine = await project('cron = "0 * * * *"\ncatch_up = "all"', [g.executor]);
    const scheduler = await startScheduler(engine, { now: () => NOW });
    await scheduler.stop();
    expect(await ticks(engine)).toEqual([]);
  });
});
