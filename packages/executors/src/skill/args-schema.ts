// A tiny JSON-Schema subset checker for skill tool args: type, properties, required, additionalProperties, enum, items.
import { isJsonObject } from '@skill/workflow-model';

/** Checking mode: `partial` (before templates are resolved) skips values that still hold `{references}`. */
export interface SchemaCheckOptions {
  partial?: boolean;
  /** With `partial`: the JSON type a whole-template value will have, when known (its type is then checked). */
  templateType?: (value: string) => string | undefined;
}

const TEMPLATE = /\{[A-Za-z_][\w.\-[\]]*\}/;
const MAX_DEPTH = 32;

/** The JSON type name of a value (`integer` is reported as `number`, except by {@link matchesType}). */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'object':
      return isJsonObject(value);
    default:
      return jsonType(value) === type;
  }
}

/** True when every value of JSON type `known` fits schema type `type` (an integer is a number; a number may be an integer). */
function typeFits(known: string, type: string): boolean {
  if (known === type) return true;
  return (known === 'integer' && type === 'number') || (known === 'number' && type === 'integer');
}

/** True when `value` is or contains a string with a `{reference}` (known only after resolution). */
export function hasTemplate(value: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (typeof value === 'string') return TEMPLATE.test(value);
  if (Array.isArray(value)) return value.some((item) => hasTemplate(item, depth + 1));
  if (isJsonObject(value)) return Object.values(value).some((item) => hasTemplate(item, depth + 1));
  return false;
}

function schemaList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function checkValue(
  schema: Record<string, unknown>,
  value: unknown,
  at: string,
  options: SchemaCheckOptions,
  problems: string[],
  depth: number,
): void {
  if (depth > MAX_DEPTH) return;
  const types = schemaList(schema.type);
  // A templated string can become any value: only its declared type (when known) is checked before the run.
  if (options.partial && typeof value === 'string' && TEMPLATE.test(value)) {
    const known = options.templateType?.(value);
    if (known !== undefined && types.length > 0 && !types.some((type) => typeFits(known, type))) {
      problems.push(`${at}: expected ${types.join(' or ')}, got ${known} (${value})`);
    }
    return;
  }
  if (types.length > 0 && !types.some((type) => matchesType(value, type))) {
    problems.push(`${at}: expected ${types.join(' or ')}, got ${jsonType(value)}`);
    return;
  }
  if (Array.isArray(schema.enum) && !(options.partial && hasTemplate(value))) {
    const allowed = schema.enum;
    if (!allowed.some((option) => JSON.stringify(option) === JSON.stringify(value))) {
      problems.push(`${at}: must be one of ${allowed.map(show).join(', ')} (got ${show(value)})`);
    }
  }
  if (isJsonObject(value)) checkObject(schema, value, at, options, problems, depth);
  if (Array.isArray(value) && isJsonObject(schema.items)) {
    const items = schema.items;
    value.forEach((item, index) => {
      checkValue(items, item, `${at}[${index}]`, options, problems, depth + 1);
    });
  }
}

function checkObject(
  schema: Record<string, unknown>,
  value: Record<string, unknown>,
  at: string,
  options: SchemaCheckOptions,
  problems: string[],
  depth: number,
): void {
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  for (const key of schemaList(schema.required)) {
    if (!Object.hasOwn(value, key) || value[key] === undefined) problems.push(`${at}: missing required "${key}"`);
  }
  for (const [key, item] of Object.entries(value)) {
    const property = Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (isJsonObject(property)) {
      checkValue(property, item, `${at}.${key}`, options, problems, depth + 1);
    } else if (schema.additionalProperties === false) {
      const known = Object.keys(properties);
      const accepted = known.length > 0 ? ` (accepted: ${known.join(', ')})` : '';
      problems.push(`${at}: unknown key "${key}"${accepted}`);
    } else if (isJsonObject(schema.additionalProperties)) {
      checkValue(schema.additionalProperties, item, `${at}.${key}`, options, problems, depth + 1);
    }
  }
}

/**
 * Checks `value` against a JSON Schema subset: `type` (string, number, integer, boolean, object,
 * array, null, or a list of them), `properties`, `required`, `additionalProperties` (false or a
 * schema), `enum` and `items`. Other keywords are ignored. Returns one message per problem, each
 * starting with the path (`args.url: expected string, got number`); empty when the value fits.
 */
export function checkSchema(
  schema: Record<string, unknown>,
  value: unknown,
  at = 'args',
  options: SchemaCheckOptions = {},
): string[] {
  const problems: string[] = [];
  checkValue(schema, value, at, options, problems, 0);
  return problems;
}
