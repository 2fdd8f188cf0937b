// Public API of @skill/workflow-core: the engine facade other programs import.

export type { WarmPoolStats } from '@skill/sandbox';
/** SKILL_STEP_NICE: how far below the engine's CPU priority step processes run, read by the runners and the server. */
export { parseStepNice, STEP_NICE_VARIABLE } from '@skill/sandbox/step-niceness';
/**
 * Warm sandbox settings (`EngineOptions.warmPool`): defaults, and SKILL_WARM_POOL, SKILL_WARM_POOL_IDLE and
 * SKILL_WARM_POOL_MEMORY read by the server and the CLI.
 *
 * @example
 * const engine = createEngine({ warmPool: warmPoolFromEnv(process.env) });
 */
export {
  parseWarmPoolSettings,
  WARM_POOL_DEFAULTS,
  WARM_POOL_VARIABLES,
  type WarmPoolOptions,
  warmPoolFromEnv,
} from '@skill/sandbox/warm-pool-options';
export { defineSkill, parseHttpAllowList } from '@skill/workflow-executors/builtins';
export type {
  Diagnostic,
  ExecutionRecord,
  Skill,
  SkillTool,
  StepDefinition,
  StepExecutor,
  StepRecord,
  StepResult,
  WorkflowDefinition,
  WorkflowEvent,
} from '@skill/workflow-model';
export { formatDiagnostic, isWorkflowError, WorkflowError } from '@skill/workflow-model';
export {
  defaultStorePath,
  InMemoryExecutionStore,
  openSqliteStore,
  openStore,
  resolveStoreUrl,
  type SqlExecutionStore,
} from '@skill/workflow-store';
/** An approval decision as asked (`engine.decideApproval`) and as recorded. */
export type { DecisionRequest, RecordedDecision } from './approvals/approval-decision.js';
/** The longest comment a decision keeps, in characters. */
export { MAX_DECISION_COMMENT } from './approvals/approval-decision.js';
/** Rewrites local paths in texts for remote clients: project paths relative, others `…/<base name>`. */
export { hideLocalPaths, hideLocalPathsDeep, OUTSIDE_PROJECT } from './client/client-paths.js';
/** Lease length and heartbeat of coordinating engines (see EngineOptions.coordination). */
export { type CoordinationOptions, coordinationSettings } from './coordination/coordination-options.js';
export { createEngine } from './engine.js';
export type {
  CancelOptions,
  CancelOutcome,
  CancelResult,
  Engine,
  EngineOptions,
  FollowOptions,
  LoadedWorkflow,
  RetryOptions,
  RunOptions,
  SkillRefreshResult,
  SkillSummary,
  StartedExecution,
  ValidateOptions,
  ValidationReport,
  WorkflowSource,
  WorkflowSummary,
} from './engine-types.js';
export { workflowGraph } from './graph.js';
export { coerceInputs, validateInputs } from './inputs.js';
/** Schedules of a project's workflows: list them (next fire times, latest ticks), pause and resume them. */
/** Fires the schedules of an engine's workflows (what `skill serve` runs). */
/** One call of a webhook trigger: signature or token, replay and size checks, then the workflow with body-mapped inputs. */
export { listSchedules, receiveWebhook, setSchedulePaused, startScheduler } from './lazy-exports.js';
/** What `engine.reapOrphans()` removed: step processes and sandbox containers of engines that died. */
export type { OrphanReport } from './orphan-reaper.js';
export type { ScheduleSummary } from './schedules/schedule-catalog.js';
export type { Scheduler, SchedulerOptions } from './schedules/scheduler.js';
export { type PrivateFileKind, readPrivateFile } from './secrets/private-file.js';
export { MASK, SecretMasker } from './secrets/secret-masker.js';
export { loadSecrets, type SecretSources } from './secrets/secret-source.js';
export { SkillRegistry } from './skill-registry.js';
/** The name of a project's MCP server declarations file (next to `.workflows/`). */
export { SKILLS_CONFIG_FILE } from './skills/skills-config.js';
export type { WebhookAnswer, WebhookCall } from './triggers/webhook-receiver.js';
export { VERSION } from './version.js';
export { explainWorkflow, type WorkflowExplanation } from './workflow-explain.js';
