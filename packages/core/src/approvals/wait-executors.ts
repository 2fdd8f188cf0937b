// The executors of the durable wait steps: `approval` waits for a decision, `sleep` for a time. Both record their
// wait (start, deadline) in the execution's log, hold no process and no slot, and pick the wait up again after a
// restart: a deadline that passed while no engine ran applies at once.
import {
  type ApprovalStep,
  type ExecutorContext,
  parseTimestamp,
  quoteText,
  type SleepStep,
  type StepExecutor,
  type StepResult,
  type StepWait,
  WorkflowError,
  type WorkflowEventOf,
} from '@skill/workflow-model';
import { type DecisionDeps, recordDecision } from './approval-decision.js';
import { waitUntil } from './deadline.js';
import { onDecisionRecorded } from './decision-signals.js';
import { readWaitLog, type WaitLog } from './wait-log.js';

/** How often a waiting approval looks for a decision another process recorded. */
export const DECISION_POLL_MS = 1000;

function beginWaitingOf(ctx: ExecutorContext, type: string): NonNullable<ExecutorContext['beginWaiting']> {
  if (ctx.beginWaiting) return ctx.beginWaiting;
  throw new WorkflowError('INVALID_VALUE', `${type} steps run only at the top level of a workflow`, {
    stepId: ctx.step_id,
    retryable: false,
  });
}

/** The text of a resolved template field (a whole-reference template may resolve to another type). */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/** The step's output for a decision; a rejection fails the step (its details in the step's metadata). */
function outcomeOf(decision: WorkflowEventOf<'step_decided'>, stepId: string): StepResult {
  const details = {
    decision: decision.decision,
    decided_by: decision.decided_by,
    decided_at: decision.timestamp,
    fields: decision.fields,
    ...(decision.comment === undefined ? {} : { comment: decision.comment }),
  };
  if (decision.decision === 'approved') {
    return {
      output: { approved: true, ...details },
      metadata: { decision: 'approved', decided_by: decision.decided_by },
    };
  }
  const why = decision.comment ? `: ${decision.comment}` : '';
  throw new WorkflowError('APPROVAL_REJECTED', `rejected by ${decision.decided_by}${why}`, {
    stepId,
    retryable: false,
    metadata: details,
  });
}

/** Waits for the first decision of the step: woken in-process, polled otherwise, decided by the timeout at the deadline. */
function waitForDecision(
  deps: DecisionDeps,
  step: ApprovalStep,
  ctx: ExecutorContext,
  log: WaitLog,
  untilMs: number | undefined,
): Promise<WorkflowEventOf<'step_decided'>> {
  const { signal, execution_id: executionId } = ctx;
  return new Promise((resolve, reject) => {
    let settled = false;
    let poll: ReturnType<typeof setTimeout> | undefined;
    const deadline = new AbortController();
    const finish = (error: unknown, decision?: WorkflowEventOf<'step_decided'>) => {
      if (settled) return;
      settled = true;
      stopListening();
      if (poll !== undefined) clearTimeout(poll);
      deadline.abort();
      signal.removeEventListener('abort', onAbort);
      if (decision) resolve(decision);
      else reject(error);
    };
    const check = async () => {
      try {
        await readWaitLog(deps.store, executionId, step.id, log);
        if (log.decision) finish(undefined, log.decision);
      } catch {
        // the store is away for a moment: the next poll asks again
      }
    };
    const schedulePoll = () => {
      poll = setTimeout(() => {
        void check().finally(() => {
          if (!settled) schedulePoll();
        });
      }, DECISION_POLL_MS);
    };
    const onAbort = () => finish(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const stopListening = onDecisionRecorded(executionId, step.id, () => void check());
    schedulePoll();
    if (untilMs !== undefined) {
      waitUntil(untilMs, deadline.signal).then(
        async () => {
          const byTimeout = step.on_timeout === 'approve' ? 'approved' : 'rejected';
          const defaults = Object.fromEntries(
            Object.entries(step.fields).flatMap(([name, field]) =>
              field.default === undefined ? [] : [[name, field.default]],
            ),
          );
          try {
            await recordDecision(deps, executionId, {
              type: 'step_decided',
              step_id: step.id,
              decision: byTimeout,
              decided_by: 'timeout',
              fields: defaults,
            });
          } catch {
            // someone decided first: that decision counts
          }
          await check();
        },
        () => undefined,
      );
    }
    if (signal.aborted) onAbort();
  });
}

/** Form fields as the waiting record shows them (without source locations). */
function formOf(step: ApprovalStep): StepWait['fields'] {
  return Object.fromEntries(
    Object.entries(step.fields).map(([name, { location: _location, ...field }]) => [name, field]),
  );
}

/** The `approval` executor over the engine's store. */
export function approvalExecutor(deps: DecisionDeps): StepExecutor<ApprovalStep> {
  return {
    type: 'approval',
    async run(step, ctx) {
      const beginWaiting = beginWaitingOf(ctx, 'approval');
      const log = await readWaitLog(deps.store, ctx.execution_id, step.id);
      const earlier = log.waiting?.wait;
      const since = earlier?.since ?? new Date().toISOString();
      const until =
        earlier !== undefined
          ? earlier.until
          : step.decision_timeout_ms === undefined
            ? undefined
            : new Date(Date.now() + step.decision_timeout_ms).toISOString();
      beginWaiting({
        kind: 'approval',
        since,
        ...(until === undefined ? {} : { until }),
        message: asText(step.message),
        fields: formOf(step),
        on_timeout: step.on_timeout,
      });
      const decision =
        log.decision ??
        (await waitForDecision(deps, step, ctx, log, until === undefined ? undefined : Date.parse(until)));
      return outcomeOf(decision, step.id);
    },
  };
}

/** When a sleep ends: the recorded deadline of a resumed wait, else `until` or now + `duration`. */
function sleepDeadline(step: SleepStep, earlier: StepWait | undefined): number {
  const recorded = earlier?.until === undefined ? undefined : Date.parse(earlier.until);
  if (recorded !== undefined && Number.isFinite(recorded)) return recorded;
  if (step.until !== undefined) {
    const text = asText(step.until);
    const ms = parseTimestamp(text);
    if (ms === undefined) {
      throw new WorkflowError(
        'INVALID_VALUE',
        `until resolved to ${quoteText(text)}, which is not an RFC 3339 timestamp with an offset (e.g. 2026-12-24T18:00:00Z)`,
        { stepId: step.id, retryable: false },
      );
    }
    return ms;
  }
  return Date.now() + (step.duration_ms ?? 0);
}

/** The `sleep` executor over the engine's store. */
export function sleepExecutor(deps: Pick<DecisionDeps, 'store'>): StepExecutor<SleepStep> {
  return {
    type: 'sleep',
    async run(step, ctx) {
      const beginWaiting = beginWaitingOf(ctx, 'sleep');
      const earlier = (await readWaitLog(deps.store, ctx.execution_id, step.id)).waiting?.wait;
      const untilMs = sleepDeadline(step, earlier);
      const since = earlier?.since ?? new Date().toISOString();
      const until = new Date(untilMs).toISOString();
      beginWaiting({ kind: 'sleep', since, until });
      await waitUntil(untilMs, ctx.signal);
      return { output: { since, until }, metadata: {} };
    },
  };
}
