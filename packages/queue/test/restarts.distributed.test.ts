// The queue's own failures: Redis restarting mid-run loses no job, and a worker stopped with SIGTERM hands its
// steps back once its grace period is over, so they finish on another worker.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTempProject, type TempDir, waitFor } from '@skill/test-kit';
import { createEngine, type Engine } from '@skill/workflow-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createQueueDispatcher, type QueueDispatcher } from '../src/index.js';
import { findRedisServer, type RedisServer, startRedis } from './redis-server.js';
import { startWorker, type WorkerProcess } from './worker-process.js';

const THREE_STEPS = `name = "three"
version = "1"
[[steps]]
id = "one"
command = "echo one >> done.txt"
[[steps]]
id = "two"
depends_on = ["one"]
command = "while [ ! -f go.txt ]; do sleep 0.1; done; echo two >> done.txt"
[[steps]]
id = "three"
depends_on = ["two"]
command = "echo three >> done.txt"
`;

const LONG = `name = "long"
version = "1"
[[steps]]
id = "work"
command = "echo started >> starts.txt; sleep 3; echo ended >> ends.txt"
`;

describe('queue restarts and worker shutdowns', () => {
  let project: TempDir | undefined;
  let engine: Engine | undefined;
  let dispatcher: QueueDispatcher | undefined;
  let redis: RedisServer | undefined;
  let redisDir: string | undefined;
  const workers: WorkerProcess[] = [];

  afterEach(async () => {
    await Promise.allSettled(workers.splice(0).map((worker) => worker.kill()));
    await engine?.shutdown({ graceMs: 0 });
    await dispatcher?.close();
    await redis?.stop();
    await project?.cleanup();
    if (redisDir) await rm(redisDir, { recursive: true, force: true });
    project = engine = dispatcher = redis = redisDir = undefined;
  });

  const bin = findRedisServer();

  it.skipIf(!bin)('Redis restarting mid-run loses no job: the run goes on and every step runs once', async () => {
    redisDir = await mkdtemp(join(tmpdir(), 'skill-redis-restart-'));
    redis = await startRedis(bin as string, redisDir);
    project = await createTempProject({ three: THREE_STEPS }, 'skill-restart-');
    dispatcher = await createQueueDispatcher(redis.url);
    engine = createEngine({ cwd: project.dir, stepDispatcher: dispatcher });
    workers.push(await startWorker(redis.url, project.dir, { name: 'steady' }));
    const started = await engine.start('three');
    const dir = project.dir;
    await waitFor(async () => (await readFile(join(dir, 'done.txt'), 'utf8').catch(() => '')).includes('one'));
    const port = redis.port;
    await redis.stop();
    redis = await startRedis(bin as string, redisDir, port);
    await (await import('node:fs/promises')).writeFile(join(dir, 'go.txt'), 'go');
    const record = await started.done;
    expect(record.status).toBe('completed');
    expect((await readFile(join(dir, 'done.txt'), 'utf8')).trim().split('\n')).toEqual(['one', 'two', 'three']);
  });

  const base = inject('redisUrl');
  it.skipIf(!base)(
    'SIGTERM: a worker lets its step finish within the grace period, then hands the rest back',
    async () => {
      project = await createTempProject({ long: LONG }, 'skill-sigterm-');
      const url = `${base}/15`;
      dispatcher = await createQueueDispatcher(url);
      engine = createEngine({ cwd: project.dir, stepDispatcher: dispatcher });
      const dir = project.dir;
      const leaving = await startWorker(url, dir, { name: 'leaving', concurrency: 1, grace: 200 });
      workers.push(leaving);
      const started = await engine.start('long');
      await waitFor(async () => (await readFile(join(dir, 'starts.txt'), 'utf8').catch(() => '')).includes('started'));
      workers.push(await startWorker(url, dir, { name: 'staying', concurrency: 1 }));
      expect(await leaving.stop()).toBe(0);
      const record = await started.done;
      expect(record.status).toBe('completed');
      const retrying = (await engine.store.listEvents(record.id)).find((e) => e.type === 'step_retrying');
      expect(retrying).toMatchObject({ error: 'worker lost (worker shutting down)', error_code: 'WORKER_LOST' });
      expect(record.steps.work?.attempts).toBe(2);
      expect((await readFile(join(dir, 'starts.txt'), 'utf8')).trim().split('\n')).toHaveLength(2);
    },
  );
});
