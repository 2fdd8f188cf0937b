// Reads one raw step (and, for foreach, its loop steps) into a StepDefinition: step type inference,
// keys of the wrong type, required keys, durations, sizes, limits nothing enforces, retry merging and the Docker policy.
import type {
  RetryPolicy,
  SourceLocation,
  StepBase,
  StepDefinition,
  TrustBoundary,
  WorkflowConfig,
} from '@skill/workflow-model';
import { BUILTIN_STEP_TYPES, isBuiltinStepType, isJsonObject, quoteText } from '@skill/workflow-model';
import type { DiagnosticSink } from './diagnostic-sink.js';
import { suggestName } from './did-you-mean.js';
import {
  booleanField,
  cpuField,
  definedOnly,
  durationField,
  memoryField,
  numberField,
  type RawTable,
  stringField,
  stringListField,
  stringMapField,
  subTable,
  tableField,
} from './field-readers.js';
import { warnUnenforcedLimits } from './host-limits.js';
import { formatPath } from './key-path.js';
import { labelsOf, type RetryDefaults } from './read-config.js';
import { readDocker, readHttp, readInlineCode, readRetry } from './read-specs.js';
import { readSubWorkflowName } from './read-sub-workflow.js';
import { readApproval, readSleep } from './read-wait-steps.js';
import type { KeyPath } from './source-map.js';
import { BASE_STEP_KEYS, inferStepType, ownerOfKey, requiredTypeKeys, typeKeys } from './step-types.js';

/** Everything reading a step needs besides the step itself. */
export interface StepContext {
  sink: DiagnosticSink;
  config: WorkflowConfig;
  retryDefaults: RetryDefaults;
  /** The retry policy of every step without `[steps.retry]`: one copy of `config.retry`, shared (never written to). */
  defaultRetry: RetryPolicy;
  /** Step types registered by custom executors. */
  customTypes: ReadonlySet<string>;
  /** Location of a key path, when the source text is known. */
  locate(path: KeyPath): SourceLocation | undefined;
  /** The workflow's trust boundary, when known: its level's container rules apply at validation too. */
  boundary?: TrustBoundary;
}

const MISSING_KEY_HINT: Readonly<Record<string, string>> = {
  command: 'add command = "..." (a shell string) or an argv array',
  skill: 'add skill = "<skill name>"',
  tool: 'add tool = "<tool name>"',
  http: 'add a [steps.http] table with url = "..."',
  items: 'add items = [...] or a template such as "{list.output}"',
  loop: 'add one or more [[steps.loop]] steps',
  docker: 'add a [steps.docker] table with image = "..."',
  inline_code: 'add a [steps.inline_code] table with language and code',
  message: 'add message = "Deploy {inputs.version} to production?"',
  workflow: 'add workflow = "<name of a workflow in .workflows/>"',
};

function describeStep(id: string | undefined): string {
  return id === undefined ? 'this step' : `step ${quoteText(id)}`;
}

/** Resolves the step's type, reporting STEP_TYPE_MISSING / UNKNOWN_STEP_TYPE; undefined when unusable. */
function stepTypeOf(raw: RawTable, path: KeyPath, id: string | undefined, ctx: StepContext): string | undefined {
  const explicit = raw.step_type;
  if (typeof explicit === 'string') {
    if (isBuiltinStepType(explicit) || ctx.customTypes.has(explicit)) return explicit;
    if (explicit !== '') {
      const known = [...BUILTIN_STEP_TYPES, ...ctx.customTypes];
      const at = [...path, 'step_type'];
      ctx.sink.error(
        'UNKNOWN_STEP_TYPE',
        at,
        `${describeStep(id)} has unknown step_type ${quoteText(explicit)}`,
        suggestName(explicit, known, 'known step types', ctx.sink.suggestions),
      );
    }
    return undefined;
  }
  if (explicit !== undefined) return undefined; // wrong type: reported by the schema
  const inferred = inferStepType(raw);
  if (inferred === undefined) {
    const choices = BUILTIN_STEP_TYPES.map((t) => `"${t}"`).join(' | ');
    ctx.sink.error(
      'STEP_TYPE_MISSING',
      path,
      `${describeStep(id)} has no step_type; set step_type = ${choices}`,
      'or add a key that implies it: command, [steps.http], skill, items/loop, [steps.docker], [steps.inline_code]',
    );
  }
  return inferred;
}

/** Keys of other step types, and required keys of this one. */
function checkKeys(raw: RawTable, type: string, path: KeyPath, id: string | undefined, ctx: StepContext): void {
  const own = typeKeys(type);
  for (const key of Object.keys(raw)) {
    if (BASE_STEP_KEYS.includes(key) || own.includes(key)) continue;
    const owner = ownerOfKey(key);
    if (owner === undefined) continue; // not a step key at all: reported by the schema
    ctx.sink.error(
      'UNKNOWN_KEY',
      [...path, key],
      `key "${key}" belongs to ${owner} steps, but ${describeStep(id)} is ${/^(?:[aeiou]|http)/.test(type) ? 'an' : 'a'} ${type} step`,
      `remove it, or set step_type = "${owner}"`,
    );
  }
  for (const key of requiredTypeKeys(type)) {
    if (raw[key] === undefined) {
      ctx.sink.error(
        'SCHEMA_VIOLATION',
        path,
        `${describeStep(id)} (${type}) is missing required key "${key}"`,
        MISSING_KEY_HINT[key],
      );
    }
  }
}

/** The keys every step has, in the order a definition lists them (keys without a value are left out). */
function readBase(raw: RawTable, path: KeyPath, type: string, id: string, ctx: StepContext): StepBase {
  const base = { id, step_type: type } as StepBase;
  const description = stringField(raw, 'description');
  if (description !== undefined) base.description = description;
  base.depends_on = stringListField(raw, 'depends_on') ?? [];
  const when = stringField(raw, 'when');
  if (when !== undefined) base.when = when;
  const timeout = durationField(raw, 'timeout', path, ctx.sink, true);
  if (timeout !== undefined) base.timeout_ms = timeout;
  const retry = subTable(raw, 'retry');
  base.retry = retry ? readRetry(retry, path, ctx.config.retry, ctx.retryDefaults, ctx.sink) : ctx.defaultRetry;
  base.continue_on_error = booleanField(raw, 'continue_on_error') ?? false;
  const memory = memoryField(raw, 'memory_limit', path, ctx.sink);
  if (memory !== undefined) base.memory_limit_bytes = memory;
  const cpus = cpuField(raw, 'cpu_limit', path, ctx.sink);
  if (cpus !== undefined) base.cpu_limit = cpus;
  const runsOn = labelsOf(raw.runs_on).runs_on ?? ctx.config.runs_on;
  if (type === 'foreach' && raw.runs_on !== undefined) {
    ctx.sink.error(
      'INVALID_VALUE',
      [...path, 'runs_on'],
      `${describeStep(id)} is a foreach step: runs_on applies to the steps that run`,
      'set runs_on on its [[steps.loop]] steps instead',
    );
  } else if (runsOn !== undefined && type !== 'foreach') base.runs_on = runsOn;
  const location = ctx.locate(path);
  if (location !== undefined) base.location = location;
  return base;
}

function readForeach(raw: RawTable, path: KeyPath, base: StepBase, ctx: StepContext): StepDefinition {
  const limit = ctx.config.max_loop_iterations;
  const maxIterations = numberField(raw, 'max_iterations');
  if (maxIterations !== undefined && maxIterations > limit) {
    const at = [...path, 'max_iterations'];
    ctx.sink.error(
      'INVALID_VALUE',
      at,
      `${formatPath(at)} = ${maxIterations} is more than config.max_loop_iterations = ${limit}`,
      'lower max_iterations or raise max_loop_iterations in [config]',
    );
  }
  const items = raw.items;
  return definedOnly({
    ...base,
    step_type: 'foreach' as const,
    items: Array.isArray(items) ? [...items] : typeof items === 'string' ? items : [],
    parallel: booleanField(raw, 'parallel') ?? false,
    max_parallel: numberField(raw, 'max_parallel'),
    max_iterations: maxIterations ?? limit,
    loop: readSteps(raw.loop, [...path, 'loop'], ctx),
  });
}

function readTyped(raw: RawTable, path: KeyPath, base: StepBase, ctx: StepContext): StepDefinition {
  const sink = ctx.sink;
  switch (base.step_type) {
    case 'command':
      return definedOnly({
        ...base,
        step_type: 'command' as const,
        command: typeof raw.command === 'string' ? raw.command : (stringListField(raw, 'command') ?? []),
        env: stringMapField(raw, 'env') ?? {},
        working_dir: stringField(raw, 'working_dir'),
        stdin: raw.stdin,
      });
    case 'skill':
      return {
        ...base,
        step_type: 'skill',
        skill: stringField(raw, 'skill') ?? '',
        tool: stringField(raw, 'tool') ?? '',
        args: tableField(raw, 'args') ?? {},
      };
    case 'http':
      return { ...base, step_type: 'http', http: readHttp(subTable(raw, 'http') ?? {}, path, sink) };
    case 'foreach':
      return readForeach(raw, path, base, ctx);
    case 'docker_container':
      return {
        ...base,
        step_type: 'docker_container',
        docker: readDocker(subTable(raw, 'docker') ?? {}, path, sink, ctx.boundary),
      };
    case 'inline_code': {
      const spec = readInlineCode(subTable(raw, 'inline_code') ?? {}, path, sink, ctx.boundary);
      return { ...base, step_type: 'inline_code', inline_code: spec };
    }
    case 'approval':
      return readApproval(raw, path, base, ctx);
    case 'sleep':
      return readSleep(raw, path, base, ctx);
    case 'workflow':
      return {
        ...base,
        step_type: 'workflow',
        workflow: readSubWorkflowName(raw, path, ctx.sink),
        inputs: tableField(raw, 'inputs') ?? {},
      };
    default:
      // `base` is this step's own fresh object: completed in place rather than copied
      (base as StepBase & { args: Record<string, unknown> }).args = tableField(raw, 'args') ?? {};
      return base as StepDefinition;
  }
}

/** Reads one step; undefined when it is too broken to build (its problems are reported). */
export function readStep(raw: unknown, path: KeyPath, ctx: StepContext): StepDefinition | undefined {
  if (!isJsonObject(raw)) return undefined;
  const id = stringField(raw, 'id');
  const type = stepTypeOf(raw, path, id, ctx);
  const base = readBase(raw, path, type ?? '', id ?? '', ctx);
  if (type === undefined) {
    readSteps(raw.loop, [...path, 'loop'], ctx); // the loop steps are still checked
    return undefined;
  }
  checkKeys(raw, type, path, id, ctx);
  warnUnenforcedLimits(raw, type, path, id, ctx.sink);
  return readTyped(raw, path, base, ctx);
}

/** Reads a list of steps (`steps` or a foreach's `loop`). */
export function readSteps(list: unknown, path: KeyPath, ctx: StepContext): StepDefinition[] {
  if (!Array.isArray(list)) return [];
  const steps: StepDefinition[] = [];
  for (let index = 0; index < list.length; index++) {
    const step = readStep(list[index], [...path, index], ctx);
    if (step) steps.push(step);
  }
  return steps;
}
