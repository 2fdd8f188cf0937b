// The schedules of a project: the [[triggers]] of its trusted workflows, with pauses and recent ticks from the store.

import {
  type ScheduleKey,
  type ScheduleStore,
  type ScheduleTickRecord,
  type ScheduleTrigger,
  type TriggerDefinition,
  WorkflowError,
} from '@skill/workflow-model';
import { readCron } from '@skill/workflow-parser';
import type { Engine } from '../engine-types.js';

/** One schedule: a trigger of a workflow. */
export interface WorkflowSchedule extends ScheduleKey {
  trigger: ScheduleTrigger;
  /** The workflow's file. */
  file: string;
}

/** What the API, the CLI and MCP show of a schedule. */
export interface ScheduleSummary extends ScheduleKey {
  cron: string;
  timezone: string;
  overlap: ScheduleTrigger['overlap'];
  catch_up: ScheduleTrigger['catch_up'];
  inputs: Record<string, unknown>;
  paused: boolean;
  /** The next fire time (ISO 8601), absent while paused or when the expression never fires again. */
  next_fire?: string;
  /** The latest ticks, newest first. */
  last_ticks: ScheduleTickRecord[];
}

/** The store's schedule methods; throws `STORE_UNAVAILABLE` when the store has none. */
export function scheduleStoreOf(engine: Pick<Engine, 'store'>): ScheduleStore {
  const store = engine.store;
  if (!store.claimScheduleTick || !store.settleScheduleTick || !store.listScheduleTicks) {
    throw new WorkflowError('STORE_UNAVAILABLE', 'this store keeps no schedules');
  }
  if (!store.setSchedulePaused || !store.pausedSchedules) {
    throw new WorkflowError('STORE_UNAVAILABLE', 'this store keeps no schedule pauses');
  }
  return store as ScheduleStore;
}

/** The schedules of the valid, trusted workflows of the workflows folder, by workflow name then index. */
export async function workflowSchedules(engine: Engine): Promise<WorkflowSchedule[]> {
  const schedules: WorkflowSchedule[] = [];
  for (const summary of await engine.listWorkflows()) {
    if (!summary.valid || !summary.trusted) continue;
    let triggers: readonly TriggerDefinition[] | undefined;
    try {
      triggers = (await engine.load(summary.file)).definition.triggers;
    } catch {
      continue; // changed on disk since it was listed
    }
    triggers?.forEach((trigger, index) => {
      if (trigger.type === 'schedule')
        schedules.push({ workflow_name: summary.name, trigger_index: index, trigger, file: summary.file });
    });
  }
  return schedules.sort((a, b) => a.workflow_name.localeCompare(b.workflow_name) || a.trigger_index - b.trigger_index);
}

/** Identifies a schedule in maps and messages. */
export function scheduleId(key: ScheduleKey): string {
  return `${key.workflow_name}#${key.trigger_index}`;
}

/** Every schedule with its next fire time after `now`, whether it is paused and its latest ticks. */
export async function listSchedules(engine: Engine, now = new Date()): Promise<ScheduleSummary[]> {
  const store = scheduleStoreOf(engine);
  const paused = new Set((await store.pausedSchedules()).map(scheduleId));
  const summaries: ScheduleSummary[] = [];
  for (const { workflow_name, trigger_index, trigger } of await workflowSchedules(engine)) {
    const key = { workflow_name, trigger_index };
    const isPaused = paused.has(scheduleId(key));
    const next = isPaused ? undefined : readCron(trigger.cron, trigger.timezone).nextAfter(now);
    summaries.push({
      ...key,
      cron: trigger.cron,
      timezone: trigger.timezone ?? 'UTC',
      overlap: trigger.overlap,
      catch_up: trigger.catch_up,
      inputs: trigger.inputs,
      paused: isPaused,
      ...(next ? { next_fire: next.toISOString() } : {}),
      last_ticks: await store.listScheduleTicks(key, 5),
    });
  }
  return summaries;
}

/**
 * Pauses or resumes one schedule for every server sharing the store. Throws `WORKFLOW_NOT_FOUND` when the
 * workflow has no such trigger.
 */
export async function setSchedulePaused(engine: Engine, key: ScheduleKey, paused: boolean): Promise<ScheduleSummary> {
  const known = (await workflowSchedules(engine)).some(
    (s) => s.workflow_name === key.workflow_name && s.trigger_index === key.trigger_index,
  );
  if (!known) {
    throw new WorkflowError(
      'WORKFLOW_NOT_FOUND',
      `no schedule ${key.trigger_index} in workflow ${JSON.stringify(key.workflow_name)}`,
      { hint: 'skill schedules list shows the schedules (workflow name and trigger index)' },
    );
  }
  await scheduleStoreOf(engine).setSchedulePaused(key, paused);
  const summary = (await listSchedules(engine)).find(
    (s) => s.workflow_name === key.workflow_name && s.trigger_index === key.trigger_index,
  );
  return summary as ScheduleSummary;
}
