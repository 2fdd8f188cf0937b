// createEngine(): the facade that loads workflows, validates inputs, runs, retries, resumes and watches executions.
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createProcessRunner } from '@skill/sandbox';
import { builtinExecutors, builtinSkills, createSkillExecutor } from '@skill/workflow-executors';
import {
  type ExecutionRecord,
  type ForeachItemResult,
  type StepExecutor,
  TRUST_RULES,
  TRUSTED_BOUNDARY,
  type TrustBoundary,
  type TrustLevel,
  type WorkflowDefinition,
  WorkflowError,
  type WorkflowEvent,
} from '@skill/workflow-model';
import type { StepOutcome } from '@skill/workflow-scheduler';
import { InMemoryExecutionStore } from '@skill/workflow-store';
import { createCancelPoller } from './cancel-poller.js';
import { checkDataDir } from './data-dir.js';
import type {
  CancelOutcome,
  Engine,
  EngineOptions,
  RunOptions,
  StartedExecution,
  WorkflowSource,
} from './engine-types.js';
import { cancelAbandoned, isAbandoned, runningHere, withLiveness } from './execution-owner.js';
import {
  earlierItems,
  firstFailedStep,
  firstUnfinishedStep,
  rerunSet,
  reusableOutcomes,
  topLevelStepOf,
} from './execution-plan.js';
import { baseDirOf, runExecution, SHUTDOWN_REASON } from './execution-runner.js';
import { watchExecution } from './execution-watch.js';
import { validateInputs } from './inputs.js';
import { reapOrphans } from './orphan-reaper.js';
import { loadSecrets } from './secrets/secret-source.js';
import { loadSkillsFolder, SkillRegistry } from './skill-registry.js';
import { missingExecutors } from './step-runner.js';
import { assertTrustedEnough, executionTrust } from './trust-check.js';
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
  const processRunner = options.processRunner ?? createProcessRunner();
  for (const skill of [...builtinSkills({ processRunner }), ...(options.skills ?? [])]) skills.add(skill);
  const builtins = builtinExecutors({ processRunner });
  for (const executor of [...builtins, createSkillExecutor(skills), ...(options.executors ?? [])]) {
    executors.set(executor.type, executor);
  }
  let skillsFolder: Promise<void> | undefined;
  /** Loads `<cwd>/skills/` once; skills given to createEngine keep precedence over the folder's. */
  const ensureSkills = (): Promise<void> =>
    (skillsFolder ??= loadSkillsFolder(path.join(cwd, 'skills')).then((found) => {
      for (const skill of [...found, ...(options.skills ?? [])]) skills.add(skill);
    }));
  const workflowsDir = path.resolve(cwd, options.workflowsDir ?? '.workflows');
  const untrustedDir = path.resolve(cwd, options.untrustedWorkflowsDir ?? '.skill/workflows');
  // Checked once: a data folder where trusted work lives would let containers make themselves trusted.
  const dataDir = options.dataDir ? checkDataDir(options.dataDir, { cwd, workflowsDir, untrustedDir }) : undefined;
  const loader: LoaderContext = {
    cwd,
    workflowsDir,
    untrustedDir,
    apiTrust: options.apiTrust ?? 'user-provided',
    untrustedPolicy: {
      allowUntrusted: options.allowUntrusted ?? false,
      untrustedSecrets: options.untrustedSecrets ?? [],
    },
    boundaryOf: (level) => boundaryOf(level),
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

  /** The level of an execution whose workflow comes from a trusted place (or not). */
  const levelOf = (sourceTrusted: boolean, definition: WorkflowDefinition): TrustLevel =>
    executionTrust(sourceTrusted, definition, loader.apiTrust);

  /** The secrets an execution may read (below trusted: only those allowed by name) and every value to mask. */
  function secretsFor(level: TrustLevel): ExecutionSecrets {
    const all = loadSecrets({ file: path.resolve(cwd, options.secretsFile ?? '.skill/secrets.env') });
    const allowed = TRUST_RULES[level].allSecrets ? undefined : new Set(options.untrustedSecrets ?? []);
    const secrets: Record<string, string> = {};
    for (const [name, value] of all) if (!allowed || allowed.has(name)) secrets[name] = value;
    return { secrets, maskedSecrets: [...all.values()] };
  }

  /** Refuses what cannot run; returns the execution's secrets (read once, before anything is recorded). */
  function checkRunnable(definition: WorkflowDefinition, sourceTrusted: boolean): ExecutionSecrets {
    if (!acceptingRuns) throw new WorkflowError('SHUTTING_DOWN', 'the engine is shutting down and accepts no new runs');
    const missing = missingExecutors(definition.steps, executors);
    if (missing.length) {
      throw new WorkflowError('EXECUTOR_NOT_FOUND', `no executor for step type ${missing.join(', ')}`, {
        retryable: false,
      });
    }
    const level = levelOf(sourceTrusted, definition);
    assertTrustedEnough(definition, level, loader.untrustedPolicy);
    return secretsFor(level); // a secrets file others may read is refused here
  }

  /** The trust boundary of an execution at `level`: the level and what the server grants below `trusted`. */
  function boundaryOf(level: TrustLevel): TrustBoundary {
    if (level === 'trusted') return TRUSTED_BOUNDARY;
    return {
      level,
      ...(dataDir ? { dataDir } : {}),
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
    const notRunningHere = runningHere(job.executionId);
    const done = runExecution({
      store,
      executors,
      definition: job.definition,
      executionId: job.executionId,
      inputs: job.inputs,
      baseDir: baseDirOf(job.definition, job.file, cwd),
      outputLimitBytes: options.outputLimitBytes ?? job.definition.config.output_limit_bytes,
      ...(options.executionOutputBudgetBytes ? { outputBudgetBytes: options.executionOutputBudgetBytes } : {}),
      boundary: boundaryOf(levelOf(job.trusted, job.definition)),
      stepEnvironment: options.stepEnvironment ?? 'inherit',
      ...job.secrets,
      signal: controller.signal,
      ...(job.completed ? { completed: job.completed } : {}),
      ...(job.resumed ? { resumed: true } : {}),
      ...(job.reusedFrom ? { reusedFrom: job.reusedFrom } : {}),
      ...withItems(job.completedItems),
      announce: (event) => announce(event, job.runOptions.onEvent),
    }).finally(() => {
      running.delete(job.executionId);
      notRunningHere();
    });
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
    if (runOptions.handOff) {
      runOptions.handOff(executionId);
      return { executionId, done: requireExecution(executionId) };
    }
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

  /** Continues an unfinished execution under the same id: its completed steps are kept, the rest run. */
  function relaunch(record: ExecutionRecord, definition: WorkflowDefinition): StartedExecution {
    const trusted = record.trusted ?? true;
    return launch({
      secrets: secretsFor(levelOf(trusted, definition)),
      definition,
      executionId: record.id,
      inputs: record.inputs,
      trusted,
      completed: reusableOutcomes(record),
      resumed: true,
      runOptions: {},
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
      const record = await store.getExecution(executionId);
      if (record && (await isAbandoned(store, record))) {
        await cancelAbandoned(store, record, reason); // no process would ever see a request
        return 'cancelled';
      }
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
    async getExecution(id) {
      const record = await store.getExecution(id);
      return record && withLiveness(store, record);
    },
    async listExecutions(filter) {
      const page = await store.listExecutions(filter);
      const items = await Promise.all(page.items.map((record) => withLiveness(store, record)));
      return { ...page, items };
    },
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
      const interrupted = await isAbandoned(store, original);
      const asked =
        retryOptions.from ??
        firstFailedStep(original) ??
        (interrupted ? firstUnfinishedStep(definition, original) : undefined);
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
        if (!(await isAbandoned(store, record, 0))) continue; // a live process (or engine) runs it
        resumed.push(relaunch(record, record.definition));
      }
      return resumed;
    },
    async resume(executionId) {
      const record = await requireExecution(executionId);
      if (!record.definition || !(await isAbandoned(store, record, 0))) {
        const why =
          running.has(executionId) || record.status === 'running' ? 'is still running' : `is ${record.status}`;
        throw new WorkflowError('INVALID_VALUE', `execution ${executionId} ${why}: only an interrupted one resumes`, {
          retryable: false,
        });
      }
      return relaunch(record, record.definition);
    },
    reapOrphans,
    async saveWorkflow(toml, saveOptions = {}) {
      await ensureSkills();
      // Judged at the level API-created workflows run at, with their size limits: what it refuses is not stored.
      const report = await validateSource(toml, loader, { untrusted: true });
      if (!report.ok || !report.definition) return { ...report, trusted: false };
      const name = report.definition.name;
      const trustedFile = path.join(loader.workflowsDir, `${name}.toml`);
      const existing = await validateSource(trustedFile, loader).catch(() => undefined);
      if (existing) {
        throw new WorkflowError(
          'WORKFLOW_EXISTS',
          `a workflow named "${name}" already exists in the workflows folder`,
          {
            name,
            trusted: true,
          },
        );
      }
      await mkdir(loader.untrustedDir, { recursive: true, mode: 0o700 }); // .skill/ is private to the owner
      const file = path.join(loader.untrustedDir, `${name}.toml`);
      // 'wx' fails when the file exists, so two concurrent creations cannot both win.
      await writeFile(file, toml, { flag: saveOptions.replace ? 'w' : 'wx' }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
        throw new WorkflowError(
          'WORKFLOW_EXISTS',
          `a workflow named "${name}" was already created; replace it explicitly`,
          {
            name,
            trusted: false,
          },
        );
      });
      return { ...report, trusted: false, file };
    },
    async shutdown(shutdownOptions = {}) {
      acceptingRuns = false;
      const pending = [...running.values()].map((r) => r.done.catch(() => undefined));
      const grace = new Promise((resolve) => setTimeout(resolve, shutdownOptions.graceMs ?? 10_000).unref());
      await Promise.race([Promise.all(pending), grace]);
      for (const entry of running.values()) entry.controller.abort(SHUTDOWN_REASON);
      await Promise.all([...running.values()].map((r) => r.done.catch(() => undefined)));
      if (options.processRunner === undefined) processRunner.close(); // the spawner it started, if any
    },
  };
}
