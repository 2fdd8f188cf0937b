// parseWorkflow / parseWorkflowObject: TOML text (or a TOML-shaped object) to a WorkflowDefinition plus
// every diagnostic found: syntax, schema, step types, durations, policy and the dependency graph.
import {
  type Diagnostic,
  isJsonObject,
  isTrustLevel,
  type SourceLocation,
  type StepDefinition,
  type TrustBoundary,
  type TrustLevel,
  type WorkflowDefinition,
  walkSteps,
} from '@skill/workflow-model';
import { parse, TomlError } from 'smol-toml';
import { defaultConfig } from './defaults.js';
import { DiagnosticSink } from './diagnostic-sink.js';
import { stringField } from './field-readers.js';
import { graphChecks, type StepReferences } from './graph-checks.js';
import { readConcurrency } from './read-concurrency.js';
import { readConfig } from './read-config.js';
import { readInputs } from './read-inputs.js';
import { readSteps } from './read-step.js';
import { readOutputs } from './read-sub-workflow.js';
import { readTriggers } from './read-triggers.js';
import { checkSchema } from './schema-diagnostics.js';
import { type KeyPath, locationIn, SourceMap } from './source-map.js';
import { syntaxDiagnostic } from './toml-syntax.js';
import {
  fileSizeDiagnostic,
  stepCensus,
  tooDeepPath,
  WORKFLOW_LIMITS,
  type WorkflowLimits,
} from './workflow-limits.js';

/** Options of {@link parseWorkflow} and {@link parseWorkflowObject}. */
export interface ParseOptions {
  /** File name shown in diagnostics and kept in `definition.source.file`. */
  file?: string;
  /** Extra `step_type` names registered by custom executors; their settings live in `args`. */
  stepTypes?: readonly string[];
  /**
   * Names the roots of the `{ref}`s in a raw step's fields and `when`; references to other steps
   * order the step after them ("references imply order"). Without it only `depends_on` orders steps.
   */
  stepReferences?: StepReferences;
  /**
   * The workflow's trust boundary given the level its `trust` key asks for (undefined without one):
   * the level's container rules then apply at validation as they do at run time.
   */
  boundary?: (declared: TrustLevel | undefined) => TrustBoundary;
  /** Size caps (file, nesting, steps); {@link WORKFLOW_LIMITS} by default, tighter for untrusted workflows. */
  limits?: WorkflowLimits;
}

/** What parsing produced: a definition only when there is no error diagnostic. */
export interface ParseResult {
  /** Present only when there is no error diagnostic. */
  definition?: WorkflowDefinition;
  /** All problems found, sorted by line then column. */
  diagnostics: Diagnostic[];
  /**
   * Location of a key path in the source, e.g. `['steps', 2, 'when']` or
   * `['steps', 0, 'loop', 1, 'args', 'url']`; falls back to the nearest enclosing known location.
   */
  locate(path: readonly (string | number)[]): SourceLocation;
}

/** Adds the dependencies implied by references to `depends_on`, and lists them as inferred. */
function addInferredDependencies(steps: readonly StepDefinition[], inferred: ReadonlyMap<string, string[]>): void {
  if (inferred.size === 0) return;
  for (const { step } of walkSteps(steps)) {
    const extra = inferred.get(step.id);
    if (extra) {
      step.depends_on = [...step.depends_on, ...extra];
      step.inferred_depends_on = extra;
    }
  }
}

function configuredMaxSteps(raw: unknown): number | undefined {
  const config = isJsonObject(raw) && isJsonObject(raw.config) ? raw.config : undefined;
  const value = config?.max_total_steps;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;
}

/**
 * The checks that bound the work of the others: nesting depth and step count. Over a limit, one
 * diagnostic is recorded and the other checks are skipped.
 */
function withinLimits(raw: unknown, limits: WorkflowLimits, sink: DiagnosticSink, map?: SourceMap): boolean {
  // The source map's count bounds the depth from above: within the limit by it, the exact walk finds nothing.
  const deep = map && map.deepest <= limits.maxNestingDepth ? undefined : tooDeepPath(raw, limits.maxNestingDepth);
  if (deep) {
    sink.error(
      'NESTING_TOO_DEEP',
      deep,
      `tables and arrays are nested more than ${limits.maxNestingDepth} levels deep`,
      'flatten the structure; other checks were skipped',
    );
    return false;
  }
  const configured = configuredMaxSteps(raw) ?? defaultConfig.max_total_steps;
  const max = Math.min(configured, limits.maxTotalSteps);
  const { count, at } = stepCensus(raw, max);
  if (at === undefined) return true;
  const why =
    configured > limits.maxTotalSteps
      ? `the limit of ${limits.maxTotalSteps} steps for this workflow (max_total_steps cannot raise it)`
      : `max_total_steps = ${configured}`;
  sink.error(
    'TOO_MANY_STEPS',
    at,
    `the workflow has ${count} steps (loop steps included), more than ${why}`,
    configured > limits.maxTotalSteps
      ? 'split the workflow; other checks were skipped'
      : 'raise max_total_steps in [config] or split the workflow; other checks were skipped',
  );
  return false;
}

function analyse(raw: unknown, options: ParseOptions, map: SourceMap | undefined, text?: string): ParseResult {
  const file = options.file;
  const locate = (path: KeyPath): SourceLocation => locationIn(map, path, file);
  const sink = new DiagnosticSink(raw, map, file);
  if (!withinLimits(raw, options.limits ?? WORKFLOW_LIMITS, sink, map)) return { diagnostics: sink.sorted(), locate };
  checkSchema(raw, sink);
  const root = isJsonObject(raw) ? raw : {};
  const { config, retryDefaults } = readConfig(root, sink);
  const known = (path: KeyPath): SourceLocation | undefined => {
    const found = map?.get(path);
    return found === undefined ? undefined : file === undefined ? found : { file, ...found };
  };
  const concurrency = readConcurrency(root, sink, known);
  if (concurrency) config.concurrency = concurrency;
  const inputs = readInputs(root, sink, known);
  const triggers = readTriggers(root, { declared: inputs, open: root.inputs === undefined }, sink, known);
  const declared = stringField(root, 'trust');
  const boundary = options.boundary?.(isTrustLevel(declared) ? declared : undefined);
  const steps = readSteps(root.steps, ['steps'], {
    ...(boundary ? { boundary } : {}),
    sink,
    config,
    retryDefaults,
    defaultRetry: { ...config.retry },
    customTypes: new Set(options.stepTypes ?? []),
    locate: known,
  });
  const outputs = readOutputs(root);
  const inferred = graphChecks(root, sink, options.stepReferences);
  const diagnostics = sink.sorted();
  if (sink.hasErrors) return { diagnostics, locate };
  addInferredDependencies(steps, inferred);
  const description = stringField(root, 'description');
  const definition: WorkflowDefinition = {
    version: stringField(root, 'version') ?? '1',
    name: stringField(root, 'name') ?? '',
    ...(description === undefined ? {} : { description }),
    config,
    inputs,
    ...(root.inputs === undefined ? { open_inputs: true } : {}),
    ...(isTrustLevel(declared) ? { trust: declared } : {}),
    steps,
    ...(outputs === undefined ? {} : { outputs }),
    ...(triggers === undefined ? {} : { triggers }),
    ...(file === undefined ? {} : { source: { file, ...(text === undefined ? {} : { text }) } }),
  };
  return { definition, diagnostics, locate };
}

/**
 * Parses and validates a TOML workflow. Never throws for bad input: every problem is a diagnostic.
 * A TOML syntax error stops there (no partial definition).
 *
 * @example
 * const { definition, diagnostics } = parseWorkflow(text, { file: '.workflows/deploy.toml' });
 * if (!definition) for (const d of diagnostics) console.error(formatDiagnostic(d));
 */
export function parseWorkflow(text: string, options: ParseOptions = {}): ParseResult {
  const limits = options.limits ?? WORKFLOW_LIMITS;
  const tooLarge = fileSizeDiagnostic(text, limits, options.file);
  if (tooLarge) return { diagnostics: [tooLarge], locate: (p) => locationIn(undefined, p, options.file) };
  let raw: unknown;
  try {
    raw = parse(text, { maxDepth: limits.maxNestingDepth });
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    return {
      diagnostics: [syntaxDiagnostic(error, text, options.file)],
      locate: (p) => locationIn(undefined, p, options.file),
    };
  }
  const map = SourceMap.scan(text);
  if (map.invalidDates.length > 0) {
    const diagnostics: Diagnostic[] = map.invalidDates.map(({ line, column, message }) => ({
      code: 'TOML_SYNTAX',
      severity: 'error',
      message: `invalid TOML: ${message}`,
      ...(options.file === undefined ? {} : { file: options.file }),
      line,
      column,
    }));
    return { diagnostics, locate: (p) => locationIn(map, p, options.file) };
  }
  return analyse(raw, options, map, text);
}

/** Runs the same checks on a TOML-shaped object (API/JSON callers); locations are line 1, column 1. */
export function parseWorkflowObject(raw: unknown, options: ParseOptions = {}): ParseResult {
  return analyse(raw, options, undefined);
}
