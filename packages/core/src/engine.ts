// createEngine(): the facade that loads workflows, validates inputs, runs executions and records events.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { builtinExecutors } from '@skill/workflow-executors';
import {
  type ExecutionRecord,
  type ExecutionStore,
  isStepOfType,
  type StepDefinition,
  type StepExecutor,
  type WorkflowDefinition,
  WorkflowError,
  type WorkflowEvent,
  type WorkflowEventBody,
} from '@skill/workflow-model';
import { runSteps } from '@skill/workflow-scheduler';
import type { Engine, EngineOptions, RunOptions, StartedExecution, WorkflowSource } from './engine-types.js';
import { validateInputs } from './inputs.js';
import { InMemoryExecutionStore } from './memory-store.js';
import { createStepHooks, missingExecutors } from './step-runner.js';
import { type LoaderContext, listWorkflowFiles, loadSource, validateSource } from './workflow-loader.js';

function collectStepIds(steps: readonly StepDefinition[], into = new Set<string>()): Set<string> {
  for (const step of steps) {
    into.add(step.id);
    if (isStepOfType(step, 'foreach')) collectStepIds(step.loop, into);
  }
  return into;
}

/** Records events in order: each is persisted, then announced to listeners. One drain loop, no promise chain. */
class EventRecorder {
  #queue: WorkflowEventBody[] = [];
  #head = 0;
  #draining: Promise<void> | undefined;
  #failure: unknown;

  constructor(
    private readonly store: ExecutionStore,
    private readonly executionId: string,
    private readonly announce: (event: WorkflowEvent) => void,
  ) {}

  record(body: WorkflowEventBody): void {
    this.#queue.push(body);
    this.#draining ??= this.#drain();
  }

  async #drain(): Promise<void> {
    try {
      while (this.#head < this.#queue.length && !this.#failure) {
        const body = this.#queue[this.#head++] as WorkflowEventBody;
        this.announce(await this.store.appendEvent(this.executionId, body));
      }
    } catch (error) {
      this.#failure = error;
    } finally {
      this.#queue = [];
      this.#head = 0;
      this.#draining = undefined;
    }
  }

  /** Waits until every recorded event is persisted; rethrows a store failure. */
  async flush(): Promise<void> {
    while (this.#draining) await this.#draining;
    if (this.#failure) throw this.#failure;
  }
}

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
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const store = options.store ?? new InMemoryExecutionStore();
  const executors = new Map<string, StepExecutor>();
  for (const executor of [...builtinExecutors(), ...(options.executors ?? [])]) executors.set(executor.type, executor);
  const loader: LoaderContext = {
    cwd,
    workflowsDir: path.resolve(cwd, options.workflowsDir ?? '.workflows'),
    executors,
  };
  const listeners = new Set<(event: WorkflowEvent) => void>();
  const running = new Map<string, AbortController>();

  async function start(
    source: WorkflowSource,
    inputs: Record<string, unknown> = {},
    runOptions: RunOptions = {},
  ): Promise<StartedExecution> {
    const { definition, file } = await loadSource(source, loader);
    const missing = missingExecutors(definition.steps, executors);
    if (missing.length) {
      throw new WorkflowError('EXECUTOR_NOT_FOUND', `no executor for step type ${missing.join(', ')}`, {
        retryable: false,
      });
    }
    const validInputs = validateInputs(definition, inputs);
    const executionId = runOptions.executionId ?? randomUUID();
    await store.createExecution({
      id: executionId,
      workflow_name: definition.name,
      inputs: validInputs,
      definition,
    });
    const controller = new AbortController();
    running.set(executionId, controller);
    if (runOptions.signal) {
      if (runOptions.signal.aborted) controller.abort(runOptions.signal.reason);
      else
        runOptions.signal.addEventListener('abort', () => controller.abort(runOptions.signal?.reason), { once: true });
    }
    const done = execute(definition, file, executionId, validInputs, controller, runOptions).finally(() =>
      running.delete(executionId),
    );
    return { executionId, done };
  }

  async function execute(
    definition: WorkflowDefinition,
    file: string | undefined,
    executionId: string,
    inputs: Record<string, unknown>,
    controller: AbortController,
    runOptions: RunOptions,
  ): Promise<ExecutionRecord> {
    const onEvent = runOptions.onEvent;
    const recorder = new EventRecorder(store, executionId, (event) => {
      onEvent?.(event);
      for (const listener of listeners) listener(event);
    });
    const startedAt = performance.now();
    recorder.record({ type: 'workflow_started', inputs });
    const hooks = createStepHooks(
      {
        scope: {
          inputs,
          execution_id: executionId,
          workflow: definition.name,
          stepIds: collectStepIds(definition.steps),
        },
        executors,
        baseDir: definition.source?.dir ?? (file ? path.dirname(file) : cwd),
        outputLimitBytes: options.outputLimitBytes ?? definition.config.output_limit_bytes,
        trusted: runOptions.trusted ?? true,
      },
      (body) => recorder.record(body),
    );
    const result = await runSteps(definition, hooks, { signal: controller.signal });
    const duration_ms = Math.round(performance.now() - startedAt);
    if (result.status === 'cancelled') {
      const reason = controller.signal.reason;
      recorder.record({
        type: 'workflow_cancelled',
        status: 'cancelled',
        reason: typeof reason === 'string' ? reason : reason instanceof Error ? reason.message : 'execution cancelled',
        duration_ms,
      });
    } else {
      recorder.record({
        type: 'workflow_completed',
        status: result.status,
        duration_ms,
        ...(result.error
          ? {
              error: {
                code: result.error.code,
                message: result.error.message,
                details: result.error.step_id ? { stepId: result.error.step_id } : {},
              },
            }
          : {}),
      });
    }
    await recorder.flush();
    const record = await store.getExecution(executionId);
    if (!record) throw new WorkflowError('EXECUTION_NOT_FOUND', `execution ${executionId} vanished from the store`);
    return record;
  }

  return {
    store,
    async run(source, inputs, runOptions) {
      const started = await start(source, inputs, runOptions);
      return started.done;
    },
    start,
    cancel(executionId, reason = 'execution cancelled') {
      const controller = running.get(executionId);
      if (!controller) return false;
      controller.abort(reason);
      return true;
    },
    load: (source) => loadSource(source, loader),
    validate: (source) => validateSource(source, loader),
    listWorkflows: () => listWorkflowFiles(loader),
    registerExecutor(executor) {
      executors.set(executor.type, executor);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getExecution: (id) => store.getExecution(id),
  };
}
