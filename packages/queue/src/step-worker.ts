// `skill worker`: takes step jobs from the queues of its labels, runs them with the engine's executors, reports back.
import { hostname } from 'node:os';
import type { EngineOptions } from '@skill/workflow-core';
import { createStepJobRunner, type StepJobOutcome } from '@skill/workflow-core/step-jobs';
import type { StepJob, WorkerInfo } from '@skill/workflow-model';
import type { Job, Worker } from 'bullmq';
import { openQueueConnection } from './queue-connection.js';
import { CONTROL_QUEUE, labelProblem, MAX_WORKER_LABELS, queuesServedBy } from './queue-names.js';
import { HEARTBEAT_MS } from './worker-registry.js';

/**
 * A job's lock lasts this long and is renewed every half of it; a worker that stops renewing (killed, frozen)
 * has its jobs found by the other workers' stalled check, which runs this often. Together: a lost step is
 * noticed within about LOCK_MS + STALLED_CHECK_MS (7.5 s), well under BullMQ's defaults of 30 s and more.
 */
const LOCK_MS = 5000;
const STALLED_CHECK_MS = 2500;

/** Settings of {@link startStepWorker}. */
export interface StepWorkerOptions {
  url: string;
  /** Steps run at once (default 4). */
  concurrency?: number;
  labels?: string[];
  /** Default `<host>-<pid>`. */
  name?: string;
  /** The engine settings steps run with (cwd, secrets file, step environment, warm pool...). */
  engine?: EngineOptions;
  /** Told of each finished step (metrics). */
  onStepDone?: (outcome: 'completed' | 'failed' | 'cancelled', seconds: number) => void;
}

/** A running worker. */
export interface StepWorker {
  readonly name: string;
  info(): WorkerInfo;
  /**
   * Stops taking jobs, lets running steps finish for up to `graceMs`, then stops the rest: their jobs fail
   * with "worker shutting down" and their coordinators run them again elsewhere.
   */
  stop(graceMs: number): Promise<void>;
}

/** Starts taking jobs; resolves once connected to every queue of its labels. */
export async function startStepWorker(options: StepWorkerOptions): Promise<StepWorker> {
  const labels = options.labels ?? [];
  const problem = labels.map(labelProblem).find((text) => text !== undefined);
  if (problem) throw new Error(problem);
  if (labels.length > MAX_WORKER_LABELS) throw new Error(`a worker takes at most ${MAX_WORKER_LABELS} labels`);
  const conn = await openQueueConnection(options.url);
  const concurrency = options.concurrency ?? 4;
  const name = options.name ?? `${hostname()}-${process.pid}`;
  const runner = createStepJobRunner(options.engine ?? {});
  const running = new Map<string, AbortController>();
  const cancelled = new Set<string>();
  let stopping = false;
  let free = concurrency;
  const waiters: (() => void)[] = [];
  const slot = async () => {
    while (free === 0) await new Promise<void>((resolve) => waiters.push(resolve));
    free -= 1;
  };
  const release = () => {
    free += 1;
    waiters.shift()?.();
  };

  const info = (): WorkerInfo => ({
    name,
    labels,
    running: running.size,
    concurrency,
    last_heartbeat: new Date().toISOString(),
    host: hostname(),
    pid: process.pid,
  });

  async function processJob(job: Job<StepJob>, _token?: string, signal?: AbortSignal): Promise<StepJobOutcome> {
    const jobId = String(job.id);
    if (cancelled.has(jobId)) throw new Error('cancelled before it started');
    await slot();
    if (stopping) {
      release();
      throw new Error('worker shutting down');
    }
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    running.set(jobId, controller);
    const started = performance.now();
    // Lines go out in order, and all of them before the result.
    let lines: Promise<unknown> = Promise.resolve();
    try {
      const outcome = await runner.run(job.data, {
        signal: controller.signal,
        log: (line, stream) => {
          lines = lines.then(() => job.updateProgress({ line, stream: stream ?? 'stdout' }).catch(() => undefined));
        },
      });
      await lines;
      const seconds = (performance.now() - started) / 1000;
      if (controller.signal.aborted) {
        options.onStepDone?.('cancelled', seconds);
        throw new Error(String(controller.signal.reason ?? 'cancelled'));
      }
      options.onStepDone?.(outcome.ok ? 'completed' : 'failed', seconds);
      return outcome;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      running.delete(jobId);
      release();
    }
  }

  const workers: Worker[] = queuesServedBy(labels).map((queueName) => {
    const worker = new conn.classes.Worker<StepJob, StepJobOutcome>(queueName, processJob, {
      connection: conn.connection,
      concurrency,
      name,
      lockDuration: LOCK_MS,
      stalledInterval: STALLED_CHECK_MS,
      // A stalled job is not run again as the same job: it fails, and its coordinator dispatches a new attempt.
      maxStalledCount: 0,
    }) as unknown as Worker;
    worker.on('error', () => undefined); // reconnects on its own
    return worker;
  });
  const producer = new conn.classes.QueueEventsProducer(CONTROL_QUEUE, { connection: conn.connection });
  const controlEvents = new conn.classes.QueueEvents(CONTROL_QUEUE, { connection: conn.connection, ...conn.events });
  controlEvents.on('error', () => undefined);
  controlEvents.on(
    'cancel' as never,
    ((args: { job?: string }) => {
      if (typeof args.job !== 'string') return;
      cancelled.add(args.job);
      if (cancelled.size > 10_000) cancelled.delete(cancelled.values().next().value as string);
      running.get(args.job)?.abort('cancelled');
    }) as never,
  );
  await Promise.all([...workers.map((worker) => worker.waitUntilReady()), controlEvents.waitUntilReady()]);
  const beat = () =>
    producer.publishEvent({ eventName: 'heartbeat', worker: JSON.stringify(info()) }, 1000).catch(() => undefined);
  void beat();
  const heartbeat = setInterval(beat, HEARTBEAT_MS);

  return {
    name,
    info,
    async stop(graceMs) {
      stopping = true;
      clearInterval(heartbeat);
      const closing = Promise.all(workers.map((worker) => worker.close()));
      const grace = setTimeout(() => {
        for (const controller of running.values()) controller.abort('worker shutting down');
      }, graceMs);
      await closing;
      clearTimeout(grace);
      await producer.publishEvent({ eventName: 'worker_gone', name }).catch(() => undefined);
      await Promise.allSettled([producer.close(), controlEvents.close(), runner.close()]);
    },
  };
}
