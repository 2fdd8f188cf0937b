// Validation of `workflow` steps across files: the child exists (did you mean), is valid, takes the inputs given,
// may run at the caller's trust level, and no chain of workflow steps comes back to a workflow already on it.
import {
  type Diagnostic,
  formatDiagnostic,
  isAllowedInputValue,
  isStepOfType,
  lowerTrust,
  matchesInputType,
  type SourceLocation,
  type TrustLevel,
  type WorkflowDefinition,
  type WorkflowStep,
  walkSteps,
} from '@skill/workflow-model';
import { closestName } from '@skill/workflow-parser';
import type { ValidationReport } from './engine-types.js';
import { refusedUseMessage, refusedUses, type UntrustedPolicy } from './trust-check.js';

/** The most workflows a chain of `workflow` steps may nest at run time (the top execution included). */
export const MAX_SUB_WORKFLOW_DEPTH = 10;

const RECURSION_HINT = 'a workflow may not run itself, directly or through other workflows';

/** What the check needs from the loader. */
export interface SubWorkflowResolver {
  /** The child's validation report (without its own sub-workflow checks), or undefined when no such workflow exists. */
  load(name: string): Promise<ValidationReport | undefined>;
  /** The names of the project's workflows (for "did you mean"). */
  names(): string[];
  policy: UntrustedPolicy;
}

/** One `workflow` step of a workflow. */
interface Call {
  step: WorkflowStep;
  path: readonly (string | number)[];
}

function callsOf(definition: WorkflowDefinition): Call[] {
  const calls: Call[] = [];
  for (const { step, path } of walkSteps(definition.steps)) {
    if (isStepOfType(step, 'workflow')) calls.push({ step, path });
  }
  return calls;
}

function where(location: SourceLocation | undefined): string {
  if (!location) return '';
  return ` (${location.file ? `${location.file}:` : ''}${location.line}:${location.column})`;
}

/** Problems of the inputs a step gives its child, checked against the child's `[inputs]`. */
function inputProblems(
  step: WorkflowStep,
  child: WorkflowDefinition,
): { key?: string; message: string; hint?: string }[] {
  if (child.open_inputs) return []; // no [inputs] table: the child takes any inputs, as strings
  const problems: { key?: string; message: string; hint?: string }[] = [];
  const declared = Object.keys(child.inputs);
  for (const [key, value] of Object.entries(step.inputs)) {
    const input = Object.hasOwn(child.inputs, key) ? child.inputs[key] : undefined;
    if (!input) {
      const suggestion = closestName(key, declared);
      problems.push({
        key,
        message: `workflow "${child.name}" has no input "${key}" (${declared.length ? `declared: ${declared.join(', ')}` : 'it declares no inputs'})`,
        ...(suggestion ? { hint: `did you mean "${suggestion}"?` } : {}),
      });
      continue;
    }
    if (typeof value === 'string' && value.includes('{')) continue; // a template: its type is known at run time
    if (!matchesInputType(value, input.type)) {
      problems.push({
        key,
        message: `input "${key}" of workflow "${child.name}" is ${input.type}, not ${JSON.stringify(value)}`,
      });
    } else if (input.enum && !isAllowedInputValue(input.enum, value)) {
      problems.push({
        key,
        message: `input "${key}" of workflow "${child.name}" must be one of ${JSON.stringify(input.enum)}`,
      });
    }
  }
  for (const [name, input] of Object.entries(child.inputs)) {
    if (input.required && input.default === undefined && !Object.hasOwn(step.inputs, name)) {
      problems.push({
        message: `workflow "${child.name}" requires input "${name}" (${input.type})`,
        hint: `add it: inputs = { ${name} = ... }`,
      });
    }
  }
  return problems;
}

/**
 * A cycle of workflow steps reachable from `root`, as the chain of names with the call step of each hop
 * (`a -> b -> a`); undefined when there is none. Each workflow is explored once: the work is bounded by the
 * number of workflows and steps, whatever the shape of the calls.
 */
async function findCycle(
  rootName: string,
  first: Call,
  resolver: SubWorkflowResolver,
): Promise<{ names: string[]; hops: Call[] } | undefined> {
  const done = new Set<string>();
  const names: string[] = [rootName];
  const hops: Call[] = [];
  const visit = async (call: Call): Promise<{ names: string[]; hops: Call[] } | undefined> => {
    const name = call.step.workflow;
    if (names.includes(name)) {
      const from = names.indexOf(name);
      return { names: [...names.slice(from), name], hops: [...hops.slice(from), call] };
    }
    if (done.has(name)) return undefined;
    const child = (await resolver.load(name))?.definition;
    if (!child) return undefined;
    names.push(name);
    hops.push(call);
    for (const next of callsOf(child)) {
      const found = await visit(next);
      if (found) return found;
    }
    names.pop();
    hops.pop();
    done.add(name);
    return undefined;
  };
  return visit(first);
}

/**
 * Checks every `workflow` step of `definition` (which runs at `level`) against the workflows it names.
 * `locate` places a key path of the file (e.g. `['steps', 2, 'inputs', 'env']`); without it, the step's place.
 */
export async function checkSubWorkflows(
  definition: WorkflowDefinition,
  level: TrustLevel,
  resolver: SubWorkflowResolver,
  locate: ((path: readonly (string | number)[]) => SourceLocation) | undefined,
): Promise<Diagnostic[]> {
  const calls = callsOf(definition);
  if (calls.length === 0) return [];
  const diagnostics: Diagnostic[] = [];
  const push = (call: Call, path: readonly (string | number)[], code: string, message: string, hint?: string) => {
    const at = locate?.(path) ?? call.step.location ?? { line: 1, column: 1 };
    const file = at.file ?? definition.source?.file;
    diagnostics.push({
      code,
      severity: 'error',
      message: `step "${call.step.id}": ${message}`,
      ...(file ? { file } : {}),
      line: at.line,
      column: at.column,
      step_id: call.step.id,
      ...(hint ? { hint } : {}),
    });
  };
  for (const call of calls) {
    const name = call.step.workflow;
    const namePath = [...call.path, 'workflow'];
    if (name === definition.name) {
      // Checked first: a workflow being created (API, MCP) calls itself before any file of its name exists.
      push(
        call,
        namePath,
        'SUB_WORKFLOW_RECURSION',
        `workflow "${name}" calls itself: ${name} -> ${name}`,
        RECURSION_HINT,
      );
      continue;
    }
    const report = await resolver.load(name);
    if (!report) {
      const suggestion = closestName(name, resolver.names());
      push(
        call,
        namePath,
        'UNKNOWN_WORKFLOW',
        `no workflow named "${name}" in the workflows folder`,
        suggestion ? `did you mean "${suggestion}"?` : 'create .workflows/<name>.toml or fix the name',
      );
      continue;
    }
    const child = report.definition;
    if (!report.ok || !child) {
      const first = report.diagnostics.find((d) => d.severity === 'error');
      push(
        call,
        namePath,
        'WORKFLOW_INVALID',
        `workflow "${name}" is invalid: ${first ? formatDiagnostic(first) : 'see its diagnostics'}`,
      );
      continue;
    }
    for (const problem of inputProblems(call.step, child)) {
      const path = problem.key === undefined ? [...call.path, 'inputs'] : [...call.path, 'inputs', problem.key];
      push(call, path, problem.key === undefined ? 'INPUT_MISSING' : 'INVALID_VALUE', problem.message, problem.hint);
    }
    const childLevel = lowerTrust(level, report.trust ?? 'trusted');
    const refused = refusedUses(child, childLevel, resolver.policy);
    if (refused.length > 0) {
      const uses = refused.map((use) => `${use.step.id}: ${refusedUseMessage(use, childLevel)}`).join('; ');
      push(
        call,
        namePath,
        'UNTRUSTED_STEP',
        `workflow "${name}" runs at this workflow's level (${childLevel}) and has ${uses}`,
      );
    }
    const cycle = await findCycle(definition.name, call, resolver);
    if (cycle) {
      const hops = cycle.hops.map(
        (hop) => `step "${hop.step.id}"${where(hop.step.location)} calls ${hop.step.workflow}`,
      );
      push(
        call,
        namePath,
        'SUB_WORKFLOW_RECURSION',
        `workflows call each other in a cycle: ${cycle.names.join(' -> ')} (${hops.join('; ')})`,
        RECURSION_HINT,
      );
    }
  }
  return diagnostics;
}
