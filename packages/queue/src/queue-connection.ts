// Opens BullMQ on the backend a queue URL names: Redis (`redis://`, `rediss://`) or PostgreSQL (`postgres://`).
import type { BackendClasses, IQueueBackend } from 'bullmq';

/** BullMQ's classes bound to one backend, with the connection options each instance opens. */
export interface QueueConnection {
  kind: 'redis' | 'postgres';
  classes: BackendClasses<IQueueBackend, unknown>;
  /** What each BullMQ instance connects with (every instance opens its own connections). */
  connection: unknown;
  /** The URL without its password, for messages. */
  display: string;
  /** Options of every `QueueEvents` (PostgreSQL: how long a reader waits for a wake-up before it looks anyway). */
  events: { blockingTimeout?: number };
}

/** The URL with its password replaced by `***`. */
export function redactQueueUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid queue URL>';
  }
}

/** The PostgreSQL schema of BullMQ's tables. */
const BULLMQ_SCHEMA = 'bullmq';
/**
 * BullMQ's PostgreSQL backend wakes event readers with one NOTIFY per queue at a time and skips the others, so
 * the last event of a burst may wake no one: its readers look anyway after this long (BullMQ's default: 10 s).
 */
const POSTGRES_EVENT_WAIT_MS = 100;

function redisOptions(url: URL): Record<string, unknown> {
  const db = url.pathname.replace(/^\//, '');
  return {
    host: url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: url.port ? Number(url.port) : 6379,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ's blocking reads need commands that wait for a reconnect instead of failing.
    maxRetriesPerRequest: null,
  };
}

/** Checks `url` and binds BullMQ to its backend (loaded now: the CLI imports this only with `--queue`). */
export async function openQueueConnection(url: string): Promise<QueueConnection> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--queue must be a redis:// or postgres:// URL, got "${redactQueueUrl(url)}"`);
  }
  const bullmq = await import('bullmq');
  const display = redactQueueUrl(url);
  if (parsed.protocol === 'redis:' || parsed.protocol === 'rediss:') {
    if (parsed.pathname.length > 1 && !/^\/\d+$/.test(parsed.pathname)) {
      throw new Error(`the Redis database in --queue must be a number (redis://host:6379/0), got "${display}"`);
    }
    const classes = bullmq.withBackend(bullmq.createRedisBackend) as unknown as QueueConnection['classes'];
    return { kind: 'redis', classes, connection: redisOptions(parsed), display, events: {} };
  }
  if (parsed.protocol === 'postgres:' || parsed.protocol === 'postgresql:') {
    const classes = bullmq.withBackend(bullmq.createPostgresBackend) as unknown as QueueConnection['classes'];
    // Each process may be the first: the migration takes an advisory lock, so concurrent starts are safe.
    // The schema is BullMQ's default, named here because finished-jobs.ts reads its `job` table.
    const connection = { connectionString: url, migrate: true, schema: BULLMQ_SCHEMA };
    return { kind: 'postgres', classes, connection, display, events: { blockingTimeout: POSTGRES_EVENT_WAIT_MS } };
  }
  throw new Error(`--queue must be a redis:// or postgres:// URL, got "${display}"`);
}
