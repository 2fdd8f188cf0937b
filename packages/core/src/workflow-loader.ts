// Finds and reads workflows (file path, bare name in .workflows/, TOML text or a definition) and
// validates them: the parser's checks, template/condition references and executor checks.
import { access, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type Diagnostic,
  formatDiagnostic,
  isStepOfType,
  type StepDefinition,
  type StepExecutor,
  type WorkflowDefinition,
  WorkflowError,
} from '@skill/workflow-model';
import {
  decodeWorkflowText,
  type ParseResult,
  parseWorkflow,
  UNTRUSTED_WORKFLOW_LIMITS,
  WORKFLOW_LIMITS,
} from '@skill/workflow-parser';
import type { ValidateOptions, ValidationReport, WorkflowSource, WorkflowSummary } from './engine-types.js';
import { checkReferences } from './reference-check.js';
import { stepReferenceRoots } from './step-templates.js';

/** Where workflows are looked up and which step types exist. */
export interface LoaderContext {
  cwd: string;
  workflowsDir: string;
  /** Workflows created through the API or MCP. */
  untrustedDir: string;
  executors: ReadonlyMap<string, StepExecutor>;
}

const BUILTIN_TYPES = new Set(['skill', 'command', 'http', 'foreach', 'docker_container', 'inline_code']);

/**
 * The folder relative paths in a workflow resolve against: the project folder (the parent of
 * `.workflows/`) for files inside a `.workflows` folder, else the file's own folder.
 */
export function projectDirOf(file: string): string {
  const dir = path.dirname(file);
  return path.basename(dir) === '.workflows' ? path.dirname(dir) : dir;
}

/** Definitions this process validated itself; running them again skips re-validation. */
const validated = new WeakSet<WorkflowDefinition>();

function looksLikeText(source: string): boolean {
  return source.includes('\n') || source.includes('=');
}

/** True for a workflow name (as opposed to a path): no slash and no `.toml`. */
export function isBareName(source: string): boolean {
  return !source.includes('/') && !source.includes(path.sep) && !source.endsWith('.toml');
}

/** Resolves a path or bare name to an absolute file path (not checked for existence). */
export function resolveWorkflowPath(source: string, ctx: LoaderContext): string {
  return isBareName(source) ? path.join(ctx.workflowsDir, `${source}.toml`) : path.resolve(ctx.cwd, source);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** A bare name found only among the untrusted (API-created) workflows resolves there. */
async function locateWorkflow(source: string, ctx: LoaderContext): Promise<{ file: string; trusted: boolean }> {
  const file = resolveWorkflowPath(source, ctx);
  if (isBareName(source) && !(await exists(file))) {
    const untrusted = path.join(ctx.untrustedDir, `${source}.toml`);
    if (await exists(untrusted)) return { file: untrusted, trusted: false };
  }
  const insideUntrusted = !path.relative(ctx.untrustedDir, file).startsWith('..');
  return { file, trusted: !insideUntrusted };
}

function executorDiagnostics(steps: readonly StepDefinition[], ctx: LoaderContext, def: WorkflowDefinition) {
  const out: Diagnostic[] = [];
  for (const step of steps) {
    const executor = ctx.executors.get(step.step_type);
    for (const message of executor?.validate?.(step) ?? []) {
      out.push({
        code: 'INVALID_VALUE',
        severity: 'error',
        message,
        ...(def.source?.file ? { file: def.source.file } : {}),
        line: step.location?.line ?? 1,
        column: step.location?.column ?? 1,
        step_id: step.id,
      });
    }
    if (isStepOfType(step, 'foreach')) out.push(...executorDiagnostics(step.loop, ctx, def));
  }
  return out;
}

function customStepTypes(ctx: LoaderContext): string[] {
  return [...ctx.executors.keys()].filter((t) => !BUILTIN_TYPES.has(t));
}

function fromParse(parsed: ParseResult, ctx: LoaderContext, file?: string): ValidationReport {
  const definition = parsed.definition;
  if (!definition) return { ok: false, diagnostics: parsed.diagnostics, ...(file ? { file } : {}) };
  if (file) definition.source = { ...definition.source, dir: projectDirOf(file) };
  const diagnostics = [
    ...parsed.diagnostics,
    ...checkReferences(definition, parsed.locate),
    ...executorDiagnostics(definition.steps, ctx, definition),
  ].sort((a, b) => a.line - b.line || a.column - b.column);
  const ok = !diagnostics.some((d) => d.severity === 'error');
  if (ok) validated.add(definition);
  return { ok, diagnostics, ...(ok ? { definition } : {}), ...(file ? { file } : {}) };
}

/** Validates a workflow from any source; workflow problems are reported, not thrown. */
export async function validateSource(
  source: WorkflowSource,
  ctx: LoaderContext,
  options: ValidateOptions = {},
): Promise<ValidationReport> {
  if (typeof source !== 'string') {
    if (validated.has(source)) return { ok: true, diagnostics: [], definition: source };
    const locate = (p: readonly (string | number)[]) => {
      const step = p[0] === 'steps' && typeof p[1] === 'number' ? source.steps[p[1]] : undefined;
      return step?.location ?? { line: 1, column: 1 };
    };
    const diagnostics = [...checkReferences(source, locate), ...executorDiagnostics(source.steps, ctx, source)];
    if (diagnostics.length) return { ok: false, diagnostics };
    validated.add(source);
    return { ok: true, diagnostics, definition: source };
  }
  const stepTypes = customStepTypes(ctx);
  const stepReferences = stepReferenceRoots;
  if (looksLikeText(source)) {
    const limits = options.untrusted ? UNTRUSTED_WORKFLOW_LIMITS : WORKFLOW_LIMITS;
    return fromParse(parseWorkflow(source, { stepTypes, stepReferences, limits }), ctx);
  }
  const { file, trusted } = await locateWorkflow(source, ctx);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new WorkflowError('WORKFLOW_NOT_FOUND', `workflow "${source}" not found: ${file} (${why})`, { file });
  }
  const shown = path.relative(ctx.cwd, file) || file;
  const decoded = decodeWorkflowText(bytes, shown);
  if (decoded.diagnostic) return { ok: false, diagnostics: [decoded.diagnostic], file, trusted };
  const limits = trusted ? WORKFLOW_LIMITS : UNTRUSTED_WORKFLOW_LIMITS;
  const parsed = parseWorkflow(decoded.text, { file: shown, stepTypes, stepReferences, limits });
  return { ...fromParse(parsed, ctx, file), trusted };
}

/** Like {@link validateSource} but throws `WORKFLOW_INVALID` with every diagnostic when there is an error. */
export async function loadSource(source: WorkflowSource, ctx: LoaderContext) {
  const report = await validateSource(source, ctx);
  if (!report.ok || !report.definition) {
    const errors = report.diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new WorkflowError('WORKFLOW_INVALID', `${first ? formatDiagnostic(first) : 'invalid workflow'}${more}`, {
      diagnostics: report.diagnostics,
    });
  }
  return {
    definition: report.definition,
    trusted: report.trusted ?? true,
    ...(report.file ? { file: report.file } : {}),
  };
}

async function tomlFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => n.endsWith('.toml')).sort();
  } catch {
    return [];
  }
}

/** Lists the workflows folder (trusted) and the API-created ones (untrusted) with their validation state. */
export async function listWorkflowFiles(ctx: LoaderContext): Promise<WorkflowSummary[]> {
  const trustedNames = await tomlFiles(ctx.workflowsDir);
  const untrustedNames = (await tomlFiles(ctx.untrustedDir)).filter((n) => !trustedNames.includes(n));
  const entries = [
    ...trustedNames.map((n) => ({ file: path.join(ctx.workflowsDir, n), trusted: true, fileName: n })),
    ...untrustedNames.map((n) => ({ file: path.join(ctx.untrustedDir, n), trusted: false, fileName: n })),
  ];
  const summaries: WorkflowSummary[] = [];
  for (const { file, trusted, fileName } of entries) {
    const report = await validateSource(file, ctx);
    const def = report.definition;
    summaries.push({
      name: def?.name ?? fileName.replace(/\.toml$/, ''),
      ...(def?.description ? { description: def.description } : {}),
      file,
      step_count: def?.steps.length ?? 0,
      valid: report.ok,
      trusted,
      diagnostics: report.diagnostics,
    });
  }
  return summaries;
}
