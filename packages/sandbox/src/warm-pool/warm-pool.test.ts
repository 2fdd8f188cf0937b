// The pool's bookkeeping with fake containers: hits and misses, waiting for a start, the memory ceiling, exits and close.
import { type Deferred, deferred } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import type { WarmPlan } from './warm-launch.js';
import { type Pooled, WarmPool } from './warm-pool.js';

interface Fake extends Pooled {
  id: number;
  exit: Deferred<void>;
}

/** A pool whose starts wait for the test to finish them (`finish()` completes the oldest pending start). */
function fakePool(size: number, memoryCeilingBytes = 1024) {
  const starts: Array<Deferred<Fake>> = [];
  const discarded: number[] = [];
  let next = 0;
  const pool = new WarmPool<Fake>(
    { size, idleMs: 60_000, memoryCeilingBytes },
    {
      start: () => {
        const started = deferred<Fake>();
        starts.push(started);
        return started.promise;
      },
      discard: async (item) => {
        discarded.push(item.id);
      },
    },
  );
  const plan = { key: 'k', memoryBytes: 100 } as WarmPlan;
  const finish = async (): Promise<Fake> => {
    next += 1;
    const exit = deferred<void>();
    const item: Fake = { id: next, key: 'k', memoryBytes: 100, exit, exited: exit.promise };
    starts.shift()?.resolve(item);
    await Promise.resolve();
    await Promise.resolve();
    return item;
  };
  const fail = async (): Promise<void> => {
    starts.shift()?.reject(new Error('no /bin/sh'));
    await Promise.resolve();
    await Promise.resolve();
  };
  return { pool, plan, starts, discarded, finish, fail };
}

const live = new AbortController().signal;

describe('WarmPool', () => {
  it('misses on a new key and fills it; later takes hit, and the key refills when their run is over', async () => {
    const { pool, plan, starts, finish } = fakePool(2);
    expect(await pool.take(plan, live)).toBeUndefined();
    expect(starts).toHaveLength(2);
    await finish();
    await finish();
    expect(pool.stats()).toMatchObject({ hits: 0, misses: 1, idle: 2, starting: 0 });
    const taken = await pool.take(plan, live);
    expect(taken?.id).toBe(1);
    expect(pool.stats()).toMatchObject({ hits: 1, idle: 1, starting: 0 }); // no start while the run goes on
    if (taken) pool.finished(taken);
    expect(pool.stats()).toMatchObject({ idle: 1, starting: 1 });
  });

  it('waits for a container started earlier, but runs cold when every start is promised already', async () => {
    const { pool, plan, finish } = fakePool(1);
    await pool.take(plan, live); // learns the key: one start
    const first = pool.take(plan, live); // waits for that start
    expect(await pool.take(plan, live)).toBeUndefined(); // nothing left to wait for: cold
    await finish();
    expect((await first)?.id).toBe(1);
    expect(pool.stats()).toMatchObject({ hits: 1, misses: 2, starting: 0 });
  });

  it('stops waiting when the run is aborted', async () => {
    const { pool, plan } = fakePool(1);
    await pool.take(plan, live);
    const controller = new AbortController();
    const waiting = pool.take(plan, controller.signal);
    controller.abort();
    expect(await waiting).toBeUndefined();
  });

  it('keeps the summed memory of idle and starting containers under the ceiling', async () => {
    const { pool, plan, starts, finish } = fakePool(5, 250);
    await pool.take(plan, live);
    expect(starts).toHaveLength(2);
    await finish();
    await finish();
    expect(pool.memoryInUse()).toBe(200);
    const taken = await pool.take(plan, live);
    expect(pool.memoryInUse()).toBe(100); // a taken container no longer counts
    if (taken) pool.finished(taken);
    expect(pool.memoryInUse()).toBe(200); // one started in its place
  });

  it('pauses a key whose start failed, and wakes the runs waiting for it', async () => {
    const { pool, plan, starts, fail } = fakePool(1);
    await pool.take(plan, live);
    const waiting = pool.take(plan, live);
    await fail();
    expect(await waiting).toBeUndefined();
    expect(await pool.take(plan, live)).toBeUndefined();
    expect(starts).toHaveLength(0); // no new start during the pause
    expect(pool.stats().failures).toBe(1);
  });

  it('drops an idle container that exits, and discards everything at close', async () => {
    const { pool, plan, discarded, finish } = fakePool(2);
    await pool.take(plan, live);
    const dying = await finish();
    await finish();
    dying.exit.resolve();
    await dying.exited;
    await Promise.resolve();
    expect(discarded).toEqual([1]);
    expect(pool.stats().idle).toBe(1);
    await pool.close();
    expect(discarded).toEqual([1, 2]);
    expect(await pool.take(plan, live)).toBeUndefined();
    expect(pool.stats().idle).toBe(0);
  });
});
