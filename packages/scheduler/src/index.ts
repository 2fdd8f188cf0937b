// Public API of @skill/workflow-scheduler: the DAG run loop, with step execution and templates injected as hooks.

/** Topological levels of a step list (for graphs and docs). */
export { computeLevels } from './graph-plan.js';
/** Retry backoff: the delay before the next attempt. */
export { backoffDelay } from './retry-policy.js';
/** Runs a workflow's steps to the end. */
export { runSteps } from './run-steps.js';
export type {
  IterationInfo,
  LeafContext,
  ResumedAttempts,
  RunOptions,
  RunPlan,
  RunResult,
  SchedulerHooks,
  ScopeView,
  StepLookup,
  StepOutcome,
} from './scheduler-types.js';
