// Public API of @skill/workflow-model: the vocabulary every other package shares.
export { applyEvent } from './apply-event.js';
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
export type { Diagnostic, SerializedWorkflowError, SourceLocation, WorkflowErrorDetails } from './errors.js';
export { ErrorCode, formatDiagnostic, isWorkflowError, WorkflowError } from './errors.js';
export type {
  EventEnvelope,
  StepCancelledBody,
  StepCompletedBody,
  StepFailedBody,
  StepProgressBody,
  StepRetryingBody,
  StepSkippedBody,
  StepStartedBody,
  WorkflowCancelledBody,
  WorkflowCompletedBody,
  WorkflowEvent,
  WorkflowEventBody,
  WorkflowEventOf,
  WorkflowStartedBody,
} from './events.js';
export { EventType } from './events.js';
export type { ExecutionRecord, ForeachItemResult, StepRecord } from './execution.js';
export type { ExecutorContext, StepEnvironment, StepExecutor, StepResult } from './executor.js';
export type { Skill, SkillTool } from './skill.js';
export { ExecutionStatus, isTerminalExecutionStatus, isTerminalStepStatus, StepStatus } from './status.js';
export type { ExecutionFilter, ExecutionPage, ExecutionStore, NewExecution } from './store.js';
/** The execution WebSocket's messages: each event with the record change the server folded from it. */
export type { ExecutionState, ExecutionStreamMessage, RecordChange } from './stream-message.js';
export type { ContainerDefaults, TrustBoundary, TrustLevel, TrustRules } from './trust.js';
/** Trust levels and the rules of each (SEMANTICS.md "Trust"). */
export { isTrustLevel, lowerTrust, TRUST_LEVELS, TRUST_RULES, TRUSTED_BOUNDARY } from './trust.js';
export type {
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
  StepBase,
  StepByType,
  StepDefinition,
  WorkflowConfig,
  WorkflowDefinition,
} from './workflow.js';
export { Backoff, isStepOfType, StepType } from './workflow.js';
/** The step graph the API serves and core's `workflowGraph()` computes. */
export type { GraphEdge, GraphNode, GraphStep, WorkflowGraph } from './workflow-graph.js';
