// Workflow inputs: CLI string coercion by declared type, and validation before any step runs.
import {
  type Diagnostic,
  type InputDefinition,
  type InputType,
  inputTypeWithArticle,
  isAllowedInputValue,
  matchesInputType,
  type WorkflowDefinition,
  WorkflowError,
} from '@skill/workflow-model';

function inputDiagnostic(
  definition: WorkflowDefinition,
  code: string,
  message: string,
  input?: InputDefinition,
): Diagnostic {
  return {
    code,
    severity: 'error',
    message,
    ...(definition.source?.file ? { file: definition.source.file } : {}),
    line: input?.location?.line ?? 1,
    column: input?.location?.column ?? 1,
  };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isInteger(value)) return `the number ${value}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function coerceOne(type: InputType, text: string): unknown {
  switch (type) {
    case 'string':
      return text;
    case 'number':
    case 'integer': {
      const n = text.trim() === '' ? Number.NaN : Number(text);
      return Number.isNaN(n) ? text : n;
    }
    case 'boolean': {
      const t = text.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(t)) return true;
      if (['false', '0', 'no', 'off'].includes(t)) return false;
      return text;
    }
    case 'array':
    case 'object':
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
  }
}

/**
 * Converts `key=value` strings from the command line to the types declared in `[inputs]`
 * (numbers, booleans, JSON arrays/objects). Unknown names are kept as strings so that
 * {@link validateInputs} reports them. Values that cannot be converted stay strings and fail validation.
 */
export function coerceInputs(definition: WorkflowDefinition, raw: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(raw)) {
    const input = definition.inputs[name];
    out[name] = input ? coerceOne(input.type, text) : text;
  }
  return out;
}

/** A workflow without an `[inputs]` table takes any inputs, as strings (others as compact JSON text). */
function openInputs(given: Record<string, unknown>): Record<string, unknown> {
  // Object.fromEntries defines own properties, so an input named "__proto__" stays a plain key.
  return Object.fromEntries(
    Object.entries(given).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, typeof value === 'string' ? value : JSON.stringify(value)]],
    ),
  );
}

/**
 * Applies defaults and checks inputs against `[inputs]`: missing required, wrong type, not in enum,
 * unknown name. Returns the complete inputs or throws `WorkflowError('INPUTS_INVALID')` with every problem.
 */
export function validateInputs(
  definition: WorkflowDefinition,
  given: Record<string, unknown> = {},
): Record<string, unknown> {
  if (definition.open_inputs) return openInputs(given);
  const problems: Diagnostic[] = [];
  const result: Record<string, unknown> = {};
  const declared = Object.keys(definition.inputs);
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(definition.inputs, name)) {
      const known = declared.length ? `declared inputs: ${declared.join(', ')}` : 'the workflow declares no inputs';
      problems.push(inputDiagnostic(definition, 'INPUT_UNKNOWN', `unknown input "${name}" (${known})`));
    }
  }
  for (const [name, input] of Object.entries(definition.inputs)) {
    let value = Object.hasOwn(given, name) ? given[name] : undefined;
    if (value === undefined && input.default !== undefined) value = structuredClone(input.default);
    if (value === undefined) {
      if (input.required) {
        problems.push(
          inputDiagnostic(definition, 'INPUT_MISSING', `missing required input "${name}" (${input.type})`, input),
        );
      }
      continue;
    }
    if (!matchesInputType(value, input.type)) {
      problems.push(
        inputDiagnostic(
          definition,
          'INPUT_TYPE',
          `input "${name}" must be ${inputTypeWithArticle(input.type)}, got ${describe(value)}`,
          input,
        ),
      );
      continue;
    }
    if (input.enum && !isAllowedInputValue(input.enum, value)) {
      problems.push(
        inputDiagnostic(
          definition,
          'INPUT_ENUM',
          `input "${name}" must be one of ${input.enum.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`,
          input,
        ),
      );
      continue;
    }
    result[name] = value;
  }
  if (problems.length > 0) {
    const summary = problems.map((p) => p.message).join('; ');
    throw new WorkflowError('INPUTS_INVALID', `invalid inputs for workflow "${definition.name}": ${summary}`, {
      diagnostics: problems,
    });
  }
  return result;
}
