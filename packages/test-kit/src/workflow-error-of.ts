// The WorkflowError a promise rejects with, for asserting on its code and details.
import { isWorkflowError, type WorkflowError } from '@skill/workflow-model';

/**
 * Awaits `promise` and returns the WorkflowError it rejected with; throws when it resolved or rejected with
 * anything else.
 *
 * @example
 * expect((await workflowErrorOf(executor.run(step, context))).code).toBe('TIMEOUT');
 */
export async function workflowErrorOf(promise: Promise<unknown>): Promise<WorkflowError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isWorkflowError(error)) throw new Error(`expected a WorkflowError, got ${String(error)}`);
  return error;
}
