// What an execution run under a lease writes and runs with: a store whose appends carry the lease's fence, and
// executors that start no attempt once the lease is no longer known valid (a paused coordinator waking up).
import {
  type ExecutionStore,
  isWorkflowError,
  type LeaseFence,
  type LeaseStore,
  type StepDispatcher,
  type StepExecutor,
  type StepJob,
  WorkflowError,
} from '@skill/workflow-model';

function leaseLost(executionId: string, fence: LeaseFence): WorkflowError {
  const message = `execution ${executionId}: the lease of ${fence.owner} (epoch ${fence.epoch}) ran out; nothing written`;
  return new WorkflowError('LEASE_LOST', message, { executionId, retryable: false });
}

/**
 * `store` with appendEvent/appendEvents fenced by `fence`. Nothing is written once `isValid()` is false (the lease
 * was not renewed in time: another coordinator may hold it by now); a refused write calls `onLost`, then throws.
 */
export function fencedStore(
  store: ExecutionStore & LeaseStore,
  fence: LeaseFence,
  isValid: () => boolean,
  onLost: (executionId: string) => void,
): ExecutionStore {
  const append: ExecutionStore['appendEvents'] = async (executionId, bodies, timestamps) => {
    try {
      if (!isValid()) throw leaseLost(executionId, fence);
      return await store.appendFencedEvents(executionId, fence, bodies, timestamps);
    } catch (error) {
      if (isWorkflowError(error) && error.code === 'LEASE_LOST') onLost(executionId);
      throw error;
    }
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'appendEvents') return append;
      if (property === 'appendEvent') {
        return async (executionId: string, body: Parameters<ExecutionStore['appendEvent']>[1], timestamp?: string) => {
          const [event] = await append(executionId, [body], timestamp === undefined ? undefined : [timestamp]);
          return event;
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** `executors` whose attempts start only while `isValid()`; otherwise `onLost` is called and the attempt refused. */
export function guardedExecutors(
  executors: ReadonlyMap<string, StepExecutor>,
  isValid: () => boolean,
  onLost: () => void,
): Map<string, StepExecutor> {
  const guarded = new Map<string, StepExecutor>();
  for (const [type, executor] of executors) {
    const wrapper = Object.create(executor) as StepExecutor;
    wrapper.run = (step, ctx) => {
      if (!isValid()) {
        onLost();
        const message = `execution ${ctx.execution_id}: this coordinator's lease ran out; step "${ctx.step_id}" not started`;
        return Promise.reject(new WorkflowError('LEASE_LOST', message, { stepId: ctx.step_id, retryable: false }));
      }
      return executor.run(step, ctx);
    };
    guarded.set(type, wrapper);
  }
  return guarded;
}

/** `dispatcher` sending nothing once the lease ran out (the same check as {@link guardedExecutors}). */
export function guardedDispatcher(
  dispatcher: StepDispatcher,
  isValid: () => boolean,
  onLost: () => void,
): StepDispatcher {
  const refused = (job: StepJob): Promise<never> => {
    onLost();
    const message = `execution ${job.execution_id}: this coordinator's lease ran out; step "${job.step_id}" not sent`;
    return Promise.reject(new WorkflowError('LEASE_LOST', message, { stepId: job.step_id, retryable: false }));
  };
  const { adopt } = dispatcher;
  return {
    ...dispatcher,
    dispatch: (job, control) => (isValid() ? dispatcher.dispatch(job, control) : refused(job)),
    ...(adopt ? { adopt: (job, control) => (isValid() ? adopt.call(dispatcher, job, control) : refused(job)) } : {}),
  };
}
