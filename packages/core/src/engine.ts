// createEngine(): the facade that wires the engine's parts - workflows, running, recovery, executions - to one context.
// Running and recovery are imported at their first use: loading and validating workflows load none of their code.
import { decideApproval } from './approvals/approval-decision.js';
import { createEngineContext } from './engine-context.js';
import { createExecutions } from './engine-executions.js';
import type { EngineRuntime } from './engine-runtime.js';
import { createSkills } from './engine-skills.js';
import { engineGauges } from './engine-telemetry.js';
import type { Engine, EngineOptions } from './engine-types.js';
import { createWorkflows } from './engine-workflows.js';
import { checkRunLimit } from './run-queue.js';

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
  if (options.maxRunningExecutions !== undefined) checkRunLimit(options.maxRunningExecutions);
  const ctx = createEngineContext(options);
  let loading: Promise<EngineRuntime> | undefined;
  const runtime = (): Promise<EngineRuntime> => {
    loading ??= import('./engine-runtime.js').then((module) => module.createEngineRuntime(ctx));
    return loading;
  };
  const warmPoolSize = () => {
    const stats = ctx.warmSandbox?.current()?.stats();
    return stats ? stats.idle + stats.starting : 0;
  };
  ctx.telemetry?.attach?.(engineGauges(ctx.store, options.sandboxPoolSize ?? warmPoolSize));
  return {
    store: ctx.store,
    cwd: ctx.cwd,
    workflowsDir: ctx.loader.workflowsDir,
    ...createWorkflows(ctx),
    run: async (workflow, inputs, runOptions) => (await runtime()).run(workflow, inputs, runOptions),
    start: async (workflow, inputs, runOptions) => (await runtime()).start(workflow, inputs, runOptions),
    shutdown: async (shutdownOptions) => (await runtime()).shutdown(shutdownOptions),
    warmPoolStats: () => ctx.warmSandbox?.current()?.stats(),
    listWorkers: async () => (await options.stepDispatcher?.listWorkers?.()) ?? [],
    retry: async (executionId, retryOptions) => (await runtime()).retry(executionId, retryOptions),
    resume: async (executionId) => (await runtime()).resume(executionId),
    resumeUnfinished: async () => (await runtime()).resumeUnfinished(),
    reapOrphans: async () => (await runtime()).reapOrphans(),
    ...createExecutions(ctx),
    ...createSkills(ctx),
    trustedSecret: (name) => ctx.secretsFor('trusted').secrets[name],
    decideApproval: (executionId, stepId, request) => decideApproval(ctx.decisions, executionId, stepId, request),
  };
}
