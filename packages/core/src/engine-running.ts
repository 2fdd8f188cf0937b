// Running executions in this engine: refuse what cannot run, record and launch new executions, shut down.
import { randomUUID } from 'node:crypto';
import {
  type ForeachItemResult,
  type WorkflowDefinition,
  WorkflowError,
  type WorkflowEvent,
} from '@skill/workflow-model';
import type { ResumedAttempts, StepOutcome } from '@skill/workflow-scheduler';
import { createAdmission } from './admission.js';
import { stopIdleWaits } from './approvals/idle-waits.js';
import { createCancelPoller } from './cancel-poller.js';
import { assertConcurrencySupported } from './concurrency/concurrency-gate.js';
import type { ExecutionGuard, GuardedRun, HeldLease } from './coordination/coordinator.js';
import type { EngineContext, ExecutionSecrets } from './engine-context.js';
import type { Engine, RunOptions, StartedExecution, WorkflowSource } from './engine-types.js';
import { cancelExecution } from './execution-cancel.js';
import { readExecution, runningHere } from './execution-owner.js';
import { baseDirOf, runExecution, SHUTDOWN_REASON } from './execution-runner.js';
import { validateInputs } from './inputs.js';
import { missingExecutors } from './step-runner.js';
import { assertTrustedEnough } from './trust-check.js';
import { loadSource } from './workflow-loader.js';

/** One execution to run here: a new one, a retry or a resumed one. */
export interface Launch {
  secrets: ExecutionSecrets;
  definition: WorkflowDefinition;
  executionId: string;
  inputs: Record<string, unknown>;
  trusted: boolean;
  file?: string;
  /** Steps reused from an earlier execution (retry, resume). */
  completed?: ReadonlyMap<string, StepOutcome>;
  resumed?: boolean;
  reusedFrom?: string;
  completedItems?: ReadonlyMap<string, readonly ForeachItemResult[]>;
  signal?: AbortSignal;
  onEvent?: (event: WorkflowEvent) => void;
  /**
   * Starts without waiting for a turn of `maxRunningExecutions`: a sub-workflow, whose parent holds a turn while it
   * waits for it (queued, parent and child would wait for each other).
   */
  skipRunQueue?: boolean;
  /** The lease a takeover claimed for it (coordinating engines). */
  lease?: HeldLease;
  /** Steps going on from attempts made by another coordinator (takeover). */
  resumedAttempts?: ReadonlyMap<string, ResumedAttempts>;
}

/** The running part of an engine: its public methods and what retry and resume build on. */
export interface EngineRunning extends Pick<Engine, 'run' | 'start' | 'shutdown'> {
  /** Refuses what cannot run; returns the execution's secrets (read once, before anything is recorded). */
  checkRunnable(definition: WorkflowDefinition, sourceTrusted: boolean): ExecutionSecrets;
  /** Runs a recorded execution here. */
  launch(job: Launch): StartedExecution;
}

/** The running part of the engine with context `ctx`; with `guard`, every execution runs under its lease. */
export function createRunning(ctx: EngineContext, guard?: ExecutionGuard): EngineRunning {
  const { store, running, options } = ctx;
  const cancelPoller = createCancelPoller(store, () => [...running.keys()], ctx.cancelHere);
  const admission = createAdmission(
    {
      store,
      announce: (event, onEvent) => ctx.announce(event, onEvent),
      cancel: (executionId, reason) => cancelExecution(ctx, executionId, { reason }),
      isShutdown: (reason) => reason === SHUTDOWN_REASON,
    },
    options.maxRunningExecutions ?? Number.POSITIVE_INFINITY,
  );
  /** Executions admitted whose turn has not come yet. */
  const queued = new Set<AbortController>();
  let acceptingRuns = true;

  function checkRunnable(definition: WorkflowDefinition, sourceTrusted: boolean): ExecutionSecrets {
    if (!acceptingRuns) throw new WorkflowError('SHUTTING_DOWN', 'the engine is shutting down and accepts no new runs');
    const missing = missingExecutors(definition.steps, ctx.executors);
    if (missing.length) {
      throw new WorkflowError('EXECUTOR_NOT_FOUND', `no executor for step type ${missing.join(', ')}`, {
        retryable: false,
      });
    }
    const level = ctx.levelOf(sourceTrusted, definition);
    assertTrustedEnough(definition, level, ctx.loader.untrustedPolicy);
    assertConcurrencySupported(store, definition);
    return ctx.secretsFor(level); // a secrets file others may read is refused here
  }

  function launch(job: Launch): StartedExecution {
    const controller = new AbortController();
    const signal = job.signal;
    if (signal) {
      if (signal.aborted) controller.abort(signal.reason);
      else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    }
    const notRunningHere = runningHere(job.executionId);
    const entering = guard?.enter(job.executionId, job.lease, () => controller.abort(SHUTDOWN_REASON));
    entering?.catch(() => undefined); // awaited at its turn
    // Registered as running here at once (followers and cancels find it), started when the run queue gives it a
    // turn (a later event-loop turn at the earliest): whoever admitted it (an HTTP request) answers first.
    queued.add(controller);
    const done = admission
      .admit({ ...job, signal: controller.signal })
      .then(async (admitted) => {
        queued.delete(controller);
        if (!admitted.run) {
          // Skipped, or cancelled or shut down while queued: a lease taken meanwhile is given back.
          await entering?.then(
            (entered) => entered?.leave(),
            () => undefined,
          );
          return admitted.record;
        }
        let guarded: GuardedRun | undefined;
        try {
          guarded = await entering;
          // Shut down before its turn came: it stays pending, for the next engine to start. Or another
          // coordinator holds its lease: it runs there.
          if (controller.signal.reason === SHUTDOWN_REASON || (guard && !guarded)) {
            return await readExecution(store, job.executionId);
          }
          return await runExecution({
            store: guarded?.store ?? store,
            executors: guarded?.executors ?? ctx.executors,
            definition: job.definition,
            executionId: job.executionId,
            inputs: job.inputs,
            baseDir: baseDirOf(job.definition, job.file, ctx.cwd),
            outputLimitBytes: options.outputLimitBytes ?? job.definition.config.output_limit_bytes,
            ...(options.executionOutputBudgetBytes ? { outputBudgetBytes: options.executionOutputBudgetBytes } : {}),
            boundary: ctx.loader.boundaryOf(ctx.levelOf(job.trusted, job.definition)),
            stepEnvironment: options.stepEnvironment ?? 'inherit',
            ...job.secrets,
            signal: controller.signal,
            ...(job.completed ? { completed: job.completed } : {}),
            ...(job.resumed ? { resumed: true } : {}),
            ...(job.reusedFrom ? { reusedFrom: job.reusedFrom } : {}),
            ...(job.completedItems ? { completedItems: job.completedItems } : {}),
            ...(job.resumedAttempts ? { resumedAttempts: job.resumedAttempts } : {}),
            announce: (event) => ctx.announce(event, job.onEvent),
            ...(ctx.telemetry ? { telemetry: ctx.telemetry } : {}),
            ...(options.stepDispatcher
              ? { dispatcher: guarded ? guarded.guardDispatcher(options.stepDispatcher) : options.stepDispatcher }
              : {}),
          });
        } finally {
          await admitted.release();
          await guarded?.leave();
        }
      })
      .finally(() => {
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
    await ctx.ensureSkills();
    const loaded = await loadSource(source, ctx.loader);
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
      ...(runOptions.trigger ? { trigger: runOptions.trigger } : {}),
    });
    if (runOptions.handOff) {
      runOptions.handOff(executionId);
      return { executionId, done: readExecution(store, executionId) };
    }
    return launch({
      secrets,
      definition: loaded.definition,
      executionId,
      inputs: validInputs,
      trusted,
      ...(runOptions.signal ? { signal: runOptions.signal } : {}),
      ...(runOptions.onEvent ? { onEvent: runOptions.onEvent } : {}),
      ...(loaded.file ? { file: loaded.file } : {}),
    });
  }

  return {
    checkRunnable,
    launch,
    start,
    async run(source, inputs, runOptions) {
      return (await start(source, inputs, runOptions)).done;
    },
    async shutdown(shutdownOptions = {}) {
      acceptingRuns = false;
      for (const controller of queued) controller.abort(SHUTDOWN_REASON); // never started: they stay pending
      await stopIdleWaits(store, running, SHUTDOWN_REASON); // only waiting: resumed by the next engine
      const pending = [...running.values()].map((r) => r.done.catch(() => undefined));
      const grace = new Promise((resolve) => setTimeout(resolve, shutdownOptions.graceMs ?? 10_000).unref());
      await Promise.race([Promise.all(pending), grace]);
      for (const entry of running.values()) entry.controller.abort(SHUTDOWN_REASON);
      await Promise.all([...running.values()].map((r) => r.done.catch(() => undefined)));
      await ctx.closeProcessRunner();
      await ctx.warmSandbox?.close(); // every pool container, idle or being removed
      await ctx.mcp.close();
    },
  };
}
