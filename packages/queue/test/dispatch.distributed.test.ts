// Steps dispatched through BullMQ to real `skill worker` processes, on Redis and on PostgreSQL: results and logs
// come back, a killed worker's step completes elsewhere once (as a new attempt, "worker lost"), labels route, cancel reaches a remote step.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempProject, isProcessAlive, type TempDir, waitFor } from '@skill/test-kit';
import { createEngine, type Engine } from '@skill/workflow-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createQueueDispatcher, openQueueConnection, type QueueDispatcher } from '../src/index.js';
import { freshQueueUrl } from './queue-urls.js';
import { startWorker, type WorkerProcess } from './worker-process.js';

const backends = [
  { name: 'redis', base: inject('redisUrl') },
  { name: 'postgres', base: inject('postgresUrl') },
] as const;

const WORKFLOWS = {
  hello: `name = "hello"
version = "1"
[[steps]]
id = "greet"
command = "echo hello; echo from-worker >&2; echo '{secrets.DISPATCH_TEST}' | grep -q '^worker-' && echo secret-ok"
[[steps]]
id = "after"
command = "echo got {greet.output}"
`,
  slow: `name = "slow"
version = "1"
[[steps]]
id = "work"
command = "echo started >> starts.txt; echo $$ > pid.txt; sleep 4; echo finished >> ends.txt"
`,
  routed: `name = "routed"
version = "1"
[[steps]]
id = "gpu_step"
runs_on = "gpu"
command = "echo on-gpu"
[[steps]]
id = "any_step"
command = "echo anywhere"
`,
  waiting: `name = "waiting"
version = "1"
[[steps]]
id = "tpu_step"
runs_on = ["tpu"]
command = "echo on-tpu"
`,
  sleeper: `name = "sleeper"
version = "1"
[[steps]]
id = "nap"
command = "echo $$ > nap.pid; exec sleep 120"
`,
};

describe.each(backends)('steps on skill workers over $name', ({ name, base }) => {
  let project: TempDir | undefined;
  let engine: Engine | undefined;
  let dispatcher: QueueDispatcher | undefined;
  const workers: WorkerProcess[] = [];

  afterEach(async () => {
    await Promise.allSettled(workers.splice(0).map((worker) => worker.kill()));
    await engine?.shutdown({ graceMs: 0 });
    await dispatcher?.close();
    await project?.cleanup();
    project = engine = dispatcher = undefined;
  });

  async function setUp(): Promise<{ url: string; dir: string; engine: Engine }> {
    const url = await freshQueueUrl(name, base);
    project = await createTempProject(WORKFLOWS, 'skill-dispatch-');
    dispatcher = await createQueueDispatcher(url);
    process.env.SKILL_SECRET_DISPATCH_TEST = 'coordinator-value';
    engine = createEngine({ cwd: project.dir, stepDispatcher: dispatcher });
    return { url, dir: project.dir, engine };
  }

  const worker = async (url: string, dir: string, options: Parameters<typeof startWorker>[2]) => {
    const started = await startWorker(url, dir, {
      ...options,
      env: { SKILL_SECRET_DISPATCH_TEST: 'worker-value', ...options.env },
    });
    workers.push(started);
    return started;
  };

  const eventsOf = async (executionId: string) => (engine ? engine.store.listEvents(executionId) : []);
  const messages = async (executionId: string, stepId: string) =>
    (await eventsOf(executionId)).flatMap((e) =>
      e.type === 'step_progress' && e.step_id === stepId && e.message ? [e.message] : [],
    );

  it.skipIf(!base)(
    'runs steps on a worker with its own secrets, streams their lines, keeps secrets out of jobs',
    async () => {
      const { url, dir, engine } = await setUp();
      await worker(url, dir, { name: 'w1' });
      const record = await engine.run('hello');
      expect(record.status).toBe('completed');
      expect(record.steps.greet?.output).toBe('hello\nsecret-ok');
      expect(record.steps.after?.output).toContain('got hello');
      expect((await messages(record.id, 'greet')).sort()).toEqual(['from-worker', 'hello', 'secret-ok']);
      // The jobs as the queue keeps them: the coordinator's secret is nowhere, the worker's neither.
      const conn = await openQueueConnection(url);
      const queue = new conn.classes.Queue('skill-steps', { connection: conn.connection });
      const jobs = await queue.getJobs(['completed']);
      await queue.close();
      expect(jobs.length).toBe(2);
      const stored = JSON.stringify(jobs.map((job) => [job.data, job.returnvalue]));
      expect(stored).toContain('{secrets.DISPATCH_TEST}');
      expect(stored).not.toContain('coordinator-value');
      expect(stored).not.toContain('worker-value');
    },
  );

  it.skipIf(!base)(
    'kill -9 of a worker mid-step: the step completes on another worker, one completion recorded',
    async () => {
      const { url, dir, engine } = await setUp();
      const first = await worker(url, dir, { name: 'doomed', concurrency: 1 });
      const started = await engine.start('slow');
      await waitFor(async () => (await readFile(join(dir, 'starts.txt'), 'utf8').catch(() => '')).includes('started'));
      await worker(url, dir, { name: 'survivor', concurrency: 1 });
      const killedAt = Date.now();
      await first.kill();
      const record = await started.done;
      console.log(`[${name}] worker killed; step rerun and completed ${Date.now() - killedAt} ms later`);
      expect(record.status).toBe('completed');
      // A new attempt, with the reason on its step_retrying event; exactly one completion.
      const events = (await eventsOf(record.id)).filter((e) => 'step_id' in e && e.step_id === 'work');
      expect(
        events.flatMap((e) => (e.type === 'step_progress' ? [] : [`${e.type} ${'attempt' in e ? e.attempt : ''}`])),
      ).toEqual(['step_started 1', 'step_retrying 1', 'step_started 2', 'step_completed 2']);
      expect(events.find((e) => e.type === 'step_retrying')).toMatchObject({
        error: expect.stringMatching(/^worker lost \(/),
        error_code: 'WORKER_LOST',
        next_attempt: 2,
        delay_ms: 0,
      });
      expect(record.steps.work?.attempts).toBe(2);
      const starts = (await readFile(join(dir, 'starts.txt'), 'utf8')).trim().split('\n');
      expect(starts).toHaveLength(2); // once on the killed worker, once on the survivor
    },
  );

  it.skipIf(!base)('routes steps by labels and says what a step without a worker waits for', async () => {
    const { url, dir, engine } = await setUp();
    const cpu = await worker(url, dir, { name: 'cpu-box', labels: ['cpu'] });
    const gpu = await worker(url, dir, { name: 'gpu-box', labels: ['gpu', 'linux'] });
    const record = await engine.run('routed');
    expect(record.status).toBe('completed');
    const completed = async (w: WorkerProcess) => {
      const text = await (await fetch(`${w.healthUrl}/metrics`)).text();
      return Number(/skill_worker_steps_total\{outcome="completed"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    expect(await completed(gpu)).toBeGreaterThanOrEqual(1);
    expect((await completed(cpu)) + (await completed(gpu))).toBe(2);
    const listed = await engine.listWorkers();
    expect(listed.map((w) => [w.name, w.labels])).toEqual([
      ['cpu-box', ['cpu']],
      ['gpu-box', ['gpu', 'linux']],
    ]);
    const waiting = await engine.start('waiting');
    await waitFor(async () => {
      return (await messages(waiting.executionId, 'tpu_step')).includes('waiting for a worker with labels tpu');
    }, 20_000);
    await worker(url, dir, { name: 'tpu-box', labels: ['tpu'] });
    expect((await waiting.done).steps.tpu_step?.output).toBe('on-tpu');
  });

  it.skipIf(!base)('a cancel reaches the step on its remote worker and stops its process', async () => {
    const { url, dir, engine } = await setUp();
    await worker(url, dir, { name: 'w1' });
    const started = await engine.start('sleeper');
    const pid = await waitFor(
      async () => Number(await readFile(join(dir, 'nap.pid'), 'utf8').catch(() => '')) || undefined,
    );
    expect(await isProcessAlive(pid)).toBe(true);
    await engine.cancel(started.executionId);
    expect((await started.done).status).toBe('cancelled');
    await waitFor(async () => !(await isProcessAlive(pid)));
  });
});
