// The words a queued or skipped execution shows for its concurrency key: which key, how full, held by whom.

/** What a waiting execution has already done and shown. */
export interface WaitState {
  /** Holders this execution has asked to cancel (cancel-running asks each once). */
  cancelled: Set<string>;
  /** The reason last recorded in a `workflow_queued` event (recorded again only when it changes). */
  shown: string | undefined;
}

/** Holders named in a reason at most (the rest are counted). */
const NAMED_HOLDERS = 3;

function heldBy(limit: number, holders: readonly string[]): string {
  const named = holders.slice(0, NAMED_HOLDERS).join(', ');
  const more = holders.length > NAMED_HOLDERS ? ` and ${holders.length - NAMED_HOLDERS} more` : '';
  return `${holders.length}/${limit} held by ${named}${more}`;
}

/**
 * The reason of a queued (`queue`, `cancel`) or skipped (`skip`) execution.
 *
 * @example
 * conflictText('queue', 'deploy-prod', 1, ['e1']); // 'waiting for concurrency key deploy-prod (1/1 held by e1)'
 */
export function conflictText(
  kind: 'queue' | 'cancel' | 'skip',
  key: string,
  limit: number,
  holders: readonly string[],
): string {
  const held = heldBy(limit, holders);
  if (kind === 'skip') return `skipped: concurrency key ${key} is taken (${held})`;
  if (kind === 'cancel') return `waiting for concurrency key ${key} (${held}; cancelling ${holders[0]})`;
  return `waiting for concurrency key ${key} (${held})`;
}
