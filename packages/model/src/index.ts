// Public API of @skill/workflow-model: the vocabulary every other package shares.
export { applyEvent } from './apply-event.js';
export type { Diagnostic, SerializedWorkflowError, SourceLocation, WorkflowErrorDetails } from './errors.js';
export { ErrorCode, formatDiagnostic, isWorkflowError, WorkflowError } from './errors.js';
export type {
  EventEnvelope,
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
export type { ExecutorContext, StepExecutor, StepResult } from './executor.js';
export type { Skill, SkillTool } from './skill.js';
export { ExecutionStatus, isTerminalExecutionStatus, isTerminalStepStatus, StepStatus } from './status.js';
export type { ExecutionFilter, ExecutionPage, ExecutionStore, NewExecution } from './store.js';
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
