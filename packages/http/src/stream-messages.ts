// The execution WebSocket's messages: each event with `change`, folded on the server with the model's applyEvent.
import {
  applyEvent,
  type ExecutionRecord,
  type ExecutionStreamMessage,
  type RecordChange,
  type WorkflowEvent,
} from '@skill/workflow-model';

function changeOf(record: ExecutionRecord, event: WorkflowEvent): RecordChange | undefined {
  if (!('step_id' in event)) {
    const { status, started_at, finished_at, duration_ms, error, waiting_for } = record;
    return {
      execution: {
        status,
        ...(started_at !== undefined ? { started_at } : {}),
        ...(finished_at !== undefined ? { finished_at } : {}),
        ...(duration_ms !== undefined ? { duration_ms } : {}),
        ...(error !== undefined ? { error } : {}),
        ...(waiting_for !== undefined ? { waiting_for } : {}),
      },
    };
  }
  if (event.type === 'step_progress' && !event.progress && !event.item) return undefined;
  const step = record.steps[event.step_id];
  return step ? { step: { ...step } } : undefined;
}

/**
 * Turns the events of one execution into WebSocket messages, folding them into a private copy of `record` (the
 * stored record when the connection opened). Events the copy already holds (replayed from before it was read) are
 * not folded again: their `change` is the copy's current state, so merging the messages in order still ends at
 * the stored record.
 */
export function streamMessages(record: ExecutionRecord): (event: WorkflowEvent) => ExecutionStreamMessage {
  const { definition: _definition, inputs: _inputs, ...state } = record;
  const copy: ExecutionRecord = structuredClone({ ...state, inputs: {} });
  return (event) => {
    if (event.seq > copy.last_seq) applyEvent(copy, event);
    const change = changeOf(copy, event);
    return change ? { ...event, change } : event;
  };
}
