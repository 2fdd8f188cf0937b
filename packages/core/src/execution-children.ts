// The sub-workflow executions an execution started: the links its record lists (`children`), and cancelling those
// left unfinished when their parent is cancelled with no process running it.
import {
  type ChildLink,
  type ExecutionRecord,
  type ExecutionStore,
  isStepOfType,
  walkSteps,
} from '@skill/workflow-model';
import { cancelAbandoned, isAbandoned, isUnfinished } from './execution-owner.js';
import { MAX_SUB_WORKFLOW_DEPTH } from './sub-workflow-check.js';

/** The most children a record lists (a foreach over a `workflow` step may start many). */
const MAX_LISTED_CHILDREN = 1000;

/**
 * False when the record's definition has no `workflow` step (in loops too): only those start children, so its
 * status read skips the store query. A record without a definition may have some.
 */
function mayHaveChildren(record: ExecutionRecord): boolean {
  if (!record.definition) return true;
  for (const { step } of walkSteps(record.definition.steps)) if (isStepOfType(step, 'workflow')) return true;
  return false;
}

/** `record` with `children` (oldest first) when `workflow` steps of it started child executions. */
export async function withChildren(store: ExecutionStore, record: ExecutionRecord): Promise<ExecutionRecord> {
  if (!mayHaveChildren(record)) return record;
  const page = await store.listExecutions({ parent_id: record.id, limit: MAX_LISTED_CHILDREN });
  if (page.items.length === 0) return record;
  const children: ChildLink[] = page.items.reverse().map((child) => ({
    execution_id: child.id,
    step: child.parent?.step ?? '',
    workflow_name: child.workflow_name,
    status: child.status,
  }));
  return { ...record, children };
}

/**
 * Cancels in the store the unfinished children (and their children) of `parentId` that no process runs any more:
 * a parent cancelled after its process died would otherwise leave them for `resumeUnfinished` to run on their own.
 */
export async function cancelAbandonedChildren(store: ExecutionStore, parentId: string, reason: string, depth = 1) {
  if (depth > MAX_SUB_WORKFLOW_DEPTH) return;
  const page = await store.listExecutions({ parent_id: parentId, limit: MAX_LISTED_CHILDREN });
  for (const child of page.items) {
    if (!isUnfinished(child) || !(await isAbandoned(store, child))) continue;
    await cancelAbandoned(store, child, reason);
    await cancelAbandonedChildren(store, child.id, reason, depth + 1);
  }
}
