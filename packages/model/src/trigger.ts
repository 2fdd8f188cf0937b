// Triggers: what starts a workflow by itself (schedules), how an execution records its trigger, and the
// store's schedule table (one claim per workflow, trigger and tick, so several servers fire each tick once).
import type { SourceLocation } from './errors.js';

/** What a schedule does with a tick while an execution it started is still pending or running. */
export type ScheduleOverlap = 'skip' | 'queue' | 'allow';
/** What a schedule does with the ticks missed while no server ran. */
export type ScheduleCatchUp = 'none' | 'latest' | 'all';

/** The most missed ticks `catch_up = "all"` fires after downtime (the oldest beyond it are dropped). */
export const MAX_CATCH_UP_TICKS = 100;

/** How far back catch-up looks for missed ticks. */
export const CATCH_UP_WINDOW_MS = 24 * 3_600_000;

/** A `[[triggers]]` entry with a cron expression. */
export interface ScheduleTrigger {
  type: 'schedule';
  /** 5 fields, or 6 with seconds first (read by croner). */
  cron: string;
  /** IANA time zone; UTC when absent. */
  timezone?: string;
  /** Inputs of the executions it starts. */
  inputs: Record<string, unknown>;
  overlap: ScheduleOverlap;
  catch_up: ScheduleCatchUp;
  location?: SourceLocation;
}

/** The largest body a webhook trigger accepts by default, and at most (`max_body_bytes`). */
export const WEBHOOK_BODY_LIMITS = { default: 256 * 1024, max: 1024 * 1024 } as const;

/**
 * A `[[triggers]]` entry of type webhook: `POST /api/hooks/<workflow>` starts the workflow when the call is signed
 * with `secret` (GitHub's `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`) or carries `token` as a
 * bearer token; both name a secret. `inputs` are templates over `{trigger.body...}`.
 */
export interface WebhookTrigger {
  type: 'webhook';
  /** Name of the secret the HMAC-SHA256 signature is made with (`secret = "{secrets.NAME}"`). */
  secret?: string;
  /** Name of the secret sent as `Authorization: Bearer <value>` (`token = "{secrets.NAME}"`). */
  token?: string;
  /** Request header that carries the delivery id (replays are refused); default `X-GitHub-Delivery`. */
  delivery_header: string;
  /** Bodies over this many bytes are refused (413). */
  max_body_bytes: number;
  /** Inputs of the executions it starts: values or templates over `{trigger.body...}`. */
  inputs: Record<string, unknown>;
  location?: SourceLocation;
}

/** One `[[triggers]]` entry. */
export type TriggerDefinition = ScheduleTrigger | WebhookTrigger;

/**
 * What started an execution, when not a person or program: a schedule's tick or a webhook delivery (`index` of the
 * trigger in `[[triggers]]`).
 */
export type ExecutionTrigger =
  | {
      type: 'schedule';
      index: number;
      /** The tick's time, ISO 8601. */
      tick: string;
    }
  | { type: 'webhook'; index: number; delivery_id: string };

/** One schedule of one workflow: the workflow's name and the trigger's index in `[[triggers]]`. */
export interface ScheduleKey {
  workflow_name: string;
  trigger_index: number;
}

/** A claimed tick: `tick` is its ISO 8601 time (UTC, milliseconds). */
export interface ScheduleTickKey extends ScheduleKey {
  tick: string;
}

/**
 * What became of a claimed tick: `claimed` (being decided), `queued` (waits for the schedule's running execution;
 * its `note` is the waiting server's last heartbeat, ISO 8601), `started`, `skipped` or `failed`.
 */
export type ScheduleTickOutcome = 'claimed' | 'queued' | 'started' | 'skipped' | 'failed';

/** A tick as the store records it. */
export interface ScheduleTickRecord extends ScheduleTickKey {
  claimed_at: string;
  outcome: ScheduleTickOutcome;
  execution_id?: string;
  /** Why it was skipped or failed. */
  note?: string;
}

/**
 * How long a store keeps a schedule's ticks: always its newest `keepNewest` (the listing's last runs, catch-up's
 * last fire), and any tick younger than `keepMs` (the 24 hours catch-up looks back, with an hour to spare, so a
 * late server never claims a tick again). Older ticks are deleted when a new tick is claimed.
 */
export const SCHEDULE_TICK_RETENTION = { keepNewest: 100, keepMs: CATCH_UP_WINDOW_MS + 3_600_000 } as const;

/**
 * The schedule part of a store. `claimScheduleTick` is the one place that decides which server fires a tick: it
 * inserts a row keyed by (workflow, trigger, tick) and says whether this call inserted it.
 */
export interface ScheduleStore {
  /**
   * True for exactly one caller per key, whichever process it runs in. A successful claim also forgets the
   * schedule's ticks past {@link SCHEDULE_TICK_RETENTION}.
   */
  claimScheduleTick(key: ScheduleTickKey): Promise<boolean>;
  /** Records what became of a claimed tick. */
  settleScheduleTick(
    key: ScheduleTickKey,
    outcome: { outcome: ScheduleTickOutcome; execution_id?: string; note?: string },
  ): Promise<void>;
  /** The latest ticks of one schedule, newest first (at most `limit`, default 10). */
  listScheduleTicks(key: ScheduleKey, limit?: number): Promise<ScheduleTickRecord[]>;
  /** Pauses or resumes one schedule for every server sharing the store. */
  setSchedulePaused(key: ScheduleKey, paused: boolean): Promise<void>;
  /** The paused schedules. */
  pausedSchedules(): Promise<ScheduleKey[]>;
  /**
   * Records a webhook delivery id until `expires_at` (ISO 8601); false when it is already recorded (a replay).
   * Expired ids are forgotten.
   */
  recordWebhookDelivery(delivery: { workflow_name: string; delivery_id: string; expires_at: string }): Promise<boolean>;
}
