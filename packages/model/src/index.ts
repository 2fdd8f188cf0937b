// Public API of @skill/workflow-model: the vocabulary every other package shares.
export { applyEvent } from './apply-event.js';
export type {
  ConcurrencyClaim,
  ConcurrencyConfig,
  ConcurrencyConflict,
  ConcurrencyHolder,
  ConcurrencyStore,
  ConcurrencyWait,
} from './concurrency.js';
/** Concurrency keys: the `on_conflict` values, the largest `limit`, the longest key kept as written. */
export { CONCURRENCY_CONFLICTS, MAX_CONCURRENCY_KEY_LENGTH, MAX_CONCURRENCY_LIMIT } from './concurrency.js';
/**
 * The Docker rules of one trust level: bind mounts only below the data folder, no root user,
 * allowed networks, maxima; `dockerPolicyViolations(settings, { boundary })` applies them.
 */
export { bindSourceProblem, isWithinFolder, trustViolations, untrustedUserProblem } from './container-trust-rules.js';
/** Safe display of workflow text in messages: control characters escaped, long text shortened. */
export { escapeControls, MAX_DISPLAYED_LENGTH, quoteText, shortenText } from './display-text.js';
export type { DockerPolicyOptions } from './docker-policy.js';
/**
 * The Docker policy, shared by validation (parser) and run time (sandbox): one violation per refused
 * setting (privileged, host network, cap_add, devices, the Docker socket, `/` and sensitive host paths,
 * malformed volume paths or user).
 *
 * @example
 * dockerPolicyViolations({ network: 'host' })[0]?.message; // 'the host network is not allowed (use "none", the default, or "bridge")'
 */
export {
  dockerPolicyViolations,
  FORBIDDEN_HOST_ROOTS,
  hostPathViolation,
  SHARED_HOST_FOLDERS,
  SYSTEM_HOST_ROOTS,
} from './docker-policy.js';
export type {
  DockerPolicyField,
  DockerPolicySettings,
  DockerPolicyViolation,
  DockerPolicyVolume,
  VolumeParts,
} from './docker-settings.js';
/** Reading a container's volumes: `normaliseHostPath('/tmp/../etc/')` is `/etc`. */
export { normaliseHostPath, volumeParts } from './docker-settings.js';
/** Durations of workflow files and args: `parseDuration('1h30m')` is 5_400_000 (ms), a bare number is seconds; `formatDuration` writes one back. */
export { DURATION_FORMS, formatDuration, parseDuration } from './duration.js';
export type { Diagnostic, SerializedWorkflowError, SourceLocation, WorkflowErrorDetails } from './errors.js';
export { ErrorCode, formatDiagnostic, isWorkflowError, WorkflowError } from './errors.js';
export type {
  EventEnvelope,
  StepCancelledBody,
  StepCompletedBody,
  StepDecidedBody,
  StepFailedBody,
  StepProgressBody,
  StepRetryingBody,
  StepSkippedBody,
  StepStartedBody,
  StepWait,
  StepWaitingBody,
  WorkflowCancelledBody,
  WorkflowCompletedBody,
  WorkflowEvent,
  WorkflowEventBody,
  WorkflowEventOf,
  WorkflowQueuedBody,
  WorkflowStartedBody,
} from './events.js';
export { EventType } from './events.js';
export type { ChildLink, ExecutionRecord, ForeachItemResult, ParentLink, StepRecord } from './execution.js';
export type { ExecutorContext, StepEnvironment, StepExecutor, StepResult, ValidationContext } from './executor.js';
/** The engine's variables of a step process: `SKILL_EXECUTION_ID`, `SKILL_STEP_ID`, `SKILL_ATTEMPT`, `TRACEPARENT`. */
export { stepIdentityEnv } from './executor.js';
/** Input rules shared by validation and run time: `matchesInputType(3, 'integer')` is true. */
export { inputTypeWithArticle, isAllowedInputValue, isInputType, matchesInputType } from './input-types.js';
/** JSON value rules: `isJsonObject`, and `jsonEquals` (deep, bounded). */
export { isJsonObject, jsonEquals, MAX_COMPARED_NODES } from './json-values.js';
export type { ExecutionLease, LeaseFence, LeaseStore } from './lease.js';
export type { McpHttpServer, McpServerDeclaration, McpStdioServer, McpToolDescription } from './mcp-server.js';
export { mcpDeclarationIdentity } from './mcp-server.js';
/** Memory sizes of workflow files: `parseMemory('512m')` is 536_870_912 (bytes; binary units); `formatBytes` writes one back. */
export { formatBytes, MEMORY_FORMS, parseMemory } from './memory-size.js';
export type { Skill, SkillTool } from './skill.js';
export type {
  ManifestDockerSettings,
  ManifestInstance,
  ManifestParameterType,
  ManifestRuntime,
  ManifestSkillDeclaration,
  ManifestTool,
  ManifestToolParameter,
} from './skill-manifest.js';
/** Statuses, and when a step, an execution or its event stream has ended. */
export {
  ExecutionStatus,
  isTerminalEvent,
  isTerminalExecutionStatus,
  isTerminalStepStatus,
  STORED_EXECUTION_STATUSES,
  StepStatus,
} from './status.js';
export type { DispatchControl, StepDispatcher, StepJob, StepJobScope, WorkerInfo } from './step-dispatch.js';
export { DISPATCHED_STEP_TYPES } from './step-dispatch.js';
export type { StepPath, StepTreeShape, WalkedStep } from './step-walk.js';
/** The one walk over steps that enters foreach loops: `for (const { step, path } of walkSteps(definition.steps))`. */
export { walkSteps, walkStepTree } from './step-walk.js';
export type { ExecutionFilter, ExecutionPage, ExecutionStore, NewExecution } from './store.js';
export { newExecutionRecord } from './store.js';
/** The execution WebSocket's messages: each event with the record change the server folded from it. */
export type { ExecutionState, ExecutionStreamMessage, RecordChange } from './stream-message.js';
export type {
  AttemptEnd,
  EngineGauges,
  EngineTelemetry,
  ExecutionEnd,
  ExecutionTelemetry,
  StepAttemptInfo,
  StepAttemptTelemetry,
} from './telemetry.js';
/** RFC 3339 timestamps with an offset: `parseTimestamp('1970-01-01T00:00:01Z')` is 1000. */
export { parseTimestamp } from './timestamp.js';
export type {
  ExecutionTrigger,
  ScheduleCatchUp,
  ScheduleKey,
  ScheduleOverlap,
  ScheduleStore,
  ScheduleTickKey,
  ScheduleTickOutcome,
  ScheduleTickRecord,
  ScheduleTrigger,
  TriggerDefinition,
  WebhookTrigger,
} from './trigger.js';
/** The most missed ticks `catch_up = "all"` fires after downtime. */
export { CATCH_UP_WINDOW_MS, MAX_CATCH_UP_TICKS, SCHEDULE_TICK_RETENTION, WEBHOOK_BODY_LIMITS } from './trigger.js';
export type { ContainerDefaults, TrustBoundary, TrustLevel, TrustRules } from './trust.js';
/** Trust levels and the rules of each (SEMANTICS.md "Trust"). */
export { isTrustLevel, lowerTrust, TRUST_LEVELS, TRUST_RULES, TRUSTED_BOUNDARY } from './trust.js';
export type {
  ApprovalStep,
  ApprovalTimeoutDecision,
  BuiltinStep,
  BuiltinStepType,
  CommandStep,
  CustomStep,
  DockerContainerStep,
  DockerSpec,
  ForeachStep,
  HttpRequestSpec,
  HttpStep,
  InlineCodeSpec,
  InlineCodeStep,
  InlineLanguage,
  InputDefinition,
  InputType,
  OnFailure,
  RetryPolicy,
  SkillStep,
  SleepStep,
  StepBase,
  StepByType,
  StepDefinition,
  WorkflowConfig,
  WorkflowDefinition,
  WorkflowStep,
} from './workflow.js';
export {
  Backoff,
  BUILTIN_STEP_TYPES,
  INPUT_TYPES,
  isBackoff,
  isBuiltinStepType,
  isStepOfType,
  StepType,
} from './workflow.js';
/** The step graph the API serves and core's `workflowGraph()` computes. */
export type { GraphEdge, GraphNode, GraphStep, WorkflowGraph } from './workflow-graph.js';
