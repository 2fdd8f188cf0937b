// Finished jobs: how long each backend keeps them, and how the dispatcher reads back those whose event it missed.
import type { QueueConnection } from './queue-connection.js';

/** How a job ended, as read back from the queue's store. */
export type FinishedJob =
  | { id: string; state: 'completed'; returnvalue: unknown }
  | { id: string; state: 'failed'; failedReason: string };

/** What this module needs of a BullMQ `Queue`. */
export interface FinishedJobQueue {
  readonly name: string;
  getJob(id: string): Promise<{ returnvalue: unknown; failedReason?: string; getState(): Promise<string> } | undefined>;
  clean(graceMs: number, limit: number, type: 'completed' | 'failed'): Promise<string[]>;
}

/** Keeps finished jobs long enough to be read back, and reads back those that finished. */
export interface FinishedJobs {
  /** `removeOnComplete` / `removeOnFail` of each job. */
  readonly keep: { count: number } | false;
  /** How often the dispatcher reads back its pending jobs (and how long a job is pending first). */
  readonly periodMs: number;
  /** Those of `ids` that have finished (a job missing from the answer is still waiting or running). */
  read(queue: FinishedJobQueue, ids: readonly string[]): Promise<FinishedJob[]>;
  /** Removes the queue's finished jobs no read-back needs any more (called every period; acts now and then). */
  tidy(queue: FinishedJobQueue): Promise<void>;
  close(): Promise<void>;
}

/** Redis misses an event only while it restarts: a per-job check now and then is enough. */
const REDIS_PERIOD_MS = 3000;
/**
 * BullMQ's PostgreSQL event stream also skips events for good under load: its readers follow `event.id`, a
 * sequence value taken before the transaction commits, so an event committed after a later one is passed over
 * (about 2% of the completions with 8 steps at once). So PostgreSQL reads back all pending jobs often, in one
 * query per queue, taking a job only this long after it finished (its event usually comes first).
 */
const POSTGRES_PERIOD_MS = 100;
const POSTGRES_GRACE_MS = 250;
/**
 * PostgreSQL keeps finished jobs for a minute, removed every 10 s by the coordinator. BullMQ's own rules
 * (`removeOnComplete: { count | age }`) delete in every completion's transaction, and concurrent completions
 * then wait on each other's row locks for the same old jobs (about 2 ms more per step at 4 x 8 steps at once).
 */
const POSTGRES_KEEP_MS = 60_000;
const POSTGRES_TIDY_MS = 10_000;
const TIDY_LIMIT = 10_000;

/** The finished-job rules of the backend of `conn`. */
export async function openFinishedJobs(conn: QueueConnection): Promise<FinishedJobs> {
  if (conn.kind === 'postgres') return openPostgresFinishedJobs(conn);
  return {
    keep: { count: 1000 },
    periodMs: REDIS_PERIOD_MS,
    async read(queue, ids) {
      const found = await Promise.all(
        ids.map(async (id): Promise<FinishedJob | undefined> => {
          const job = await queue.getJob(id).catch(() => undefined);
          const state = await job?.getState().catch(() => undefined);
          if (!job || !state) return undefined;
          if (state === 'completed') return { id, state, returnvalue: job.returnvalue };
          if (state === 'failed') return { id, state, failedReason: job.failedReason || 'the job failed' };
          return undefined;
        }),
      );
      return found.filter((job) => job !== undefined);
    },
    tidy: async () => undefined,
    close: async () => undefined,
  };
}

async function openPostgresFinishedJobs(conn: QueueConnection): Promise<FinishedJobs> {
  const { default: pg } = await import('pg');
  const { connectionString, schema } = conn.connection as { connectionString: string; schema: string };
  const pool = new pg.Pool({ connectionString, max: 1 });
  pool.on('error', () => undefined); // an idle connection dropped (PostgreSQL restarting): the next read reconnects
  const table = `${pg.escapeIdentifier(schema)}.job`;
  const tidiedAt = new Map<string, number>();
  return {
    keep: false,
    periodMs: POSTGRES_PERIOD_MS,
    async read(queue, ids) {
      if (ids.length === 0) return [];
      const { rows } = await pool.query<{
        id: string;
        state: 'completed' | 'failed';
        return_value: unknown;
        failed_reason: string | null;
      }>(
        `SELECT id, state::text AS state, return_value, failed_reason FROM ${table}
          WHERE queue = $1 AND id = ANY($2::text[]) AND state IN ('completed', 'failed') AND finished_at_ms <= $3`,
        [queue.name, ids, Date.now() - POSTGRES_GRACE_MS],
      );
      return rows.map((row) =>
        row.state === 'completed'
          ? { id: row.id, state: 'completed', returnvalue: row.return_value }
          : { id: row.id, state: 'failed', failedReason: row.failed_reason || 'the job failed' },
      );
    },
    async tidy(queue) {
      const now = Date.now();
      if (now - (tidiedAt.get(queue.name) ?? 0) < POSTGRES_TIDY_MS) return;
      tidiedAt.set(queue.name, now);
      await queue.clean(POSTGRES_KEEP_MS, TIDY_LIMIT, 'completed');
      await queue.clean(POSTGRES_KEEP_MS, TIDY_LIMIT, 'failed');
    },
    close: () => pool.end(),
  };
}
