// Merges a WebSocket message into the execution record: the server folded the event and sent what it changed.
import type { ExecutionRecord, ExecutionStreamMessage, StepRecord } from '@skill/workflow-model';
import { withLiveItem } from './live-items.js';

/** The step record after `message` (which carries `change.step`), keeping the live foreach items shown so far. */
function mergedStep(old: StepRecord | undefined, step: StepRecord, message: ExecutionStreamMessage): StepRecord {
  if (message.type !== 'step_progress') return step;
  // Progress never changes a step's stored metadata; until the final metadata arrives, it holds the live items.
  const metadata = old?.metadata ?? step.metadata;
  return { ...step, metadata: message.item ? withLiveItem(metadata, message.item) : metadata };
}

/** The record after `message`; messages at or below `record.last_seq` change nothing. */
export function mergeStreamMessage(record: ExecutionRecord, message: ExecutionStreamMessage): ExecutionRecord {
  if (message.seq <= record.last_seq) return record;
  const { change } = message;
  const step = change?.step;
  const steps = step
    ? { ...record.steps, [step.step_id]: mergedStep(record.steps[step.step_id], step, message) }
    : record.steps;
  return { ...record, ...change?.execution, steps, last_seq: message.seq };
}
