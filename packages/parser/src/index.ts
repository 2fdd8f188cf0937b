// Public API of @skill/workflow-parser: TOML workflow files to validated WorkflowDefinitions with
// located diagnostics, the JSON Schema and the default configuration.

export type { CronSchedule } from './cron-schedule.js';
/** Cron expressions of schedule triggers (croner): `readCron('0 3 * * *', 'Europe/Paris').nextAfter(new Date())`. */
export { readCron } from './cron-schedule.js';
export { defaultConfig } from './defaults.js';
export type { SuggesterOptions, SuggestionBudget } from './did-you-mean.js';
/** "Did you mean": bounded, budgeted edit-distance suggestions (one implementation for every check). */
export { closestName, NameSuggester, suggestionBudget } from './did-you-mean.js';
export type { ParseOptions, ParseResult } from './parse-workflow.js';
export { parseWorkflow, parseWorkflowObject } from './parse-workflow.js';
export type { SkillManifest } from './read-skill-manifest.js';
export { parseSkillManifest } from './read-skill-manifest.js';
export type { SkillMd } from './read-skill-md.js';
export { parseSkillMd } from './read-skill-md.js';
export type { SkillsConfig } from './read-skills-config.js';
export { parseSkillsConfig } from './read-skills-config.js';
/** The rule for the name a `workflow` step calls (no template, no path). */
export { isWorkflowName } from './read-sub-workflow.js';
export { workflowSchema, workflowSchemaPath } from './schema.js';
/** Workflow file bytes to text; invalid UTF-8 is a located INVALID_ENCODING diagnostic. */
export { decodeWorkflowText } from './utf8-text.js';
export type { WorkflowLimits } from './workflow-limits.js';
/** Hard caps on every workflow (file size, nesting, steps, id length) and the tighter ones of untrusted workflows. */
export { MAX_STEP_ID_LENGTH, UNTRUSTED_WORKFLOW_LIMITS, WORKFLOW_LIMITS } from './workflow-limits.js';
