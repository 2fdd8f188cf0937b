// Finished jobs read back from the queue's store (the events a dispatcher missed), on Redis and on PostgreSQL.
import { waitFor } from '@skill/test-kit';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { type FinishedJob, type FinishedJobQueue, openFinishedJobs } from '../src/finished-jobs.js';
import { openQueueConnection } from '../src/queue-connection.js';
import { freshQueueUrl } from './queue-urls.js';

const backends = [
  { name: 'redis', base: inject('redisUrl') },
  { name: 'postgres', base: inject('postgresUrl') },
] as const;

describe.each(backends)('finished jobs on $name', ({ name, base }) => {
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it.skipIf(!base)('reads back the completed and failed jobs it is asked for, and nothing else', async () => {
    const url = await freshQueueUrl(name, base);
    const conn = await openQueueConnection(url);
    const finished = await openFinishedJobs(conn);
    closers.push(() => finished.close());
    const queue = new conn.classes.Queue('skill-steps', { connection: conn.connection });
    closers.push(() => queue.close());
    const add = (id: string, data: object) =>
      queue.add('step', data, { jobId: id, removeOnComplete: finished.keep, removeOnFail: finished.keep });
    await add('good', { fail: false });
    await add('bad', { fail: true });
    const worker = new conn.classes.Worker(
      'skill-steps',
      async (job: { data: { fail: boolean } }) => {
        if (job.data.fail) throw new Error('it broke');
        return { ok: true, result: { output: 'done' } };
      },
      { connection: conn.connection },
    );
    closers.push(() => worker.close());
    await worker.waitUntilReady();

    const asQueue = queue as unknown as FinishedJobQueue;
    const read = await waitFor(async () => {
      const jobs = await finished.read(asQueue, ['good', 'bad', 'never-added']);
      return jobs.length === 2 ? jobs : undefined;
    });
    const byId = Object.fromEntries(read.map((job) => [job.id, job])) as Record<string, FinishedJob>;
    expect(byId.good).toEqual({
      id: 'good',
      state: 'completed',
      returnvalue: { ok: true, result: { output: 'done' } },
    });
    expect(byId.bad).toEqual({ id: 'bad', state: 'failed', failedReason: 'it broke' });

    // Tidying keeps what a read-back may still need (PostgreSQL: the last minute; Redis: the newest 1,000).
    await finished.tidy(asQueue);
    expect((await finished.read(asQueue, ['good', 'bad'])).map((job) => job.id).sort()).toEqual(['bad', 'good']);
    // A job still waiting is not finished.
    await worker.close();
    await add('later', { fail: false });
    expect(await finished.read(asQueue, ['later'])).toEqual([]);
    expect(finished.keep).toEqual(name === 'postgres' ? false : { count: 1000 });
  });
});
