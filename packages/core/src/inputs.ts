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
  return coerceDeclaredValues(definition.inputs, raw);
}

/** Like {@link coerceInputs}, for any typed declarations (an approval's form `fields`). */
export function coerceDeclaredValues(
  declared: Readonly<Record<string, InputDefinition>>,
  raw: Record<string, string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(raw)) {
    const input = Object.hasOwn(declared, name) ? declared[name] : undefined;
    const value = input ? coerceOne(input.type, text) : text;
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
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

/** How {@link checkDeclaredValues} names what it checks in messages. */
export interface DeclaredValuesWording {
  /** `input`, `field`. */
  noun: string;
  /** Said when nothing is declared: `the workflow declares no inputs`. */
  none: string;
  /** A located diagnostic for a problem (of the value declared by `declared`, when there is one). */
  diagnostic(code: string, message: string, declared?: InputDefinition): Diagnostic;
}

/**
 * Applies defaults and checks `given` against typed declarations (`[inputs]`, an approval's form `fields`): missing
 * required, wrong type, not in enum, unknown name. Returns the complete values and every problem found.
 */
export function checkDeclaredValues(
  declared: Readonly<Record<string, InputDefinition>>,
  given: Record<string, unknown>,
  wording: DeclaredValuesWording,
): { values: Record<string, unknown>; problems: Diagnostic[] } {
  const { noun, diagnostic } = wording;
  const problems: Diagnostic[] = [];
  const values: Record<string, unknown> = {};
  const names = Object.keys(declared);
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(declared, name)) {
      const known = names.length ? `declared ${noun}s: ${names.join(', ')}` : wording.none;
      problems.push(diagnostic('INPUT_UNKNOWN', `unknown ${noun} ${JSON.stringify(name)} (${known})`));
    }
  }
  for (const [name, input] of Object.entries(declared)) {
    let value = Object.hasOwn(given, name) ? given[name] : undefined;
    if (value === undefined && input.default !== undefined) value = structuredClone(input.default);
    if (value === undefined) {
      if (input.required) {
        problems.push(diagnostic('INPUT_MISSING', `missing required ${noun} "${name}" (${input.type})`, input));
      }
      continue;
    }
    if (!matchesInputType(value, input.type)) {
      problems.push(
        diagnostic(
          'INPUT_TYPE',
          `${noun} "${name}" must be ${inputTypeWithArticle(input.type)}, got ${describe(value)}`,
          input,
        ),
      );
      continue;
    }
    if (input.enum && !isAllowedInputValue(input.enum, value)) {
      problems.push(
        diagnostic(
          'INPUT_ENUM',
          `${noun} "${name}" must be one of ${input.enum.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`,
          input,
        ),
      );
      continue;
    }
    // A plain own key also for a name like "__proto__".
    Object.defineProperty(values, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return { values, problems };
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
  const { values, problems } = checkDeclaredValues(definition.inputs, given, {
    noun: 'input',
    none: 'the workflow declares no inputs',
    diagnostic: (code, message, input) => inputDiagnostic(definition, code, message, input),
  });
  if (problems.length > 0) {
    const summary = problems.map((p) => p.message).join('; ');
    throw new WorkflowError('INPUTS_INVALID', `invalid inputs for workflow "${definition.name}": ${summary}`, {
      diagnostics: problems,
    });
  }
  return values;
}
