// The WorkflowError a promise rejects with or a function throws, for asserting on its code and details.
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

/**
 * Calls `run` and returns the WorkflowError it threw; throws when it returned or threw anything else.
 *
 * @example
 * expect(workflowErrorThrownBy(() => resolveTemplate('{nope}', scope)).code).toBe('TEMPLATE_REF_MISSING');
 */
export function workflowErrorThrownBy(run: () => unknown): WorkflowError {
  try {
    run();
  } catch (error) {
    if (isWorkflowError(error)) return error;
    throw error;
  }
  throw new Error('expected a WorkflowError, but nothing was thrown');
}
