// The StepDispatcher on BullMQ: each attempt becomes a job on the queue of its labels; results, logs and losses come back as queue events.
import type { StepJobOutcome } from '@skill/workflow-core/step-jobs';
import {
  type DispatchControl,
  type StepDispatcher,
  type StepJob,
  type StepResult,
  WorkflowError,
} from '@skill/workflow-model';
import type { IQueueBackend, Queue, QueueEvents } from 'bullmq';
import { type FinishedJob, type FinishedJobs, openFinishedJobs } from './finished-jobs.js';
import { openQueueConnection, type QueueConnection } from './queue-connection.js';
import { CONTROL_QUEUE, queueNameFor, stepJobId } from './queue-names.js';
import { type WorkerRegistry, watchWorkers } from './worker-registry.js';

/** When a cancel event is published again after the first (ms): see cancelJob. */
const CANCEL_REPEATS_MS = [250, 700];

interface Lane {
  queue: Queue<StepJob, StepJobOutcome, string, StepJob, StepJobOutcome, string, IQueueBackend, unknown>;
  events: QueueEvents<StepJobOutcome, IQueueBackend, unknown>;
}

interface Pending {
  job: StepJob;
  control: DispatchControl;
  lane: Lane;
  resolve(result: StepResult): void;
  reject(error: unknown): void;
  addedAt: number;
  started: boolean;
}

/** A dispatcher on a queue URL; close it when the engine has shut down. */
export interface QueueDispatcher extends StepDispatcher {
  readonly registry: WorkerRegistry;
  close(): Promise<void>;
}

function outcomeOf(value: unknown): StepJobOutcome | undefined {
  const outcome = typeof value === 'string' ? safeParse(value) : value;
  return typeof outcome === 'object' && outcome !== null && 'ok' in outcome ? (outcome as StepJobOutcome) : undefined;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Opens the queue at `url` (Redis or PostgreSQL) and dispatches step attempts to its workers. */
export async function createQueueDispatcher(url: string): Promise<QueueDispatcher> {
  const conn = await openQueueConnection(url);
  const registry = await watchWorkers(conn);
  const finished = await openFinishedJobs(conn);
  const control = new conn.classes.QueueEventsProducer(CONTROL_QUEUE, { connection: conn.connection });
  const lanes = new Map<string, Promise<Lane>>();
  const pending = new Map<string, Pending>();
  let closed = false;
  let closing: Promise<void> | undefined;

  const laneFor = (name: string): Promise<Lane> => {
    let lane = lanes.get(name);
    if (!lane) {
      lane = openLane(conn, name, pending, { settle, lost, check });
      lanes.set(name, lane);
    }
    return lane;
  };

  function settle(jobId: string, value: unknown): void {
    const entry = pending.get(jobId);
    const outcome = outcomeOf(value);
    if (!entry || !outcome) return;
    pending.delete(jobId);
    if (outcome.ok) entry.resolve(outcome.result);
    else entry.reject(new WorkflowError(outcome.error.code, outcome.error.message, outcome.error.details));
  }

  /** The job failed outside the step (its worker died or handed it back): the engine runs a new attempt. */
  function lost(jobId: string, reason: string): void {
    const entry = pending.get(jobId);
    if (!entry) return;
    pending.delete(jobId);
    entry.reject(new WorkflowError('WORKER_LOST', `worker lost (${reason})`, { stepId: entry.job.step_id }));
  }

  /** A finished job read back from the queue: its result, or its loss. */
  function finish(job: FinishedJob): void {
    if (job.state === 'completed') settle(job.id, job.returnvalue);
    else lost(job.id, job.failedReason);
  }

  /** Reads where a followed job stands: its result or loss may have come while no event reached this process. */
  async function check(jobId: string): Promise<void> {
    const entry = pending.get(jobId);
    if (!entry) return;
    for (const job of await finished.read(entry.lane.queue, [jobId]).catch(() => [])) finish(job);
  }

  async function send(entry: Pending): Promise<void> {
    // The same id for the same attempt: a takeover finds it, and an attempt added twice runs once.
    const jobId = stepJobId(entry.job);
    entry.addedAt = Date.now();
    entry.started = false;
    pending.set(jobId, entry);
    try {
      await entry.lane.queue.add('step', entry.job, {
        jobId,
        attempts: 1,
        removeOnComplete: finished.keep,
        removeOnFail: finished.keep,
      });
    } catch (error) {
      pending.delete(jobId);
      entry.reject(
        new WorkflowError('QUEUE_UNAVAILABLE', `the step could not be queued: ${(error as Error).message}`, {
          stepId: entry.job.step_id,
        }),
      );
    }
    if (entry.control.signal.aborted) void cancelJob(entry.lane, jobId);
    else void noticeWhenNoWorker(jobId, entry);
  }

  async function noticeWhenNoWorker(jobId: string, entry: Pending): Promise<void> {
    await registry.settled();
    if (pending.get(jobId) !== entry || entry.started || registry.hasWorkerFor(entry.job.runs_on)) return;
    const labels = entry.job.runs_on;
    entry.control.notice(
      labels.length === 0 ? 'waiting for a worker' : `waiting for a worker with labels ${labels.join(', ')}`,
    );
  }

  async function cancelJob(lane: Lane, jobId: string): Promise<void> {
    // A job still waiting is removed; one a worker runs is stopped there through the control queue. The event
    // goes again twice within the second: BullMQ's PostgreSQL event stream passes over an event committed out of
    // id order, and a repeat is a new event (workers ignore a cancel of a job they do not run or already stopped).
    await lane.queue.remove(jobId).catch(() => 0);
    const publish = () => {
      if (!closed) void control.publishEvent({ eventName: 'cancel', job: jobId }).catch(() => undefined);
    };
    publish();
    for (const ms of CANCEL_REPEATS_MS) setTimeout(publish, ms).unref();
  }

  // Events can be missed (Redis or PostgreSQL restarting, PostgreSQL under load): pending jobs are read back too.
  let reading = false;
  const poll = setInterval(() => {
    if (reading) return;
    reading = true;
    void readBack(finished, pending, finish).finally(() => {
      reading = false;
    });
  }, finished.periodMs);
  poll.unref();

  return {
    registry,
    dispatch: (job, dispatchControl) => follow(job, dispatchControl, send),
    adopt: (job, dispatchControl) => follow(job, dispatchControl, (entry) => adopt(entry)),
    listWorkers: async () => registry.list(),
    close() {
      closed = true;
      clearInterval(poll);
      closing ??= closeAll();
      return closing;
    },
  };

  /** Follows the attempt's job to its result: `begin` adds it (dispatch) or finds it (adopt). */
  async function follow(
    job: StepJob,
    dispatchControl: DispatchControl,
    begin: (entry: Pending) => Promise<void>,
  ): Promise<StepResult> {
    if (closed) throw new WorkflowError('SHUTTING_DOWN', 'the step dispatcher is closed');
    const lane = await laneFor(queueNameFor(job.runs_on));
    return new Promise<StepResult>((resolve, reject) => {
      const entry: Pending = { job, control: dispatchControl, lane, resolve, reject, addedAt: 0, started: false };
      const onAbort = () => {
        for (const [jobId, candidate] of pending) {
          if (candidate !== entry) continue;
          pending.delete(jobId);
          void cancelJob(lane, jobId);
        }
        reject(dispatchControl.signal.reason);
      };
      if (dispatchControl.signal.aborted) return onAbort();
      dispatchControl.signal.addEventListener('abort', onAbort, { once: true });
      entry.resolve = (result) => {
        dispatchControl.signal.removeEventListener('abort', onAbort);
        resolve(result);
      };
      entry.reject = (error) => {
        dispatchControl.signal.removeEventListener('abort', onAbort);
        reject(error);
      };
      void begin(entry);
    });
  }

  /**
   * Follows the job another coordinator added for this attempt: its result when it finished, its lines and result
   * when it is waiting or running; `COORDINATOR_LOST` when it failed or the queue no longer has it.
   */
  async function adopt(entry: Pending): Promise<void> {
    const jobId = stepJobId(entry.job);
    entry.addedAt = Date.now();
    pending.set(jobId, entry); // listening first: no result is missed between the look-up and the events
    const bullJob = await entry.lane.queue.getJob(jobId).catch(() => undefined);
    const state = bullJob ? await bullJob.getState().catch(() => 'unknown') : 'unknown';
    if (pending.get(jobId) !== entry) return; // settled meanwhile by an event
    if (state === 'completed' && outcomeOf(bullJob?.returnvalue)) return settle(jobId, bullJob?.returnvalue);
    if (state === 'active' || state === 'waiting' || state === 'delayed' || state === 'prioritized') {
      entry.started = state === 'active';
      if (entry.control.signal.aborted) void cancelJob(entry.lane, jobId);
      else void noticeWhenNoWorker(jobId, entry);
      return;
    }
    pending.delete(jobId);
    entry.reject(new WorkflowError('COORDINATOR_LOST', 'coordinator lost', { stepId: entry.job.step_id }));
  }

  async function closeAll(): Promise<void> {
    const opened = await Promise.allSettled(lanes.values());
    await Promise.allSettled([
      ...opened.flatMap((lane) =>
        lane.status === 'fulfilled' ? [lane.value.queue.close(), lane.value.events.close()] : [],
      ),
      control.close(),
      registry.close(),
      finished.close(),
    ]);
  }
}

/** Settles the pending jobs older than a read-back period that have finished, one read per lane. */
async function readBack(
  finished: FinishedJobs,
  pending: Map<string, Pending>,
  finish: (job: FinishedJob) => void,
): Promise<void> {
  const since = Date.now() - finished.periodMs;
  const byLane = new Map<Lane, string[]>();
  for (const [jobId, entry] of pending) {
    if (entry.addedAt > since) continue;
    const ids = byLane.get(entry.lane);
    if (ids) ids.push(jobId);
    else byLane.set(entry.lane, [jobId]);
  }
  await Promise.all(
    [...byLane].map(async ([lane, ids]) => {
      for (const job of await finished.read(lane.queue, ids).catch(() => [])) finish(job);
      await finished.tidy(lane.queue).catch(() => undefined);
    }),
  );
}

/** The queue of one label set and its events, listening before the first job is added. */
async function openLane(
  conn: QueueConnection,
  name: string,
  pending: Map<string, Pending>,
  on: {
    settle(jobId: string, value: unknown): void;
    lost(jobId: string, reason: string): void;
    /** The job was added again (already there): reads where it stands. */
    check(jobId: string): Promise<void>;
  },
): Promise<Lane> {
  const queue = new conn.classes.Queue<StepJob, StepJobOutcome>(name, { connection: conn.connection });
  const events = new conn.classes.QueueEvents<StepJobOutcome>(name, { connection: conn.connection, ...conn.events });
  queue.on('error', () => undefined);
  events.on('error', () => undefined);
  events.on('completed', ({ jobId, returnvalue }) => on.settle(jobId, returnvalue));
  events.on('failed', ({ jobId, failedReason }) => on.lost(jobId, failedReason));
  events.on('duplicated', ({ jobId }) => void on.check(jobId));
  events.on('active', ({ jobId }) => {
    const entry = pending.get(jobId);
    if (entry) entry.started = true;
  });
  events.on('progress', ({ jobId, data }) => {
    const entry = pending.get(jobId);
    const line = data as { line?: unknown; stream?: unknown };
    if (!entry || typeof line?.line !== 'string') return;
    entry.control.log(line.line, line.stream === 'stderr' ? 'stderr' : 'stdout');
  });
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  return { queue, events };
}
