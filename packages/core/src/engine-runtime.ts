// The part of an engine that runs executions (scheduler, step runner, recovery): createEngine imports it at first use.
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

/** The running and recovery parts of the engine with context `ctx`. */
export function createEngineRuntime(ctx: EngineContext): EngineRuntime {
  const running = createRunning(ctx);
  const recovery = createRecovery(ctx, running);
  if (!ctx.executors.has('workflow'))
    ctx.executors.set('workflow', createSubWorkflowExecutor(ctx, running, recovery.resume));
  return { run: running.run, start: running.start, shutdown: running.shutdown, ...recovery };
}
