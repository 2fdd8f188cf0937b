// Durations as workflow files write them ("500ms", "5s", "1h30m", bare seconds): parsed into milliseconds and formatted back.
import { quoteText } from './display-text.js';
import { WorkflowError } from './errors.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const BARE_NUMBER = /^\d+(?:\.\d+)?$/;
const WITH_UNITS = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/** Human explanation of the accepted forms, reused in diagnostics. */
export const DURATION_FORMS =
  'write a number with a unit (ms, s, m, h, d) such as "500ms", "30s", "5m", "1h30m", or a number of seconds';

function invalid(value: unknown): WorkflowError {
  const shown = typeof value === 'string' ? quoteText(value) : String(value);
  return new WorkflowError('INVALID_DURATION', `invalid duration ${shown}: ${DURATION_FORMS}`, {
    value,
    retryable: false,
  });
}

/**
 * Converts a duration to milliseconds: `"500ms"`, `"5s"`, `"5m"`, `"1h"`, `"1h30m"`, `"2d"`; a bare
 * number (or numeric string) is seconds. Negative, empty or unit-less words throw `INVALID_DURATION`.
 *
 * @example
 * parseDuration('1h30m'); // 5_400_000
 * parseDuration(30); // 30_000
 */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw invalid(value);
    return Math.round(value * 1000);
  }
  if (typeof value !== 'string') throw invalid(value);
  const text = value.trim();
  if (BARE_NUMBER.test(text)) return Math.round(Number(text) * 1000);
  if (!WITH_UNITS.test(text)) throw invalid(value);
  let total = 0;
  for (const match of text.matchAll(PART)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN);
  }
  if (!Number.isFinite(total)) throw invalid(value);
  return Math.round(total);
}

/**
 * Formats milliseconds the way users write durations (what {@link parseDuration} reads back):
 * `500ms`, `5s`, `1.5s`, `2m`, `1h30m`. Every message that names a duration uses it.
 *
 * @example
 * formatDuration(90_000); // '1m30s'
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return `${ms}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = Math.round((ms % 60_000) / 10) / 100;
  let text = '';
  if (hours > 0) text += `${hours}h`;
  if (minutes > 0) text += `${minutes}m`;
  if (seconds > 0 || text === '') text += `${seconds}s`;
  return text;
}
