// Finds and reads workflows (file path, bare name in .workflows/, TOML text or a definition) and
// validates them: the parser's checks, template/condition references and executor checks.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import {
  type Diagnostic,
  formatDiagnostic,
  isBuiltinStepType,
  isWorkflowError,
  type StepDefinition,
  type StepExecutor,
  type TrustBoundary,
  type TrustLevel,
  type ValidationContext,
  type WorkflowDefinition,
  WorkflowError,
  walkSteps,
} from '@skill/workflow-model';
import {
  decodeWorkflowText,
  type ParseResult,
  parseWorkflow,
  UNTRUSTED_WORKFLOW_LIMITS,
  WORKFLOW_LIMITS,
} from '@skill/workflow-parser';
import { concurrencyKeyDiagnostics } from './concurrency/concurrency-key.js';
import type { ValidateOptions, ValidationReport, WorkflowSource, WorkflowSummary } from './engine-types.js';
import { checkOutputs } from './outputs-check.js';
import { checkReferences } from './reference-check.js';
import { stepReferenceRoots } from './step-templates.js';
import { checkSubWorkflows, type SubWorkflowResolver } from './sub-workflow-check.js';
import { executionTrust, refusedUseMessage, refusedUses, type UntrustedPolicy } from './trust-check.js';
import { validatedFile } from './workflow-file-cache.js';

/** Where workflows are looked up and which step types exist. */
export interface LoaderContext {
  cwd: string;
  workflowsDir: string;
  /** Workflows created through the API or MCP. */
  untrustedDir: string;
  /** The trust level of the workflows in `untrustedDir`. */
  apiTrust: TrustLevel;
  /** What the engine grants workflows below trusted. */
  untrustedPolicy: UntrustedPolicy;
  /** The trust boundary of an execution at a level (its grants below trusted). */
  boundaryOf(level: TrustLevel): TrustBoundary;
  executors: ReadonlyMap<string, StepExecutor>;
  /**
   * Loads the project's skills (skills folder, .skill-engine.toml, skills.toml) before the checks of a workflow
   * with skill steps: validating a workflow without any reads none of those files.
   */
  loadSkills?: () => Promise<void>;
}

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
/** Where the keys of each definition parsed from text are (for the checks made after the file's own). */
const locators = new WeakMap<WorkflowDefinition, ParseResult['locate']>();

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

/**
 * A bare name found only among the untrusted (API-created) workflows resolves there. Synchronous, like the read
 * that follows: starting an execution then takes no trip through the thread pool (each a turn of a busy loop).
 */
function locateWorkflow(source: string, ctx: LoaderContext): { file: string; trusted: boolean } {
  const file = resolveWorkflowPath(source, ctx);
  if (isBareName(source) && !existsSync(file)) {
    const untrusted = path.join(ctx.untrustedDir, `${source}.toml`);
    if (existsSync(untrusted)) return { file: untrusted, trusted: false };
  }
  const insideUntrusted = !path.relative(ctx.untrustedDir, file).startsWith('..');
  return { file, trusted: !insideUntrusted };
}

/** `{inputs.NAME}` as a whole value: its type is the input's declared type. */
const WHOLE_INPUT_REFERENCE = /^\{inputs\.([A-Za-z_][\w-]*)\}$/;

/** What executors' checks know of templates before the run: the declared types of inputs. */
function validationContext(def: WorkflowDefinition): ValidationContext {
  return {
    templateType(value) {
      const name = WHOLE_INPUT_REFERENCE.exec(value)?.[1];
      if (name === undefined || def.open_inputs || !Object.hasOwn(def.inputs, name)) return undefined;
      return def.inputs[name]?.type;
    },
  };
}

function executorDiagnostics(steps: readonly StepDefinition[], ctx: LoaderContext, def: WorkflowDefinition) {
  const out: Diagnostic[] = [];
  const context = validationContext(def);
  for (const { step } of walkSteps(steps)) {
    const executor = ctx.executors.get(step.step_type);
    if (executor?.validate === undefined) continue; // executors without checks (the usual custom ones)
    for (const message of executor.validate(step, context)) {
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
  }
  return out;
}

function customStepTypes(ctx: LoaderContext): string[] {
  return [...ctx.executors.keys()].filter((t) => !isBuiltinStepType(t));
}

/** What the workflow's trust level does not allow, located at the steps. */
function trustDiagnostics(definition: WorkflowDefinition, level: TrustLevel, ctx: LoaderContext): Diagnostic[] {
  return refusedUses(definition, level, ctx.untrustedPolicy).map((use) => ({
    code: 'UNTRUSTED_STEP',
    severity: 'error',
    message: refusedUseMessage(use, level),
    ...(definition.source?.file ? { file: definition.source.file } : {}),
    line: use.step.location?.line ?? 1,
    column: use.step.location?.column ?? 1,
    step_id: use.step.id,
  }));
}

/** True when a step of the workflow (at any depth) is a skill step: its checks need the project's skills. */
function usesSkills(definition: WorkflowDefinition): boolean {
  for (const { step } of walkSteps(definition.steps)) if (step.step_type === 'skill') return true;
  return false;
}

/** Loads the skills a parsed workflow's checks need (none for a workflow without skill steps). */
async function skillsFor(parsed: ParseResult, ctx: LoaderContext): Promise<ParseResult> {
  if (parsed.definition && ctx.loadSkills && usesSkills(parsed.definition)) await ctx.loadSkills();
  return parsed;
}

/** Completes a parse: reference, executor and trust-level checks; `sourceTrusted` is false for API-created files. */
function fromParse(parsed: ParseResult, ctx: LoaderContext, sourceTrusted: boolean, file?: string): ValidationReport {
  const definition = parsed.definition;
  if (!definition) return { ok: false, diagnostics: parsed.diagnostics, ...(file ? { file } : {}) };
  if (file) definition.source = { ...definition.source, dir: projectDirOf(file) };
  const trust = executionTrust(sourceTrusted, definition, ctx.apiTrust);
  const diagnostics = [
    ...parsed.diagnostics,
    ...checkReferences(definition, parsed.locate),
    ...checkOutputs(definition, parsed.locate),
    ...concurrencyKeyDiagnostics(definition, parsed.locate),
    ...executorDiagnostics(definition.steps, ctx, definition),
    ...trustDiagnostics(definition, trust, ctx),
  ].sort((a, b) => a.line - b.line || a.column - b.column);
  const ok = !diagnostics.some((d) => d.severity === 'error');
  if (ok) validated.add(definition);
  locators.set(definition, parsed.locate);
  return { ok, diagnostics, trust, ...(ok ? { definition } : {}), ...(file ? { file } : {}) };
}

/**
 * Validates a workflow from any source; workflow problems are reported, not thrown. TOML text is judged
 * as trusted unless `options.untrusted` (text posted through the API or MCP): then at the API's trust
 * level and with the tighter size limits. Files are judged by the folder they are in. Its `workflow` steps are
 * checked against the workflows they name (each time: those files may have changed since).
 */
export async function validateSource(
  source: WorkflowSource,
  ctx: LoaderContext,
  options: ValidateOptions = {},
): Promise<ValidationReport> {
  const report = await validateOne(source, ctx, options);
  const definition = report.definition;
  if (!report.ok || !definition) return report;
  const level = report.trust ?? executionTrust(true, definition, ctx.apiTrust);
  const found = await checkSubWorkflows(definition, level, subWorkflowResolver(ctx), locators.get(definition));
  if (found.length === 0) return report;
  validated.delete(definition);
  const diagnostics = [...report.diagnostics, ...found].sort((a, b) => a.line - b.line || a.column - b.column);
  const { definition: _invalid, ...rest } = report;
  return { ...rest, ok: false, diagnostics };
}

/** Loads the workflows `workflow` steps name, by bare name, with the file's own checks only. */
function subWorkflowResolver(ctx: LoaderContext): SubWorkflowResolver {
  return {
    policy: ctx.untrustedPolicy,
    async load(name) {
      if (!isBareName(name)) return undefined;
      try {
        return await validateOne(name, ctx);
      } catch (error) {
        if (isWorkflowError(error) && error.code === 'WORKFLOW_NOT_FOUND') return undefined;
        throw error;
      }
    },
    names: () => workflowNames(ctx),
  };
}

/** The bare names of the workflows folder and of the API-created ones. */
function workflowNames(ctx: LoaderContext): string[] {
  const names = (dir: string) => {
    try {
      return readdirSync(dir)
        .filter((n) => n.endsWith('.toml'))
        .map((n) => n.slice(0, -'.toml'.length));
    } catch {
      return [];
    }
  };
  return [...new Set([...names(ctx.workflowsDir), ...names(ctx.untrustedDir)])];
}

/** {@link validateSource} without the checks across files. */
async function validateOne(
  source: WorkflowSource,
  ctx: LoaderContext,
  options: ValidateOptions = {},
): Promise<ValidationReport> {
  if (typeof source !== 'string') {
    if (validated.has(source)) return { ok: true, diagnostics: [], definition: source };
    if (ctx.loadSkills && usesSkills(source)) await ctx.loadSkills();
    const locate = (p: readonly (string | number)[]) => {
      const step = p[0] === 'steps' && typeof p[1] === 'number' ? source.steps[p[1]] : undefined;
      return step?.location ?? { line: 1, column: 1 };
    };
    const diagnostics = [
      ...checkReferences(source, locate),
      ...concurrencyKeyDiagnostics(source, locate),
      ...executorDiagnostics(source.steps, ctx, source),
    ];
    if (diagnostics.length) return { ok: false, diagnostics };
    validated.add(source);
    return { ok: true, diagnostics, definition: source };
  }
  const stepTypes = customStepTypes(ctx);
  const stepReferences = stepReferenceRoots;
  /** The boundary the parser applies to container settings (once the file's `trust` key is read) and the size caps. */
  const parseOptions = (sourceTrusted: boolean) => ({
    stepTypes,
    stepReferences,
    limits: sourceTrusted ? WORKFLOW_LIMITS : UNTRUSTED_WORKFLOW_LIMITS,
    boundary: (declared: TrustLevel | undefined) =>
      ctx.boundaryOf(executionTrust(sourceTrusted, declared ? { trust: declared } : {}, ctx.apiTrust)),
  });
  const textTrusted = !options.untrusted;
  if (looksLikeText(source)) {
    return fromParse(await skillsFor(parseWorkflow(source, parseOptions(textTrusted)), ctx), ctx, textTrusted);
  }
  const { file, trusted } = locateWorkflow(source, ctx);
  const read = (): Buffer => {
    try {
      return readFileSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
      throw new WorkflowError('WORKFLOW_NOT_FOUND', `workflow "${source}" not found: ${file} (${why})`, { file });
    }
  };
  return validatedFile(ctx, file, trusted, read, async (bytes) => {
    const shown = path.relative(ctx.cwd, file) || file;
    const decoded = decodeWorkflowText(bytes, shown);
    if (decoded.diagnostic) return { ok: false, diagnostics: [decoded.diagnostic], file, trusted };
    const parsed = await skillsFor(parseWorkflow(decoded.text, { ...parseOptions(trusted), file: shown }), ctx);
    return { ...fromParse(parsed, ctx, trusted, file), trusted };
  });
}

/** Like {@link validateSource} but throws `WORKFLOW_INVALID` with every diagnostic when there is an error. */
export async function loadSource(source: WorkflowSource, ctx: LoaderContext) {
  const report = await validateSource(source, ctx);
  if (!report.ok || !report.definition) {
    const errors = report.diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    // Only refused by its trust level: the same code as the check at start (retry, resume).
    const code = errors.every((d) => d.code === 'UNTRUSTED_STEP') ? 'UNTRUSTED_STEP' : 'WORKFLOW_INVALID';
    throw new WorkflowError(code, `${first ? formatDiagnostic(first) : 'invalid workflow'}${more}`, {
      diagnostics: report.diagnostics,
    });
  }
  return {
    definition: report.definition,
    trusted: report.trusted ?? true,
    trust: report.trust ?? executionTrust(true, report.definition, ctx.apiTrust),
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
      trust: report.trust ?? (trusted ? 'trusted' : ctx.apiTrust),
      diagnostics: report.diagnostics,
    });
  }
  return summaries;
}
