// Turns ajv's schema errors into readable, located diagnostics (one per problem, no ajv jargon).
import { quoteText } from '@skill/workflow-model';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { type DiagnosticSink, describeValue } from './diagnostic-sink.js';
import { suggestName } from './did-you-mean.js';
import { formatPath, pointerToPath } from './key-path.js';
import { schemaDefinition, schemaErrors } from './schema.js';

/** Pattern of the schema -> what a user should read instead of the regular expression. */
const PATTERN_MEANING: Readonly<Record<string, string>> = {
  '^[a-zA-Z0-9][a-zA-Z0-9_.-]*$':
    'must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (no path separators)',
  '^[a-zA-Z0-9][a-zA-Z0-9_-]*$': 'must start with a letter or digit and contain only letters, digits, "_" and "-"',
  '^[0-9]+(?:\\.[0-9]+)?$': 'must be a number of CPUs such as 1.5 or "2"',
  '^[A-Za-z]+$': 'must be an HTTP method such as "GET" or "POST"',
};

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  object: 'a table',
  array: 'an array',
  null: 'null',
};

function subject(path: readonly (string | number)[]): string {
  return path.length === 0 ? 'the workflow' : formatPath(path);
}

function typeList(types: unknown): string {
  const list = (Array.isArray(types) ? types : [types]).map((t) => TYPE_NAMES[String(t)] ?? String(t));
  return list.join(' or ');
}

/** Durations and memory sizes are checked (with better messages) when they are parsed. */
function checkedElsewhere(error: ErrorObject): boolean {
  const parent = error.parentSchema;
  return parent === schemaDefinition('duration') || parent === schemaDefinition('memorySize');
}

function report(error: ErrorObject, raw: unknown, sink: DiagnosticSink): void {
  const path = pointerToPath(error.instancePath, raw);
  const what = subject(path);
  const params = error.params as Record<string, unknown>;
  const got = describeValue(error.data);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const props = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
      const where = path.length === 0 ? 'at the top level' : `in ${what}`;
      sink.error(
        'UNKNOWN_KEY',
        [...path, key],
        `unknown key ${quoteText(key)} ${where}`,
        suggestName(key, Object.keys(props), undefined, sink.suggestions),
      );
      return;
    }
    case 'required': {
      const key = String(params.missingProperty);
      sink.error('SCHEMA_VIOLATION', path, `${what} is missing required key "${key}"`);
      return;
    }
    case 'type':
      sink.error('SCHEMA_VIOLATION', path, `${what} must be ${typeList(params.type)}, got ${got}`);
      return;
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String).join(', ');
      sink.error('INVALID_VALUE', path, `${what} must be one of ${allowed}, got ${got}`);
      return;
    }
    case 'pattern': {
      const meaning = PATTERN_MEANING[String(params.pattern)] ?? `must match ${String(params.pattern)}`;
      sink.error('INVALID_VALUE', path, `${what} ${meaning}, got ${got}`);
      return;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const words: Record<string, string> = { '>=': 'at least', '<=': 'at most', '>': 'more than', '<': 'less than' };
      const comparison = words[String(params.comparison)] ?? String(params.comparison);
      sink.error('INVALID_VALUE', path, `${what} must be ${comparison} ${String(params.limit)}, got ${got}`);
      return;
    }
    case 'minItems':
      sink.error('INVALID_VALUE', path, minItemsMessage(path, what));
      return;
    case 'maxLength':
      sink.error('INVALID_VALUE', path, `${what} is longer than ${String(params.limit)} characters`);
      return;
    case 'minLength':
      sink.error('INVALID_VALUE', path, `${what} must not be empty`);
      return;
    case 'uniqueItems': {
      const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b) as [number, number];
      const item = Array.isArray(error.data) ? describeValue(error.data[second]) : '';
      sink.error('INVALID_VALUE', [...path, second], `${what} lists ${item} twice (entries ${first} and ${second})`);
      return;
    }
    default:
      sink.error('SCHEMA_VIOLATION', path, `${what} is invalid: ${error.message ?? error.keyword}`);
  }
}

function minItemsMessage(path: readonly (string | number)[], what: string): string {
  const last = path[path.length - 1];
  if (path.length === 1 && last === 'steps') return 'the workflow has no steps; add at least one [[steps]]';
  if (last === 'loop') return `${what} is empty; a foreach step needs at least one [[steps.loop]] step`;
  return `${what} must not be empty`;
}

/** Validates `raw` against the JSON Schema and records one diagnostic per problem. */
export function checkSchema(raw: unknown, sink: DiagnosticSink): void {
  for (const error of schemaErrors(raw)) {
    if (!checkedElsewhere(error)) report(error, raw, sink);
  }
}
