// What a coordinator taking an execution over continues from: steps waiting on a retry backoff resume at the
// persisted deadline (the step_retrying event's time + delay), attempts dispatched to a queue are adopted where
// they run (when the dispatcher can follow them), and the other attempts that were running in the dead coordinator
// (or were stopped by its shutdown) are recorded as lost ("coordinator lost") and run again as a new attempt.
import {
  type ExecutionRecord,
  isStepOfType,
  type StepDefinition,
  type StepRetryingBody,
  WorkflowError,
  type WorkflowEvent,
} from '@skill/workflow-model';
import type { ResumedAttempts } from '@skill/workflow-scheduler';

/** The error recorded for an attempt that was running in a coordinator that died. */
export const COORDINATOR_LOST = 'coordinator lost';

/** Error codes of attempts lost with the process running them: they do not count against `max_attempts`. */
const LOST_CODES: ReadonlySet<string> = new Set(['COORDINATOR_LOST', 'WORKER_LOST']);

/** The error of an attempt of a dead coordinator that cannot be adopted: the step runs again as a new attempt. */
export function coordinatorLost(stepId: string): WorkflowError {
  return new WorkflowError('COORDINATOR_LOST', COORDINATOR_LOST, { stepId });
}

/** The events to record before continuing, and where each unfinished step's attempts stand. */
export interface TakeoverPlan {
  /** One `step_retrying` (error "coordinator lost") per attempt that was running in the dead coordinator. */
  lostAttempts: StepRetryingBody[];
  resumedAttempts: Map<string, ResumedAttempts>;
}

/**
 * The plan for `record` (as stored) given its `events`; `now` in epoch ms. `canAdopt(step)` says whether a
 * running attempt of `step` may still run where it was dispatched (a queue's worker): such an attempt is followed,
 * not recorded lost. An attempt stopped by its coordinator's shutdown (status cancelled) is never adopted.
 */
export function takeoverPlan(
  record: ExecutionRecord,
  events: readonly WorkflowEvent[],
  now: number,
  canAdopt: (step: StepDefinition) => boolean = () => false,
): TakeoverPlan {
  const plan: TakeoverPlan = { lostAttempts: [], resumedAttempts: new Map() };
  for (const step of record.definition?.steps ?? []) {
    // Running, or cancelled when its coordinator shut down (the execution went on unfinished): an attempt stopped.
    const status = record.steps[step.id]?.status;
    if (isStepOfType(step, 'foreach') || (status !== 'running' && status !== 'cancelled')) continue;
    let last: WorkflowEvent | undefined;
    let lost = 0;
    for (const event of events) {
      if (event.type !== 'step_started' && event.type !== 'step_retrying') continue;
      if (event.step_id !== step.id) continue;
      last = event;
      if (event.type === 'step_retrying' && LOST_CODES.has(event.error_code ?? '')) lost += 1;
    }
    if (last?.type === 'step_retrying') {
      const resumeAt = Date.parse(last.timestamp) + last.delay_ms;
      plan.resumedAttempts.set(step.id, { attempts: last.attempt, resumeAt, lost });
    } else if (last?.type === 'step_started' && status === 'running' && canAdopt(step)) {
      plan.resumedAttempts.set(step.id, { attempts: last.attempt, resumeAt: now, lost, adopt: true });
    } else if (last?.type === 'step_started') {
      plan.lostAttempts.push({
        type: 'step_retrying',
        step_id: step.id,
        attempt: last.attempt,
        next_attempt: last.attempt + 1,
        delay_ms: 0,
        error: COORDINATOR_LOST,
        error_code: 'COORDINATOR_LOST',
      });
      plan.resumedAttempts.set(step.id, { attempts: last.attempt, resumeAt: now, lost: lost + 1 });
    }
  }
  return plan;
}
