// What the renderers show about a running workflow: the execution record folded from events, plus retry waits.
import {
  applyEvent,
  type ExecutionRecord,
  type StepRecord,
  type WorkflowDefinition,
  type WorkflowEvent,
} from '@skill/workflow-model';

/** One top-level step as the table shows it. */
export interface StepView {
  id: string;
  type: string;
  record: StepRecord;
  /** Attempts allowed by the step's retry policy. */
  maxAttempts: number;
  /** Set while waiting to retry: the next attempt and when it starts (epoch ms). */
  retry?: { nextAttempt: number; at: number; error: string };
  /** The step failed but `continue_on_error` keeps the workflow going. */
  continueOnError: boolean;
}

/** The state of one execution as seen through its events. */
export class RunView {
  readonly definition: WorkflowDefinition;
  readonly record: ExecutionRecord;
  readonly #retries = new Map<string, StepView['retry']>();
  readonly #continued = new Set<string>();

  constructor(definition: WorkflowDefinition) {
    this.definition = definition;
    this.record = {
      id: '',
      workflow_name: definition.name,
      status: 'pending',
      inputs: {},
      created_at: '',
      steps: {},
      last_seq: 0,
    };
  }

  /** Folds one event in. */
  apply(event: WorkflowEvent): void {
    if (!this.record.id) this.record.id = event.execution_id;
    applyEvent(this.record, event);
    if (event.type === 'step_retrying') {
      const at = Date.parse(event.timestamp) + event.delay_ms;
      this.#retries.set(event.step_id, { nextAttempt: event.next_attempt, at, error: event.error });
    } else if (
      event.type === 'step_started' ||
      event.type === 'step_completed' ||
      event.type === 'step_failed' ||
      event.type === 'step_cancelled'
    ) {
      this.#retries.delete(event.step_id);
      if (event.type === 'step_failed' && event.continue_on_error) this.#continued.add(event.step_id);
    }
  }

  /** The policy's attempt count of a step (top-level or loop), 1 when unknown. */
  maxAttempts(stepId: string): number {
    return this.definition.steps.find((s) => s.id === stepId)?.retry.max_attempts ?? 1;
  }

  /** True for ids of top-level steps (loop-body steps are summarised by their foreach step). */
  isTopLevel(stepId: string): boolean {
    return this.definition.steps.some((s) => s.id === stepId);
  }

  /** The top-level steps in definition order. */
  steps(): StepView[] {
    return this.definition.steps.map((step) => {
      const retry = this.#retries.get(step.id);
      return {
        id: step.id,
        type: step.step_type,
        record: this.record.steps[step.id] ?? { step_id: step.id, status: 'pending', attempts: 0, metadata: {} },
        maxAttempts: step.retry.max_attempts,
        ...(retry ? { retry } : {}),
        continueOnError: this.#continued.has(step.id),
      };
    });
  }
}
