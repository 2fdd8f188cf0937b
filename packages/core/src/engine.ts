// createEngine(): the facade that wires the engine's parts - workflows, running, recovery, executions - to one context.
import { createEngineContext } from './engine-context.js';
import { createExecutions } from './engine-executions.js';
import { createRecovery } from './engine-recovery.js';
import { createRunning } from './engine-running.js';
import { createSkills } from './engine-skills.js';
import { engineGauges } from './engine-telemetry.js';
import type { Engine, EngineOptions } from './engine-types.js';
import { createWorkflows } from './engine-workflows.js';

/**
 * Creates a workflow engine.
 *
 * @example
 * import { createEngine } from '@skill/workflow-core';
 * const engine = createEngine();
 * const record = await engine.run('.workflows/hello.toml', { name: 'Ada' });
 * console.log(record.status, record.steps.greet?.output);
 */
export function createEngine(options: EngineOptions = {}): Engine {
  const ctx = createEngineContext(options);
  const running = createRunning(ctx);
  const warmPoolSize = () => {
    const stats = ctx.warmSandbox?.stats();
    return stats ? stats.idle + stats.starting : 0;
  };
  ctx.telemetry?.attach?.(engineGauges(ctx.store, options.sandboxPoolSize ?? warmPoolSize));
  return {
    store: ctx.store,
    cwd: ctx.cwd,
    workflowsDir: ctx.loader.workflowsDir,
    ...createWorkflows(ctx),
    run: running.run,
    start: running.start,
    shutdown: running.shutdown,
    warmPoolStats: () => ctx.warmSandbox?.stats(),
    ...createRecovery(ctx, running),
    ...createExecutions(ctx),
    ...createSkills(ctx),
    trustedSecret: (name) => ctx.secretsFor('trusted').secrets[name],
  };
}
