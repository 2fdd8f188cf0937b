// Public API of @skill/workflow-parser: TOML workflow files to validated WorkflowDefinitions with
// located diagnostics, the duration/memory parsers, the JSON Schema and the default configuration.
export { defaultConfig } from './defaults.js';
export { parseDuration } from './duration.js';
export { parseMemory } from './memory-size.js';
export type { ParseOptions, ParseResult } from './parse-workflow.js';
export { parseWorkflow, parseWorkflowObject } from './parse-workflow.js';
export { workflowSchema, workflowSchemaPath } from './schema.js';
