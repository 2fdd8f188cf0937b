// Resolves a step's templates for its executor: code and shell text rendered safely, text fields as text, URLs encoded.
import {
  type CodeLanguage,
  type RenderedText,
  renderCodeTemplate,
  renderShellTemplate,
  renderUrlTemplate,
  resolveDeep,
  type TemplateScope,
} from '@skill/workflow-expr';
import { isJsonObject, isStepOfType, type StepDefinition, WorkflowError } from '@skill/workflow-model';
import { type CodeField, type CodeFieldLanguage, codeFieldsOf } from './step-code-fields.js';
import { NOT_TEMPLATED } from './step-templates.js';

type Table = Record<string, unknown>;

/** A copy of `root` with the value at `path` replaced (copies only the tables along the path). */
function withValue(root: Table, path: readonly string[], update: (old: unknown) => unknown): Table {
  const [key, ...rest] = path as [string, ...string[]];
  const old = root[key];
  const value = rest.length === 0 ? update(old) : withValue(isJsonObject(old) ? old : {}, rest, update);
  // Object.fromEntries keeps a "__proto__" key a plain own key.
  return Object.fromEntries([...Object.entries(root).filter(([k]) => k !== key), [key, value]]);
}

/** Text fields take strings as they are and anything else as compact JSON (never `[object Object]`). */
function asText(value: unknown): unknown {
  if (typeof value === 'string' || value === undefined) return value;
  return JSON.stringify(value) ?? String(value);
}

function textTable(value: unknown): unknown {
  return isJsonObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asText(v)])) : value;
}

function textList(value: unknown): unknown {
  return Array.isArray(value) ? value.map(asText) : value;
}

function render(language: CodeFieldLanguage, text: string, scope: TemplateScope): RenderedText {
  return language === 'shell'
    ? renderShellTemplate(text, scope)
    : renderCodeTemplate(language as CodeLanguage, text, scope);
}

/** Renders each code field and merges the variables carrying its values into the field's environment. */
function renderCodeFields(step: Table, fields: readonly CodeField[], scope: TemplateScope, stepId: string): Table {
  let out = step;
  for (const field of fields) {
    let rendered: RenderedText;
    try {
      rendered = render(field.language, field.text, scope);
    } catch (error) {
      if (error instanceof WorkflowError && error.details.stepId === undefined) {
        throw new WorkflowError(error.code, error.message, { ...error.details, stepId });
      }
      throw error;
    }
    out = withValue(out, field.path, () => rendered.text);
    if (Object.keys(rendered.env).length > 0) {
      out = withValue(out, field.envPath, (old) => ({ ...(isJsonObject(old) ? old : {}), ...rendered.env }));
    }
  }
  return out;
}

/** Header values may not hold CR or LF: a value could otherwise add headers or split the request. */
function checkHeaders(headers: unknown, stepId: string): void {
  if (!isJsonObject(headers)) return;
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string' && /[\r\n]/.test(value)) {
      throw new WorkflowError(
        'INVALID_HEADER',
        `header "${name}" holds a line break (CR or LF) after templates were resolved`,
        {
          stepId,
          retryable: false,
        },
      );
    }
  }
}

/** Text-only fields of the built-in step types: environment tables, argv lists, header values. */
function textFields(step: StepDefinition, resolved: Table): Table {
  let out = resolved;
  const tables: string[][] = [];
  const lists: string[][] = [];
  if (isStepOfType(step, 'command')) {
    tables.push(['env']);
    if (Array.isArray(step.command)) lists.push(['command']);
  } else if (isStepOfType(step, 'inline_code')) tables.push(['inline_code', 'environment']);
  else if (isStepOfType(step, 'docker_container')) {
    tables.push(['docker', 'environment']);
    if (Array.isArray(step.docker?.command)) lists.push(['docker', 'command']);
    if (Array.isArray(step.docker?.entrypoint)) lists.push(['docker', 'entrypoint']);
  } else if (isStepOfType(step, 'http')) tables.push(['http', 'headers']);
  for (const path of tables) if (hasPath(out, path)) out = withValue(out, path, textTable);
  for (const path of lists) if (hasPath(out, path)) out = withValue(out, path, textList);
  return out;
}

function hasPath(root: Table, path: readonly string[]): boolean {
  let at: unknown = root;
  for (const key of path) {
    if (!isJsonObject(at) || !Object.hasOwn(at, key)) return false;
    at = at[key];
  }
  return true;
}

/**
 * Returns the step with every templated field resolved against `scope`, keeping data as data:
 * shell and code text is rendered by the language-aware renderers (values travel in environment
 * variables or as escaped literals), URL templates are percent-encoded, text fields get text.
 */
export function resolveStepTemplates(step: StepDefinition, scope: TemplateScope): StepDefinition {
  const fields = codeFieldsOf(step);
  let source = step as unknown as Table;
  // Code text is rendered, not resolved: blank it out for the generic pass.
  for (const field of fields) source = withValue(source, field.path, () => '');
  const httpUrl = isStepOfType(step, 'http') && typeof step.http?.url === 'string' ? step.http.url : undefined;
  if (httpUrl !== undefined) source = withValue(source, ['http', 'url'], () => '');
  let resolved: Table = {};
  for (const [key, value] of Object.entries(source)) {
    resolved[key] = NOT_TEMPLATED.has(key) ? value : resolveDeep(value, scope);
  }
  resolved = renderCodeFields(resolved, fields, scope, step.id);
  if (httpUrl !== undefined) resolved = withValue(resolved, ['http', 'url'], () => renderUrlTemplate(httpUrl, scope));
  resolved = textFields(step, resolved);
  if (isStepOfType(step, 'http')) checkHeaders((resolved.http as Table | undefined)?.headers, step.id);
  return resolved as unknown as StepDefinition;
}
