// Executions of an engine as callers see them: read, list, follow to the end, cancel, listen to events.
import { type ExecutionRecord, isTerminalExecutionStatus } from '@skill/workflow-model';
import type { EngineContext } from './engine-context.js';
import type { Engine } from './engine-types.js';
import { cancelExecution } from './execution-cancel.js';
import { withChildren } from './execution-children.js';
import { followExecution } from './execution-follow.js';
import { readExecution, withLiveness } from './execution-owner.js';

/** The execution part of an engine. */
export type EngineExecutions = Pick<
  Engine,
  'getExecution' | 'requireExecution' | 'listExecutions' | 'listEvents' | 'follow' | 'cancel' | 'onEvent'
>;

/** The execution part of the engine with context `ctx`. */
export function createExecutions(ctx: EngineContext): EngineExecutions {
  const { store } = ctx;
  const requireExecution = async (id: string): Promise<ExecutionRecord> =>
    withChildren(store, await withLiveness(store, await readExecution(store, id)));
  return {
    async getExecution(id) {
      const record = await store.getExecution(id);
      return record && withLiveness(store, record);
    },
    requireExecution,
    async listExecutions(filter) {
      const page = await store.listExecutions(filter);
      const items = await Promise.all(page.items.map((record) => withLiveness(store, record)));
      return { ...page, items };
    },
    listEvents: (id, since) => store.listEvents(id, since),
    follow: (executionId, followOptions) => followExecution(ctx, executionId, followOptions),
    async cancel(executionId, cancelOptions) {
      const outcome = await cancelExecution(ctx, executionId, cancelOptions);
      const record = await requireExecution(executionId);
      return { outcome, record, ended: isTerminalExecutionStatus(record.status) };
    },
    onEvent: (listener) => ctx.listen(listener),
  };
}
