// The Workers page in headless Chromium, over a real queue: a real redis-server, the server's engine dispatching
// through BullMQ, and a real `skill worker` process (the built CLI) with labels. Its row shows name, labels and
// the steps it runs; a stopped worker leaves the page.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serviceReady, waitFor } from '@skill/test-kit';
import { createQueueDispatcher, type QueueDispatcher } from '@skill/workflow-queue';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRedisServer, type RedisServer, startRedis } from '../../../packages/queue/test/redis-server.js';
import { startWorker, type WorkerProcess } from '../../../packages/queue/test/worker-process.js';
import { chromiumAvailable, type DashboardFixture, readFixtures, startDashboard } from './browser-harness.js';
import { shot } from './dashboard-page.js';

const redisBin = findRedisServer();
const redisReady = await serviceReady('redis', async () => {
  if (!redisBin) throw new Error('redis-server not found (apt-get install -y redis-server)');
});

describe.skipIf(!(await chromiumAvailable()) || !redisReady)('workers page', () => {
  let redisDir: string;
  let redis: RedisServer;
  let dispatcher: QueueDispatcher;
  let fx: DashboardFixture;
  let worker: WorkerProcess | undefined;
  let page: Page;

  beforeAll(async () => {
    redisDir = await mkdtemp(path.join(tmpdir(), 'skill-web-redis-'));
    redis = await startRedis(redisBin as string, redisDir);
    dispatcher = await createQueueDispatcher(redis.url);
    fx = await startDashboard(await readFixtures('on-gpu'), { stepDispatcher: dispatcher });
    worker = await startWorker(redis.url, fx.dir, { name: 'gpu-box-1', labels: ['gpu', 'linux'], concurrency: 3 });
    page = await fx.newPage();
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await fx?.close();
    await dispatcher?.close();
    await redis?.stop();
    await rm(redisDir, { recursive: true, force: true });
  });

  it('shows the live worker with its labels and the step it runs, and drops it once it stops', async () => {
    await page.goto(`${fx.url}/workflows`);
    await page.getByTestId('nav-workers').click();
    const row = page.getByTestId('worker-row-gpu-box-1');
    await row.waitFor();
    const idle = (await row.textContent()) ?? '';
    expect(idle).toContain('gpu');
    expect(idle).toContain('linux');
    expect(idle).toContain('0 / 3');

    // A step for gpu workers runs on it: the row counts it while it runs (the page refreshes every 2 s).
    const started = await fx.engine.start('on-gpu', {});
    await row.filter({ hasText: '1 / 3' }).waitFor({ timeout: 20_000 });
    await shot(page, 'workers');
    await fx.openGate(started.executionId);
    const record = await started.done;
    expect(record.status).toBe('completed');
    await row.filter({ hasText: '0 / 3' }).waitFor({ timeout: 20_000 });

    // Stopped: no heartbeat for 5 s, and the page says no worker is live.
    expect(await worker?.stop()).toBe(0);
    worker = undefined;
    await page.getByTestId('workers-empty').waitFor({ timeout: 20_000 });
    await waitFor(async () => (await fx.engine.listWorkers()).length === 0, 10_000);
  });
});
