// createEngine(): the facade that loads workflows, validates inputs, runs, retries, resumes and watches executions.
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { builtinExecutors, builtinSkills, createSkillExecutor } from '@skill/workflow-executors';
import {
  type ExecutionRecord,
  type ForeachItemResult,
  type StepExecutor,
  TRUSTED_BOUNDARY,
  type TrustBoundary,
  type WorkflowDefinition,
  WorkflowError,
  type WorkflowEvent,
} from '@skill/workflow-model';
import type { StepOutcome } from '@skill/workflow-scheduler';
import { createCancelPoller } from './cancel-poller.js';
import type {
  CancelOutcome,
  Engine,
  EngineOptions,
  RunOptions,
  StartedExecution,
  WorkflowSource,
} from './engine-types.js';
import { earlierItems, firstFailedStep, rerunSet, reusableOutcomes, topLevelStepOf } from './execution-plan.js';
import { baseDirOf, runExecution, SHUTDOWN_REASON } from './execution-runner.js';
import { watchExecution } from './execution-watch.js';
import { validateInputs } from './inputs.js';
import { InMemoryExecutionStore } from './memory-store.js';
import { loadSecrets } from './secrets/secret-source.js';
import { loadSkillsFolder, SkillRegistry } from './skill-registry.js';
import { missingExecutors } from './step-runner.js';
import { assertTrustedEnough } from './trust-check.js';
import { type LoaderContext, listWorkflowFiles, loadSource, validateSource } from './workflow-loader.js';

/** What an execution may read as `{secrets.*}`, and every secret value to mask. */
interface ExecutionSecrets {
  secrets: Record<string, string>;
  maskedSecrets: string[];
}

interface Launch {
  secrets: ExecutionSecrets;
  definition: WorkflowDefinition;
  executionId: string;
  inputs: Record<string, unknown>;
  trusted: boolean;
  file?: string;
  completed?: ReadonlyMap<string, StepOutcome>;
  resumed?: boolean;
  reusedFrom?: string;
  completedItems?: ReadonlyMap<string, readonly ForeachItemResult[]>;
  runOptions: RunOptions;
}

function withItems(items: ReadonlyMap<string, readonly ForeachItemResult[]> | undefined) {
  return items ? { completedItems: items } : {};
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
  const skills = new SkillRegistry();
  for (const skill of [...builtinSkills(), ...(options.skills ?? [])]) skills.add(skill);
  for (const executor of [...builtinExecutors(), createSkillExecutor(skills), ...(options.executors ?? [])]) {
    executors.set(executor.type, executor);
  }
  let skillsFolder: Promise<void> | undefined;
  /** Loads `<cwd>/skills/` once; skills given to createEngine keep precedence over the folder's. */
  const ensureSkills = (): Promise<void> =>
    (skillsFolder ??= loadSkillsFolder(path.join(cwd, 'skills')).then((found) => {
      for (const skill of [...found, ...(options.skills ?? [])]) skills.add(skill);
    }));
  const loader: LoaderContext = {
    cwd,
    workflowsDir: path.resolve(cwd, options.workflowsDir ?? '.workflows'),
    untrustedDir: path.resolve(cwd, options.untrustedWorkflowsDir ?? '.skill/workflows'),
    executors,
  };
  const listeners = new Set<(event: WorkflowEvent) => void>();
  const watchers = new Map<string, Set<(event: WorkflowEvent) => void>>();
  const running = new Map<string, { controller: AbortController; done: Promise<ExecutionRecord> }>();
  const cancelHere = (executionId: string, reason: string): boolean => {
    const entry = running.get(executionId);
    if (!entry) return false;
    entry.controller.abort(reason);
    return true;
  };
  const cancelPoller = createCancelPoller(store, () => [...running.keys()], cancelHere);
  let acceptingRuns = true;

  function announce(event: WorkflowEvent, onEvent?: (event: WorkflowEvent) => void): void {
    onEvent?.(event);
    for (const listener of listeners) listener(event);
    for (const watcher of watchers.get(event.execution_id) ?? []) watcher(event);
  }

  /** The secrets an execution may read (untrusted: only those allowed by name) and every value to mask. */
  function secretsFor(trusted: boolean): ExecutionSecrets {
    const all = loadSecrets({ file: path.resolve(cwd, options.secretsFile ?? '.skill/secrets.env') });
    const allowed = trusted ? undefined : new Set(options.untrustedSecrets ?? []);
    const secrets: Record<string, string> = {};
    for (const [name, value] of all) if (!allowed || allowed.has(name)) secrets[name] = value;
    return { secrets, maskedSecrets: [...all.values()] };
  }

  /** Refuses what cannot run; returns the execution's secrets (read once, before anything is recorded). */
  function checkRunnable(definition: WorkflowDefinition, trusted: boolean): ExecutionSecrets {
    if (!acceptingRuns) throw new WorkflowError('SHUTTING_DOWN', 'the engine is shutting down and accepts no new runs');
    const missing = missingExecutors(definition.steps, executors);
    if (missing.length) {
      throw new WorkflowError('EXECUTOR_NOT_FOUND', `no executor for step type ${missing.join(', ')}`, {
        retryable: false,
      });
    }
    assertTrustedEnough(definition, trusted, {
      allowUntrusted: options.allowUntrusted ?? false,
      untrustedSecrets: options.untrustedSecrets ?? [],
    });
    return secretsFor(trusted); // a secrets file others may read is refused here
  }

  /** The trust boundary of an execution: its level and what the server grants below `trusted`. */
  function boundaryOf(trusted: boolean): TrustBoundary {
    if (trusted) return TRUSTED_BOUNDARY;
    return {
      level: options.apiTrust ?? 'user-provided',
      ...(options.dataDir ? { dataDir: path.resolve(cwd, options.dataDir) } : {}),
      allowedNetworks: options.allowedNetworks ?? [],
      allowedHttpTargets: options.httpAllowList ?? [],
    };
  }

  function launch(job: Launch): StartedExecution {
    const controller = new AbortController();
    const signal = job.runOptions.signal;
    if (signal) {
      if (signal.aborted) controller.abort(signal.reason);
      else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    }
    const done = runExecution({
      store,
      executors,
      definition: job.definition,
      executionId: job.executionId,
      inputs: job.inputs,
      baseDir: baseDirOf(job.definition, job.file, cwd),
      outputLimitBytes: options.outputLimitBytes ?? job.definition.config.output_limit_bytes,
      ...(options.executionOutputBudgetBytes ? { outputBudgetBytes: options.executionOutputBudgetBytes } : {}),
      boundary: boundaryOf(job.trusted),
      ...job.secrets,
      signal: controller.signal,
      ...(job.completed ? { completed: job.completed } : {}),
      ...(job.resumed ? { resumed: true } : {}),
      ...(job.reusedFrom ? { reusedFrom: job.reusedFrom } : {}),
      ...withItems(job.completedItems),
      announce: (event) => announce(event, job.runOptions.onEvent),
    }).finally(() => running.delete(job.executionId));
    // Nobody may be waiting (an async start over HTTP): a failure must not become an unhandled rejection.
    done.catch(() => undefined);
    running.set(job.executionId, { controller, done });
    cancelPoller.wake();
    return { executionId: job.executionId, done };
  }

  async function start(
    source: WorkflowSource,
    inputs: Record<string, unknown> = {},
    runOptions: RunOptions = {},
  ): Promise<StartedExecution> {
    await ensureSkills();
    const loaded = await loadSource(source, loader);
    const trusted = loaded.trusted && (runOptions.trusted ?? true);
    const secrets = checkRunnable(loaded.definition, trusted);
    const validInputs = validateInputs(loaded.definition, inputs);
    const executionId = runOptions.executionId ?? randomUUID();
    await store.createExecution({
      id: executionId,
      workflow_name: loaded.definition.name,
      inputs: validInputs,
      definition: loaded.definition,
      trusted,
    });
    return launch({
      secrets,
      definition: loaded.definition,
      executionId,
      inputs: validInputs,
      trusted,
      runOptions,
      ...(loaded.file ? { file: loaded.file } : {}),
    });
  }

  async function requireExecution(id: string): Promise<ExecutionRecord> {
    const record = await store.getExecution(id);
    if (!record) throw new WorkflowError('EXECUTION_NOT_FOUND', `execution ${id} not found`);
    return record;
  }

  return {
    store,
    cwd,
    workflowsDir: loader.workflowsDir,
    async run(source, inputs, runOptions) {
      const started = await start(source, inputs, runOptions);
      return started.done;
    },
    start,
    cancel(executionId, reason = 'execution cancelled') {
      return cancelHere(executionId, reason);
    },
    async requestCancel(executionId, reason = 'execution cancelled'): Promise<CancelOutcome> {
      if (cancelHere(executionId, reason)) return 'cancelling';
      if (!store.requestCancel) return 'not_running';
      return (await store.requestCancel(executionId, reason)) ? 'requested' : 'not_running';
    },
    load: async (source) => {
      await ensureSkills();
      return loadSource(source, loader);
    },
    validate: async (source, validateOptions) => {
      await ensureSkills();
      return validateSource(source, loader, validateOptions);
    },
    listWorkflows: async () => {
      await ensureSkills();
      return listWorkflowFiles(loader);
    },
    registerExecutor(executor) {
      executors.set(executor.type, executor);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getExecution: (id) => store.getExecution(id),
    listExecutions: (filter) => store.listExecutions(filter),
    listEvents: (id, since) => store.listEvents(id, since),
    watch(executionId, listener, watchOptions) {
      return watchExecution(
        {
          store,
          subscribe(id, fn) {
            const set = watchers.get(id) ?? new Set();
            set.add(fn);
            watchers.set(id, set);
            return () => {
              set.delete(fn);
              if (set.size === 0) watchers.delete(id);
            };
          },
          isRunningHere: (id) => running.has(id),
        },
        executionId,
        listener,
        watchOptions?.since,
      );
    },
    async retry(executionId, retryOptions = {}) {
      const original = await requireExecution(executionId);
      const definition = original.definition;
      if (!definition) throw new WorkflowError('INVALID_VALUE', `execution ${executionId} has no definition snapshot`);
      const asked = retryOptions.from ?? firstFailedStep(original);
      // A step inside a foreach retries its foreach; the items that completed before are kept.
      const from = asked === undefined ? undefined : topLevelStepOf(definition, asked);
      if (!from) {
        const known = definition.steps.map((s) => s.id).join(', ');
        throw new WorkflowError(
          'INVALID_VALUE',
          asked
            ? `no step "${asked}" in workflow "${definition.name}" (steps: ${known})`
            : `execution ${executionId} has no failed step to retry from; name one with "from"`,
          { retryable: false },
        );
      }
      const downstream = retryOptions.downstream ?? true;
      const trusted = original.trusted ?? true;
      const secrets = checkRunnable(definition, trusted);
      const newId = randomUUID();
      await store.createExecution({
        id: newId,
        workflow_name: definition.name,
        inputs: original.inputs,
        definition,
        trusted,
        retry_of: { execution_id: executionId, from, downstream },
      });
      return launch({
        secrets,
        definition,
        executionId: newId,
        inputs: original.inputs,
        trusted,
        completed: reusableOutcomes(original, rerunSet(definition, from, downstream)),
        reusedFrom: executionId,
        ...withItems(earlierItems(original, definition, from)),
        runOptions: {},
      });
    },
    async resumeUnfinished() {
      const resumed: StartedExecution[] = [];
      for (const record of await store.listUnfinished()) {
        if (running.has(record.id) || !record.definition) continue;
        resumed.push(
          launch({
            secrets: secretsFor(record.trusted ?? true),
            definition: record.definition,
            executionId: record.id,
            inputs: record.inputs,
            trusted: record.trusted ?? true,
            completed: reusableOutcomes(record),
            resumed: true,
            runOptions: {},
          }),
        );
      }
      return resumed;
    },
    async saveWorkflow(toml) {
      await ensureSkills();
      const report = await validateSource(toml, loader, { untrusted: true });
      if (!report.ok || !report.definition) return { ...report, trusted: false };
      const name = report.definition.name;
      const trustedFile = path.join(loader.workflowsDir, `${name}.toml`);
      const existing = await validateSource(trustedFile, loader).catch(() => undefined);
      if (existing) {
        throw new WorkflowError(
          'WORKFLOW_EXISTS',
          `a workflow named "${name}" already exists in ${loader.workflowsDir}`,
        );
      }
      await mkdir(loader.untrustedDir, { recursive: true });
      const file = path.join(loader.untrustedDir, `${name}.toml`);
      await writeFile(file, toml);
      return { ...report, trusted: false, file };
    },
    async shutdown(shutdownOptions = {}) {
      acceptingRuns = false;
      const pending = [...running.values()].map((r) => r.done.catch(() => undefined));
      const grace = new Promise((resolve) => setTimeout(resolve, shutdownOptions.graceMs ?? 10_000).unref());
      await Promise.race([Promise.all(pending), grace]);
      for (const entry of running.values()) entry.controller.abort(SHUTDOWN_REASON);
      await Promise.all([...running.values()].map((r) => r.done.catch(() => undefined)));
    },
  };
}
