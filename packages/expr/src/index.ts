// Public API of @skill/workflow-expr: `{ref}` templates and `when` conditions. Pure, no I/O, no eval.
export type { CodeLanguage } from './code-template/code-template.js';
export { codeTemplateProblems, renderCodeTemplate } from './code-template/code-template.js';
export { conditionReferences, evaluateCondition } from './condition-evaluate.js';
export type { Condition, ConditionOperator } from './condition-parser.js';
export { parseCondition } from './condition-parser.js';
export type { LookupResult, TemplateScope } from './path-lookup.js';
export { lookupReference } from './path-lookup.js';
export type { Reference } from './reference.js';
export { isTemplateRoot } from './reference.js';
export type { RenderedText, TemplatePlaceProblem } from './rendered-text.js';
export { SECRET_ENV_PREFIX, TEMPLATE_ENV_PREFIX } from './rendered-text.js';
export { renderShellTemplate, shellTemplateProblems } from './shell-template.js';
export type { ParsedTemplate, TemplatePart } from './template-parse.js';
export { listReferences, listReferencesDeep, parseTemplate } from './template-parse.js';
export { resolveDeep, resolveTemplate, valueToText } from './template-resolve.js';
export { renderUrlTemplate } from './url-template.js';
