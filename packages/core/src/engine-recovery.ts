// Continuing executions: retry from a step (a new execution), resume interrupted ones (same id), reap orphans.
import { randomUUID } from 'node:crypto';
import { type ExecutionRecord, type WorkflowDefinition, WorkflowError } from '@skill/workflow-model';
import type { EngineContext } from './engine-context.js';
import type { EngineRunning, Launch } from './engine-running.js';
import type { Engine, StartedExecution } from './engine-types.js';
import { isAbandoned, readExecution } from './execution-owner.js';
import {
  earlierItems,
  firstFailedStep,
  firstUnfinishedStep,
  rerunSet,
  reusableOutcomes,
  topLevelStepOf,
} from './execution-plan.js';
import { reapOrphans } from './orphan-reaper.js';

/** The recovery part of an engine. */
export type EngineRecovery = Pick<Engine, 'retry' | 'resume' | 'resumeUnfinished' | 'reapOrphans'>;

/** The step a retry of `original` starts from: the one asked (its foreach for a loop step), else the first failed. */
async function retryStart(
  ctx: EngineContext,
  original: ExecutionRecord,
  definition: WorkflowDefinition,
  from?: string,
) {
  const interrupted = await isAbandoned(ctx.store, original);
  const asked =
    from ?? firstFailedStep(original) ?? (interrupted ? firstUnfinishedStep(definition, original) : undefined);
  // A step inside a foreach retries its foreach; the items that completed before are kept.
  const start = asked === undefined ? undefined : topLevelStepOf(definition, asked);
  if (start) return start;
  const known = definition.steps.map((s) => s.id).join(', ');
  throw new WorkflowError(
    'INVALID_VALUE',
    asked
      ? `no step "${asked}" in workflow "${definition.name}" (steps: ${known})`
      : `execution ${original.id} has no failed step to retry from; name one with "from"`,
    { retryable: false },
  );
}

/** The launch that continues an unfinished execution under the same id: its completed steps are kept, the rest run. */
export function resumeJob(ctx: EngineContext, record: ExecutionRecord, definition: WorkflowDefinition): Launch {
  const trusted = record.trusted ?? true;
  return {
    secrets: ctx.secretsFor(ctx.levelOf(trusted, definition)),
    definition,
    executionId: record.id,
    inputs: record.inputs,
    trusted,
    completed: reusableOutcomes(record),
    resumed: true,
  };
}

/** The recovery part of the engine with context `ctx`, launching through `running`. */
export function createRecovery(ctx: EngineContext, running: EngineRunning): EngineRecovery {
  const { store } = ctx;

  /** Continues an unfinished execution under the same id: its completed steps are kept, the rest run. */
  function relaunch(record: ExecutionRecord, definition: WorkflowDefinition): StartedExecution {
    return running.launch(resumeJob(ctx, record, definition));
  }

  return {
    async retry(executionId, retryOptions = {}) {
      await ctx.ensureSkills();
      const original = await readExecution(store, executionId);
      const definition = original.definition;
      if (!definition) throw new WorkflowError('INVALID_VALUE', `execution ${executionId} has no definition snapshot`);
      const from = await retryStart(ctx, original, definition, retryOptions.from);
      const downstream = retryOptions.downstream ?? true;
      const trusted = original.trusted ?? true;
      const secrets = running.checkRunnable(definition, trusted);
      const newId = randomUUID();
      await store.createExecution({
        id: newId,
        workflow_name: definition.name,
        inputs: original.inputs,
        definition,
        trusted,
        retry_of: { execution_id: executionId, from, downstream },
      });
      const items = earlierItems(original, definition, from);
      return running.launch({
        secrets,
        definition,
        executionId: newId,
        inputs: original.inputs,
        trusted,
        completed: reusableOutcomes(original, rerunSet(definition, from, downstream)),
        reusedFrom: executionId,
        ...(items ? { completedItems: items } : {}),
      });
    },
    async resumeUnfinished() {
      await ctx.ensureSkills();
      const resumed: StartedExecution[] = [];
      const unfinished = await store.listUnfinished();
      const unfinishedIds = new Set(unfinished.map((record) => record.id));
      for (const record of unfinished) {
        if (ctx.isRunningHere(record.id) || !record.definition) continue;
        // A sub-workflow whose parent is unfinished too: the parent's step re-attaches to it when the parent resumes.
        if (record.parent && unfinishedIds.has(record.parent.execution_id)) continue;
        if (!(await isAbandoned(store, record, 0))) continue; // a live process (or engine) runs it
        resumed.push(relaunch(record, record.definition));
      }
      return resumed;
    },
    async resume(executionId) {
      await ctx.ensureSkills();
      const record = await readExecution(store, executionId);
      if (!record.definition || !(await isAbandoned(store, record, 0))) {
        const why =
          ctx.isRunningHere(executionId) || record.status === 'running' ? 'is still running' : `is ${record.status}`;
        throw new WorkflowError('INVALID_VALUE', `execution ${executionId} ${why}: only an interrupted one resumes`, {
          retryable: false,
        });
      }
      return relaunch(record, record.definition);
    },
    reapOrphans,
  };
}
