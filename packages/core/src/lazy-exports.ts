// Schedules and webhooks as the public API exports them: each imports its module at its first call, so that
// loading core (to validate or run one workflow) loads none of their code (nor node:crypto for signatures).
import type {
  listSchedules as ListSchedules,
  setSchedulePaused as SetSchedulePaused,
} from './schedules/schedule-catalog.js';
import type { startScheduler as StartScheduler } from './schedules/scheduler.js';
import type { receiveWebhook as ReceiveWebhook } from './triggers/webhook-receiver.js';

/** Schedules of a project's workflows: next fire times and latest ticks. */
export const listSchedules: typeof ListSchedules = async (...args) =>
  (await import('./schedules/schedule-catalog.js')).listSchedules(...args);

/** Pauses or resumes one schedule of a workflow. */
export const setSchedulePaused: typeof SetSchedulePaused = async (...args) =>
  (await import('./schedules/schedule-catalog.js')).setSchedulePaused(...args);

/** Fires the schedules of an engine's workflows (what `skill serve` runs). */
export const startScheduler: typeof StartScheduler = async (...args) =>
  (await import('./schedules/scheduler.js')).startScheduler(...args);

/** One call of a webhook trigger: signature or token, replay and size checks, then the workflow with body-mapped inputs. */
export const receiveWebhook: typeof ReceiveWebhook = async (...args) =>
  (await import('./triggers/webhook-receiver.js')).receiveWebhook(...args);
