// Which process runs an execution (its workflow_started event names it) and what to do when that process is gone:
// show the execution as interrupted when it is read, let a cancel mark it cancelled in the store, let resume continue it.

import { hostname } from 'node:os';
import {
  type ExecutionRecord,
  ExecutionStatus,
  type ExecutionStore,
  type StepCancelledBody,
  WorkflowError,
} from '@skill/workflow-model';

/** A process on a host. */
export interface ExecutionOwner {
  host: string;
  pid: number;
}

/** This engine process, recorded as the owner of the executions it starts or resumes. */
export const THIS_PROCESS: ExecutionOwner = { host: hostname(), pid: process.pid };

/** Executions that an engine of this process runs now (several engines may share a process and a store). */
const runningInThisProcess = new Set<string>();

/** Tracks an execution while an engine of this process runs it; call the returned function when it ends. */
export function runningHere(executionId: string): () => void {
  runningInThisProcess.add(executionId);
  return () => runningInThisProcess.delete(executionId);
}

/** True for a pending, queued or running record: some process should be working on it (or waiting for its turn). */
export function isUnfinished(record: ExecutionRecord): boolean {
  return (
    record.status === ExecutionStatus.Pending ||
    record.status === ExecutionStatus.Queued ||
    record.status === ExecutionStatus.Running
  );
}

/**
 * The owner named by the execution's last `workflow_started` or `workflow_queued` event (undefined before either:
 * the process waiting for a concurrency key owns a queued execution).
 */
export async function ownerOf(store: ExecutionStore, executionId: string): Promise<ExecutionOwner | undefined> {
  const events = await store.listEvents(executionId);
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const event = events[i];
    if (event?.type === 'workflow_started' || event?.type === 'workflow_queued') return event.owner;
  }
  return undefined;
}

/**
 * True when the owner is known to be gone: it ran on this host and its pid no longer runs (this process: no engine
 * of it runs the execution any more). Owners on other hosts (a shared PostgreSQL store) count as alive.
 */
async function ownerGone(owner: ExecutionOwner, executionId: string): Promise<boolean> {
  if (owner.host !== THIS_PROCESS.host) return false;
  if (owner.pid === THIS_PROCESS.pid) return !runningInThisProcess.has(executionId);
  const { isProcessAlive } = await import('@skill/sandbox'); // the process code loads only when a pid is checked
  return !isProcessAlive(owner.pid);
}

/** True when a coordinator holds (or held) a lease on the execution: coordinators continue it, never the store alone. */
export async function isLeased(store: ExecutionStore, executionId: string): Promise<boolean> {
  return (await store.leaseOf?.(executionId)) !== undefined;
}

/** True while a coordinator's lease on the execution runs (it is renewed, or its holder died moments ago). */
async function leaseRuns(store: ExecutionStore, executionId: string): Promise<boolean> {
  const lease = await store.leaseOf?.(executionId);
  return lease !== undefined && lease.expires_at > new Date().toISOString();
}

/**
 * True when the record is pending or running and the process that owns it is gone (and no coordinator's lease
 * on it runs). A record that never started
 * (no owner yet) counts as abandoned only once it is older than `pendingGraceMs`.
 */
export async function isAbandoned(
  store: ExecutionStore,
  record: ExecutionRecord,
  pendingGraceMs = 30_000,
): Promise<boolean> {
  if (!isUnfinished(record) || runningInThisProcess.has(record.id)) return false;
  if (await leaseRuns(store, record.id)) return false;
  const owner = await ownerOf(store, record.id);
  if (owner === undefined) return Date.now() - Date.parse(record.created_at) > pendingGraceMs;
  return ownerGone(owner, record.id);
}

/** The execution as stored (no liveness applied); throws `EXECUTION_NOT_FOUND`. */
export async function readExecution(store: ExecutionStore, executionId: string): Promise<ExecutionRecord> {
  const record = await store.getExecution(executionId);
  if (!record) throw new WorkflowError('EXECUTION_NOT_FOUND', `execution ${executionId} not found`);
  return record;
}

/** The record as callers see it: `interrupted` when its owner is gone. */
export async function withLiveness(store: ExecutionStore, record: ExecutionRecord): Promise<ExecutionRecord> {
  if (!(await isAbandoned(store, record))) return record;
  return { ...record, status: ExecutionStatus.Interrupted };
}

/** Records the cancel of an execution no process runs: its running steps and then the execution are cancelled. */
export async function cancelAbandoned(store: ExecutionStore, record: ExecutionRecord, reason: string): Promise<void> {
  const started = Date.parse(record.started_at ?? record.created_at);
  for (const step of Object.values(record.steps)) {
    if (step.status !== 'running' && step.status !== 'waiting') continue;
    const cancelled: StepCancelledBody = {
      type: 'step_cancelled',
      step_id: step.step_id,
      status: 'cancelled',
      error: `cancelled: ${reason} (its process was gone)`,
      metadata: step.metadata ?? {},
      attempt: step.attempts,
      duration_ms: step.started_at ? Math.max(0, Date.now() - Date.parse(step.started_at)) : 0,
    };
    await store.appendEvent(record.id, cancelled);
  }
  const duration_ms = Math.max(0, Date.now() - started);
  await store.appendEvent(record.id, { type: 'workflow_cancelled', status: 'cancelled', reason, duration_ms });
}
