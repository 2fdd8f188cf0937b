// The live workers, from the heartbeats they publish on the control queue (what GET /api/workers lists).
import type { WorkerInfo } from '@skill/workflow-model';
import type { QueueConnection } from './queue-connection.js';
import { CONTROL_QUEUE, labelsCover } from './queue-names.js';

/** How often a worker publishes its heartbeat. */
export const HEARTBEAT_MS = 1000;
/** A worker whose last heartbeat is older is no longer listed. */
const LIVE_MS = 5 * HEARTBEAT_MS;

/** A registry's view of the live workers. */
export interface WorkerRegistry {
  /** Resolves once a full heartbeat period has been listened to (before, a live worker may be missing). */
  settled(): Promise<void>;
  list(): WorkerInfo[];
  /** True when a live worker has every label in `labels`. */
  hasWorkerFor(labels: readonly string[]): boolean;
  /** Told of each heartbeat and departure (the dispatcher rechecks waiting steps). */
  onChange(listener: () => void): void;
  close(): Promise<void>;
}

function parseInfo(text: unknown): WorkerInfo | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const info = JSON.parse(text) as WorkerInfo;
    return typeof info.name === 'string' && Array.isArray(info.labels) ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Listens to the control queue's heartbeats; Redis replays the last period's, so a listing is complete at once. */
export async function watchWorkers(conn: QueueConnection): Promise<WorkerRegistry> {
  const workers = new Map<string, { info: WorkerInfo; seen: number }>();
  const listeners = new Set<() => void>();
  const replayFrom = conn.kind === 'redis' ? { lastEventId: `${Date.now() - LIVE_MS}-0` } : {};
  const events = new conn.classes.QueueEvents(CONTROL_QUEUE, {
    connection: conn.connection,
    ...conn.events,
    ...replayFrom,
  });
  events.on('error', () => undefined); // reconnects on its own; a listing meanwhile shows the last known workers
  const notify = () => {
    for (const listener of listeners) listener();
  };
  events.on(
    'heartbeat' as never,
    ((args: { worker?: string }) => {
      const info = parseInfo(args.worker);
      if (!info) return;
      const seen = Date.parse(info.last_heartbeat);
      if (Date.now() - seen > LIVE_MS) return; // a replayed heartbeat of a worker long gone
      workers.set(info.name, { info, seen: Date.now() });
      notify();
    }) as never,
  );
  events.on(
    'worker_gone' as never,
    ((args: { name?: string }) => {
      if (typeof args.name === 'string') workers.delete(args.name);
      notify();
    }) as never,
  );
  await events.waitUntilReady();
  const settledAt = new Promise<void>((resolve) => setTimeout(resolve, HEARTBEAT_MS + 300).unref());
  const live = () => {
    const now = Date.now();
    for (const [name, entry] of workers) if (now - entry.seen > LIVE_MS) workers.delete(name);
    return [...workers.values()].map((entry) => entry.info);
  };
  return {
    settled: () => settledAt,
    list: () => live().sort((a, b) => a.name.localeCompare(b.name)),
    hasWorkerFor: (labels) => live().some((info) => labelsCover(info.labels, labels)),
    onChange: (listener) => listeners.add(listener),
    close: () => events.close(),
  };
}
