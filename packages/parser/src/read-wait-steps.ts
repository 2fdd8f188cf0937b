// Reads the durable wait steps: `approval` (message, form fields, timeout with on_timeout) and `sleep` (duration or until).
import type { ApprovalStep, SleepStep, StepBase } from '@skill/workflow-model';
import { parseTimestamp, quoteText } from '@skill/workflow-model';
import { durationField, type RawTable, stringField, subTable } from './field-readers.js';
import { formatPath } from './key-path.js';
import { readInputDefinitions } from './read-inputs.js';
import type { StepContext } from './read-step.js';
import type { KeyPath } from './source-map.js';

/** A wait is never retried: a second attempt would ask again or sleep again. */
function once(base: StepBase): StepBase {
  return { ...base, retry: { ...base.retry, max_attempts: 1 } };
}

/** Approvals and sleeps wait at the top level only: a loop iteration cannot be decided or resumed on its own. */
function checkTopLevel(path: KeyPath, base: StepBase, ctx: StepContext): void {
  if (!path.includes('loop')) return;
  ctx.sink.error(
    'INVALID_VALUE',
    [...path, 'step_type'],
    `step ${quoteText(base.id)}: ${base.step_type} steps cannot run inside a foreach loop`,
    'move it to the top level (before or after the foreach step)',
  );
}

/** `step_type = "approval"`; the step's `timeout` is how long it waits for a decision, not an attempt limit. */
export function readApproval(raw: RawTable, path: KeyPath, base: StepBase, ctx: StepContext): ApprovalStep {
  checkTopLevel(path, base, ctx);
  const { timeout_ms, ...rest } = once(base);
  const onTimeout = raw.on_timeout ?? 'reject'; // other values: reported by the schema
  if (raw.on_timeout !== undefined && timeout_ms === undefined) {
    ctx.sink.error(
      'INVALID_VALUE',
      [...path, 'on_timeout'],
      `step ${quoteText(base.id)} sets on_timeout but no timeout`,
      'add timeout = "24h" (or any duration), or remove on_timeout',
    );
  }
  const fields = readInputDefinitions(subTable(raw, 'fields'), [...path, 'fields'], ctx.sink, ctx.locate);
  return {
    ...rest,
    step_type: 'approval',
    message: stringField(raw, 'message') ?? '',
    fields,
    ...(timeout_ms === undefined ? {} : { decision_timeout_ms: timeout_ms }),
    on_timeout: onTimeout === 'approve' ? 'approve' : 'reject',
  };
}

/** `step_type = "sleep"`: exactly one of `duration` and `until` (an RFC 3339 timestamp, or a template). */
export function readSleep(raw: RawTable, path: KeyPath, base: StepBase, ctx: StepContext): SleepStep {
  checkTopLevel(path, base, ctx);
  const step: SleepStep = { ...once(base), step_type: 'sleep' };
  const duration = durationField(raw, 'duration', path, ctx.sink);
  const until = stringField(raw, 'until');
  if ((raw.duration === undefined) === (raw.until === undefined)) {
    ctx.sink.error(
      'SCHEMA_VIOLATION',
      path,
      `step ${quoteText(base.id)} (sleep) needs exactly one of "duration" and "until"`,
      'add duration = "10m", or until = "2026-12-24T18:00:00Z" (RFC 3339, or a template)',
    );
  }
  if (duration !== undefined) step.duration_ms = duration;
  if (until !== undefined) {
    if (!until.includes('{') && parseTimestamp(until) === undefined) {
      const at = [...path, 'until'];
      ctx.sink.error(
        'INVALID_VALUE',
        at,
        `${formatPath(at)} must be an RFC 3339 timestamp with an offset, got ${quoteText(until)}`,
        'for example "2026-12-24T18:00:00Z" or "2026-12-24T19:00:00+01:00"',
      );
    }
    step.until = until;
  }
  return step;
}
