// Recording an approval's decision: checked against the step's state and form, appended to the execution's log
// (the first decision recorded counts, whichever process records it), and the waiting step woken.
import {
  type ApprovalStep,
  type Diagnostic,
  type ExecutionStore,
  isStepOfType,
  quoteText,
  type StepDecidedBody,
  WorkflowError,
  type WorkflowEvent,
} from '@skill/workflow-model';
import { readExecution } from '../execution-owner.js';
import { checkDeclaredValues, coerceDeclaredValues } from '../inputs.js';
import { decisionRecorded } from './decision-signals.js';
import { readWaitLog } from './wait-log.js';

/** Longest comment kept with a decision, in characters. */
export const MAX_DECISION_COMMENT = 10_000;

/** A decision someone asks for. */
export interface DecisionRequest {
  decision: 'approve' | 'reject';
  /** Values of the step's form fields. */
  fields?: Record<string, unknown>;
  /** Form values as text (a command line's `--field k=v`): converted to the declared types, then checked. */
  textFields?: Record<string, string>;
  comment?: string;
  /** Who decides: `api:token`, `cli:alice`, `mcp`... */
  decidedBy: string;
}

/** The decision as recorded. */
export interface RecordedDecision {
  execution_id: string;
  step_id: string;
  decision: 'approved' | 'rejected';
  decided_by: string;
  fields: Record<string, unknown>;
  comment?: string;
  /** ISO-8601 time it was recorded. */
  decided_at: string;
}

/** What recording a decision needs from the engine. */
export interface DecisionDeps {
  store: ExecutionStore;
  /** Hides secret values in what is recorded. */
  mask<T>(value: T): T;
  /** Hands the recorded event to the engine's listeners and followers. */
  announce(event: WorkflowEvent): void;
}

function asRecorded(event: WorkflowEvent & StepDecidedBody): RecordedDecision {
  return {
    execution_id: event.execution_id,
    step_id: event.step_id,
    decision: event.decision,
    decided_by: event.decided_by,
    fields: event.fields,
    ...(event.comment === undefined ? {} : { comment: event.comment }),
    decided_at: event.timestamp,
  };
}

function alreadyDecided(stepId: string, earlier: StepDecidedBody): WorkflowError {
  return new WorkflowError(
    'STEP_NOT_WAITING',
    `step ${quoteText(stepId)} was already ${earlier.decision} by ${earlier.decided_by}`,
    { stepId, retryable: false },
  );
}

/**
 * Appends `body` unless the step already has a decision, then reads the log again: when another decision made it
 * in first (a second server, the timeout), that one counts and this call fails with `STEP_NOT_WAITING`.
 */
export async function recordDecision(
  deps: DecisionDeps,
  executionId: string,
  body: StepDecidedBody,
): Promise<RecordedDecision> {
  const before = await readWaitLog(deps.store, executionId, body.step_id);
  if (before.decision) throw alreadyDecided(body.step_id, before.decision);
  const event = await deps.store.appendEvent(executionId, deps.mask(body));
  const after = await readWaitLog(deps.store, executionId, body.step_id, before);
  const first = after.decision ?? (event as WorkflowEvent & StepDecidedBody);
  if (first.seq !== event.seq) throw alreadyDecided(body.step_id, first);
  deps.announce(event);
  decisionRecorded(executionId, body.step_id);
  return asRecorded(first);
}

function approvalStepOf(definition: { steps: readonly { id: string; step_type: string }[] } | undefined, id: string) {
  const steps = definition?.steps ?? [];
  const step = steps.find((s) => s.id === id);
  if (step && isStepOfType(step as ApprovalStep, 'approval')) return step as ApprovalStep;
  const approvals = steps.filter((s) => s.step_type === 'approval').map((s) => s.id);
  const known = approvals.length ? `approval steps: ${approvals.join(', ')}` : 'it has no approval step';
  throw new WorkflowError('STEP_NOT_FOUND', `the execution has no approval step ${quoteText(id)} (${known})`, {
    stepId: id,
    retryable: false,
  });
}

/** The form values checked against the step's `fields` (required ones only when approving), defaults applied. */
function checkFields(step: ApprovalStep, request: DecisionRequest): Record<string, unknown> {
  const given = { ...coerceDeclaredValues(step.fields, request.textFields ?? {}), ...request.fields };
  const { values, problems } = checkDeclaredValues(step.fields, given, {
    noun: 'field',
    none: 'the approval has no form fields',
    diagnostic: (code, message): Diagnostic => ({
      code,
      severity: 'error',
      message,
      line: 1,
      column: 1,
      step_id: step.id,
    }),
  });
  const counted = request.decision === 'approve' ? problems : problems.filter((p) => p.code !== 'INPUT_MISSING');
  if (counted.length > 0) {
    throw new WorkflowError(
      'FIELDS_INVALID',
      `invalid fields for approval ${quoteText(step.id)}: ${counted.map((p) => p.message).join('; ')}`,
      { stepId: step.id, diagnostics: counted, retryable: false },
    );
  }
  return values;
}

/**
 * Approves or rejects a waiting approval step. Throws `EXECUTION_NOT_FOUND`, `STEP_NOT_FOUND` (no approval step of
 * that id), `STEP_NOT_WAITING` (not waiting, or decided already), `FIELDS_INVALID` (the form's problems, every one).
 */
export async function decideApproval(
  deps: DecisionDeps,
  executionId: string,
  stepId: string,
  request: DecisionRequest,
): Promise<RecordedDecision> {
  const record = await readExecution(deps.store, executionId);
  const step = approvalStepOf(record.definition, stepId);
  const status = record.steps[stepId]?.status ?? 'pending';
  if (status !== 'waiting') {
    throw new WorkflowError(
      'STEP_NOT_WAITING',
      `step ${quoteText(stepId)} is ${status}, not waiting for a decision (execution ${record.status})`,
      { stepId, retryable: false },
    );
  }
  if (request.comment !== undefined && request.comment.length > MAX_DECISION_COMMENT) {
    throw new WorkflowError('INVALID_VALUE', `the comment is longer than ${MAX_DECISION_COMMENT} characters`, {
      stepId,
      retryable: false,
    });
  }
  const fields = checkFields(step, request);
  return recordDecision(deps, executionId, {
    type: 'step_decided',
    step_id: stepId,
    decision: request.decision === 'approve' ? 'approved' : 'rejected',
    decided_by: request.decidedBy,
    fields,
    ...(request.comment === undefined || request.comment === '' ? {} : { comment: request.comment }),
  });
}
