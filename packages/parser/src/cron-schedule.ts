// Cron expressions of schedule triggers, read by croner: validation messages and fire times.
// croner is required at the first cron expression read: a workflow without schedules loads none of it.
import { createRequire } from 'node:module';

type Croner = typeof import('croner');
let croner: Croner | undefined;
const cronerModule = (): Croner => {
  croner ??= createRequire(import.meta.url)('croner') as Croner;
  return croner;
};

/** A readable cron expression and time zone: its fire times after a given moment. */
export interface CronSchedule {
  /** The first fire time strictly after `after`, or undefined when there is none. */
  nextAfter(after: Date): Date | undefined;
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Reads a 5- or 6-field cron expression (6: seconds first); throws an Error with croner's message when invalid. */
export function readCron(cron: string, timezone?: string): CronSchedule {
  const fields = cron.trim().split(/\s+/).length;
  if (fields !== 5 && fields !== 6) {
    throw new Error(`a cron expression has 5 fields (or 6, seconds first), this one has ${fields}`);
  }
  if (timezone !== undefined && !isKnownTimeZone(timezone)) throw new Error(`unknown time zone "${timezone}"`);
  const job = new (cronerModule().Cron)(cron, {
    paused: true,
    ...(timezone === undefined ? { timezone: 'UTC' } : { timezone }),
  });
  return {
    nextAfter(after) {
      return job.nextRun(after) ?? undefined;
    },
  };
}

/** Why `cron` (in `timezone`) cannot be read, or undefined when it can. */
export function cronProblem(cron: string, timezone?: string): string | undefined {
  try {
    readCron(cron, timezone).nextAfter(new Date());
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
