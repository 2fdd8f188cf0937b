// Public API of @skill/workflow-core: the engine facade other programs import.

export type {
  Diagnostic,
  ExecutionRecord,
  StepDefinition,
  StepExecutor,
  StepRecord,
  StepResult,
  WorkflowDefinition,
  WorkflowEvent,
} from '@skill/workflow-model';
export { formatDiagnostic, isWorkflowError, WorkflowError } from '@skill/workflow-model';
export { createEngine } from './engine.js';
export type {
  Engine,
  EngineOptions,
  LoadedWorkflow,
  RunOptions,
  StartedExecution,
  ValidationReport,
  WorkflowSource,
  WorkflowSummary,
} from './engine-types.js';
export { type GraphNode, type WorkflowGraph, workflowGraph } from './graph.js';
export { coerceInputs, matchesInputType, validateInputs } from './inputs.js';
export { InMemoryExecutionStore } from './memory-store.js';
export { VERSION } from './version.js';
