// The error every store gives a write whose lease fence is outdated.
import { type LeaseFence, WorkflowError } from '@skill/workflow-model';

/** `LEASE_LOST`: the lease of `fence` was taken over (or given up); the write was refused. */
export function leaseLost(executionId: string, fence: LeaseFence): WorkflowError {
  return new WorkflowError(
    'LEASE_LOST',
    `execution ${executionId}: the lease of ${fence.owner} (epoch ${fence.epoch}) is gone; nothing was written`,
    { executionId, retryable: false },
  );
}
