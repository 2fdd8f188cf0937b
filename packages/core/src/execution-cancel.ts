// cancelExecution(): stop an execution wherever it runs - here, through the store for another process, or in the
// store when no process runs it any more - and, when asked, wait until it has ended.
import type { ExecutionRecord, ExecutionStore } from '@skill/workflow-model';
import type { EngineContext } from './engine-context.js';
import type { CancelOptions, CancelOutcome } from './engine-types.js';
import { cancelAbandonedChildren } from './execution-children.js';
import { followExecution } from './execution-follow.js';
import { cancelAbandoned, isAbandoned, isLeased, readExecution } from './execution-owner.js';

/** The reason recorded when none is given. */
const DEFAULT_CANCEL_REASON = 'execution cancelled';
/** How long `cancel(id, { wait: true })` waits at most by default. */
const DEFAULT_CANCEL_WAIT_MS = 15_000;

/** Resolves when `done` settles or after `ms`, whichever comes first. */
async function settledWithin(done: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([
    done.then(
      () => undefined,
      () => undefined,
    ),
    late,
  ]);
  clearTimeout(timer);
}

/**
 * Cancels in the store an execution whose process is gone, or records a request for the process that runs it. A
 * leased execution always gets a request: the coordinator that runs it, or the one taking it over, sees it.
 */
async function cancelElsewhere(store: ExecutionStore, record: ExecutionRecord, reason: string): Promise<CancelOutcome> {
  if (!(await isLeased(store, record.id)) && (await isAbandoned(store, record))) {
    await cancelAbandoned(store, record, reason); // no process would ever see a request
    await cancelAbandonedChildren(store, record.id, reason);
    return 'cancelled';
  }
  if (!store.requestCancel) return 'not_running';
  return (await store.requestCancel(record.id, reason)) ? 'requested' : 'not_running';
}

/**
 * Follows the execution from `since` until it ends or `ms` pass. When its process died meanwhile, the execution is
 * cancelled in the store ('cancelled'); otherwise the outcome stays 'requested'.
 */
async function awaitRequested(ctx: EngineContext, executionId: string, since: number, reason: string, ms: number) {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), ms);
  try {
    for await (const _event of followExecution(ctx, executionId, { since, signal: deadline.signal })) {
      // only the end matters
    }
  } finally {
    clearTimeout(timer);
  }
  const after = await ctx.store.getExecution(executionId);
  if (deadline.signal.aborted || !after || (await isLeased(ctx.store, executionId))) return 'requested';
  if (!(await isAbandoned(ctx.store, after))) return 'requested';
  await cancelAbandoned(ctx.store, after, reason);
  return 'cancelled';
}

/**
 * Cancels the execution and says how; with `wait`, resolves once it has ended or `timeoutMs` passed. An execution
 * this engine runs is aborted before the first await. Throws `EXECUTION_NOT_FOUND` for an unknown id.
 */
export async function cancelExecution(
  ctx: EngineContext,
  executionId: string,
  options: CancelOptions = {},
): Promise<CancelOutcome> {
  const reason = options.reason ?? DEFAULT_CANCEL_REASON;
  const waitMs = options.timeoutMs ?? DEFAULT_CANCEL_WAIT_MS;
  const here = ctx.running.get(executionId);
  if (here && ctx.cancelHere(executionId, reason)) {
    if (options.wait) await settledWithin(here.done, waitMs);
    return 'cancelling';
  }
  const record = await readExecution(ctx.store, executionId);
  const outcome = await cancelElsewhere(ctx.store, record, reason);
  if (!options.wait || outcome !== 'requested') return outcome;
  return awaitRequested(ctx, executionId, record.last_seq, reason, waitMs);
}
