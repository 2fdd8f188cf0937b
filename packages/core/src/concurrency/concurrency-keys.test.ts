// Concurrency keys end to end on real processes and a real SQLite file shared by two engines: executions with the
// same key never overlap (timestamps their steps wrote), other keys run at once, queue / skip / cancel-running, and
// the key's slot is freed however the holder ends (failure, cancel, a dead process).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { waitFor } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { gatedDeploy, meetingDeploy, overlaps, timedDeploy, timeline } from '../../test/concurrency-workflows.js';
import { useEngines } from '../../test/engine-fixture.js';
import type { Engine } from '../engine-types.js';

const engines = useEngines('skill-concurrency-');

const stepRunning = (engine: Engine, id: string) =>
  waitFor(async () => (await engine.getExecution(id))?.steps.work?.status === 'running', 30_000);

const queued = (engine: Engine, id: string) =>
  waitFor(async () => {
    const record = await engine.getExecution(id);
    return record?.status === 'queued' ? record : undefined;
  }, 30_000);

describe('concurrency keys', () => {
  it('never lets two executions with the same key overlap, across two engines sharing the store', async () => {
    const { dir, runner, other } = await engines.twoEngines();
    const started = await Promise.all(
      [runner, other, runner, other].map((engine) => engine.start(timedDeploy(), { env: 'prod' })),
    );
    const records = await Promise.all(started.map((s) => s.done));
    expect(records.map((r) => r.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    const spans = await timeline(dir);
    expect(spans.size).toBe(4);
    expect(overlaps(spans)).toEqual([]);
    // The ones that waited said what for.
    const waits = await Promise.all(
      records.map(async (r) => (await runner.listEvents(r.id)).filter((e) => e.type === 'workflow_queued')),
    );
    const reasons = waits.flat().map((e) => (e.type === 'workflow_queued' ? e.waiting_for.reason : ''));
    expect(reasons.length).toBeGreaterThanOrEqual(3);
    for (const reason of reasons)
      expect(reason).toMatch(/^waiting for concurrency key deploy-prod \(1\/1 held by \S+\)$/);
    expect(await runner.store.listConcurrencyHolders?.('deploy-prod')).toEqual([]);
  });

  it('queues with a visible reason, and lets a limit of 2 run two at once', async () => {
    const { dir, engine, touch } = await engines.project();
    const first = await engine.start(gatedDeploy(), { env: 'prod' });
    await stepRunning(engine, first.executionId);
    const second = await engine.start(gatedDeploy(), { env: 'prod' });
    const waiting = await queued(engine, second.executionId);
    expect(waiting.waiting_for).toEqual({
      reason: `waiting for concurrency key deploy-prod (1/1 held by ${first.executionId})`,
      key: 'deploy-prod',
      limit: 1,
      holders: [first.executionId],
    });
    expect(waiting.steps).toEqual({});
    await touch('gate');
    expect((await second.done).status).toBe('completed');
    expect((await engine.getExecution(second.executionId))?.waiting_for).toBeUndefined();
    const two = await Promise.all([1, 2, 3].map(() => engine.start(timedDeploy('queue', 2), { env: 'two' })));
    expect((await Promise.all(two.map((s) => s.done))).map((r) => r.status)).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
    expect(dir).toBeTruthy();
  });

  it('runs executions with different keys at the same time', async () => {
    const { engine } = await engines.project();
    const [a, b] = await Promise.all([
      engine.start(meetingDeploy(), { env: 'a', other: 'b' }),
      engine.start(meetingDeploy(), { env: 'b', other: 'a' }),
    ]);
    expect((await a.done).status).toBe('completed');
    expect((await b.done).status).toBe('completed');
  });

  it('skip: the newcomer ends as skipped, naming the holder, and nothing of it runs', async () => {
    const { engine, touch } = await engines.project();
    const holder = await engine.start(gatedDeploy('skip'), { env: 'prod' });
    await stepRunning(engine, holder.executionId);
    const skipped = await (await engine.start(gatedDeploy('skip'), { env: 'prod' })).done;
    expect(skipped.status).toBe('skipped');
    expect(skipped.error).toMatchObject({
      code: 'CONCURRENCY_SKIPPED',
      message: `skipped: concurrency key deploy-prod is taken (1/1 held by ${holder.executionId})`,
    });
    expect(skipped.steps).toEqual({});
    await touch('gate');
    expect((await holder.done).status).toBe('completed');
  });

  it('cancel-running: the holder is cancelled with a reason naming the newcomer, which then runs', async () => {
    const { engine, touch } = await engines.project();
    const holder = await engine.start(gatedDeploy('cancel-running'), { env: 'prod' });
    await stepRunning(engine, holder.executionId);
    const newcomer = await engine.start(gatedDeploy('cancel-running'), { env: 'prod' });
    const cancelled = await holder.done;
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.error?.message).toBe(
      `cancelled: concurrency key deploy-prod is taken over by execution ${newcomer.executionId}`,
    );
    await stepRunning(engine, newcomer.executionId);
    await touch('gate');
    expect((await newcomer.done).status).toBe('completed');
  });

  it('cancel-running reaches a holder that another engine runs (through the store)', async () => {
    const { runner, other, touch } = await engines.twoEngines();
    const holder = await runner.start(gatedDeploy('cancel-running'), { env: 'prod' });
    await stepRunning(runner, holder.executionId);
    const newcomer = await other.start(gatedDeploy('cancel-running'), { env: 'prod' });
    const cancelled = await holder.done;
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.error?.message).toContain(newcomer.executionId);
    await stepRunning(other, newcomer.executionId);
    await touch('gate');
    expect((await newcomer.done).status).toBe('completed');
  });

  it('frees the key when the holder fails or is cancelled, and a queued execution can be cancelled', async () => {
    const { engine, dir, touch } = await engines.project();
    const failing = await engine.start(gatedDeploy(), { env: 'prod' });
    await stepRunning(engine, failing.executionId);
    const next = await engine.start(gatedDeploy(), { env: 'prod' });
    await queued(engine, next.executionId);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${dir}/exit-code`, '3');
    await touch('gate');
    expect((await failing.done).status).toBe('failed');
    await writeFile(`${dir}/exit-code`, '0');
    expect((await next.done).status).toBe('completed');

    const { rm } = await import('node:fs/promises');
    await rm(`${dir}/gate`);
    const holder = await engine.start(gatedDeploy(), { env: 'prod' });
    await stepRunning(engine, holder.executionId);
    const waiter = await engine.start(gatedDeploy(), { env: 'prod' });
    const hopeless = await engine.start(gatedDeploy(), { env: 'prod' });
    await queued(engine, hopeless.executionId);
    const stopped = await engine.cancel(hopeless.executionId, { reason: 'not needed', wait: true });
    expect(stopped.record).toMatchObject({ status: 'cancelled', steps: {}, error: { message: 'not needed' } });
    await engine.cancel(holder.executionId, { wait: true });
    await stepRunning(engine, waiter.executionId);
    await touch('gate');
    expect((await waiter.done).status).toBe('completed');
  });

  it('reclaims the slot of a holder whose process is gone', async () => {
    const { engine } = await engines.project();
    const child = spawn(process.execPath, ['-e', '']);
    await once(child, 'exit');
    const dead = { host: hostname(), pid: child.pid ?? 0 };
    const ghost = await engine.start(gatedDeploy(), { env: 'prod' }, { handOff: () => {} });
    await engine.store.appendEvent(ghost.executionId, { type: 'workflow_started', inputs: {}, owner: dead });
    await engine.store.acquireConcurrencySlot?.({ key: 'deploy-prod', limit: 1, execution_id: ghost.executionId });
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${engine.cwd}/gate`, '');
    expect((await engine.run(gatedDeploy(), { env: 'prod' })).status).toBe('completed');
  });
});

describe('a queued execution whose process died', () => {
  it('shows as interrupted, and resumes: it asks for the key again and runs', async () => {
    const { engine, touch } = await engines.project();
    const child = spawn(process.execPath, ['-e', '']);
    await once(child, 'exit');
    const owner = { host: hostname(), pid: child.pid ?? 0 };
    const orphan = await engine.start(gatedDeploy(), { env: 'prod' }, { handOff: () => {} });
    const waiting_for = {
      reason: 'waiting for concurrency key deploy-prod (1/1 held by gone)',
      key: 'deploy-prod',
      limit: 1,
      holders: ['gone'],
    };
    await engine.store.appendEvent(orphan.executionId, { type: 'workflow_queued', waiting_for, owner });
    expect((await engine.getExecution(orphan.executionId))?.status).toBe('interrupted');
    await touch('gate');
    const [resumed] = await engine.resumeUnfinished();
    expect(resumed?.executionId).toBe(orphan.executionId);
    expect((await resumed?.done)?.status).toBe('completed');
  });
});
