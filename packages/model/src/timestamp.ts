// RFC 3339 timestamps (`2026-12-03T12:00:00Z`, `2026-12-03T13:00:00.5+01:00`): the one rule validation and run time share.

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Epoch milliseconds of an RFC 3339 timestamp with an explicit offset; undefined for anything else (dates
 * without a time or an offset are refused: a sleep must not depend on the server's time zone).
 *
 * @example
 * parseTimestamp('1970-01-01T00:00:01Z'); // 1000
 */
export function parseTimestamp(text: string): number | undefined {
  if (!RFC3339.test(text)) return undefined;
  const ms = Date.parse(text.replace(' ', 'T'));
  return Number.isFinite(ms) ? ms : undefined;
}
