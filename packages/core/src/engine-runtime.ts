// The part of an engine that runs executions (scheduler, step runner, recovery): createEngine imports it at first use.
import { createCoordinator } from './coordination/coordinator.js';
import type { EngineContext } from './engine-context.js';
import { createRecovery } from './engine-recovery.js';
import { createRunning } from './engine-running.js';
import type { Engine } from './engine-types.js';
import { createSubWorkflowExecutor } from './sub-workflow-executor.js';

/** What an engine does through its runtime. */
export type EngineRuntime = Pick<
  Engine,
  'run' | 'start' | 'shutdown' | 'retry' | 'resume' | 'resumeUnfinished' | 'reapOrphans'
>;

/**
 * The running and recovery parts of the engine with context `ctx`. With `coordination` (and a store with leases),
 * every execution runs under a lease, and `resumeUnfinished` starts taking over those of coordinators that died.
 */
export function createEngineRuntime(ctx: EngineContext): EngineRuntime {
  const coordination = ctx.options.coordination;
  const coordinator = coordination ? createCoordinator(ctx, coordination) : undefined;
  const running = createRunning(ctx, coordinator?.guard);
  const recovery = createRecovery(ctx, running);
  if (!ctx.executors.has('workflow'))
    ctx.executors.set('workflow', createSubWorkflowExecutor(ctx, running, recovery.resume));
  if (!coordinator) return { run: running.run, start: running.start, shutdown: running.shutdown, ...recovery };
  return {
    run: running.run,
    start: running.start,
    ...recovery,
    resumeUnfinished: async () => {
      await ctx.ensureSkills();
      return coordinator.start(running);
    },
    async shutdown(shutdownOptions) {
      coordinator.stopTakeovers();
      try {
        await running.shutdown(shutdownOptions); // what is left running gets its lease expired, for another to continue
      } finally {
        coordinator.close();
      }
    },
  };
}
