// The paging rules every store shares: page size 50 by default, clamped to 1..1000; cursors are ordinals.

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;

/** The page size for a requested `limit`: 50 when absent or NaN, else clamped to 1..1000. */
export function pageLimit(limit: number | undefined): number {
  const wanted = limit === undefined || Number.isNaN(limit) ? DEFAULT_LIMIT : Math.floor(limit);
  return Math.max(1, Math.min(wanted, MAX_LIMIT));
}

/**
 * The creation ordinal a cursor names (pages continue with older executions); undefined without a cursor,
 * null for a cursor no store issued (such a page is empty).
 */
export function cursorOrdinal(cursor: string | undefined): number | undefined | null {
  if (cursor === undefined) return undefined;
  return /^\d{1,15}$/.test(cursor) ? Number(cursor) : null;
}
