// The latest execution of each workflow: one call for the recent executions, one more per workflow not among them.
import type { ExecutionRecord } from '@skill/workflow-model';
import { api } from '../api.js';

/** How many recent executions the first call reads; most workflows find their latest run there. */
export const RECENT_EXECUTIONS = 200;

/** The first (newest) execution of each workflow in `newestFirst`. */
export function latestByWorkflow(newestFirst: readonly ExecutionRecord[]): Map<string, ExecutionRecord> {
  const latest = new Map<string, ExecutionRecord>();
  for (const execution of newestFirst) {
    if (!latest.has(execution.workflow_name)) latest.set(execution.workflow_name, execution);
  }
  return latest;
}

/**
 * The latest execution of each of `names` (absent: never run). Reads the recent executions once; a workflow
 * missing from them is asked for separately (limit 1), unless the recent page was the whole history.
 */
export async function loadLastRuns(names: readonly string[]): Promise<Map<string, ExecutionRecord>> {
  const recent = await api.listExecutions({ limit: RECENT_EXECUTIONS });
  const latest = latestByWorkflow(recent.items);
  if (recent.next_cursor === null) return latest;
  const missing = names.filter((name) => !latest.has(name));
  const pages = await Promise.all(missing.map((workflow) => api.listExecutions({ workflow, limit: 1 })));
  for (const page of pages) {
    const [newest] = page.items;
    if (newest) latest.set(newest.workflow_name, newest);
  }
  return latest;
}
