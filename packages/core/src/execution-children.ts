// The sub-workflow executions an execution started, as links its record lists (`children`).
import type { ChildLink, ExecutionRecord, ExecutionStore } from '@skill/workflow-model';

/** The most children a record lists (a foreach over a `workflow` step may start many). */
const MAX_LISTED_CHILDREN = 1000;

/** `record` with `children` (oldest first) when `workflow` steps of it started child executions. */
export async function withChildren(store: ExecutionStore, record: ExecutionRecord): Promise<ExecutionRecord> {
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
