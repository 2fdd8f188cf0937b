// Walks a reference's path through the scope's values: own properties and indexes only, never the prototype.
import { BoundedCache } from './bounded-cache.js';
import { formatReferencePath, isTemplateRoot, type Reference } from './reference.js';

/**
 * Where references are looked up: anything with `has`/`get`, e.g. a `Map`. Roots are `inputs`,
 * `loop`, `execution_id`, `workflow` and step ids (whose values look like
 * `{output, metadata, status, duration_ms, error, attempts}`).
 */
export interface TemplateScope {
  has(root: string): boolean;
  get(root: string): unknown;
}

/** The result of {@link lookupReference}. */
export type LookupResult = { found: true; value: unknown } | { found: false; message: string };

/** Segments that are never walked, whatever the value holds. */
const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** Fields of a step result: an undefined one reads "step has no output (status: ...)". */
const STEP_FIELDS: ReadonlySet<string> = new Set(['output', 'metadata', 'status', 'duration_ms', 'error', 'attempts']);
const MAX_LISTED_FIELDS = 10;
/** Strings longer than this are not parsed as JSON to walk into them. */
const MAX_JSON_WALK_LENGTH = 16 * 1024 * 1024;
/** Parsed JSON strings, so walking several fields of one output parses it once. */
const jsonCache = new BoundedCache<unknown>(64, 32 * 1024 * 1024);

/** The object or array a string holds as JSON text, or undefined when it holds none. */
function parseJsonContainer(text: string): unknown {
  if (text.length > MAX_JSON_WALK_LENGTH) return undefined;
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  if (jsonCache.has(text)) return jsonCache.get(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) parsed = undefined;
  jsonCache.set(text, parsed);
  return parsed;
}

/** `a string`, `a number`, `null`, `an array`... for messages. */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

function listFields(value: object): string {
  const keys = Object.keys(value);
  if (keys.length === 0) return 'no fields';
  const shown = keys.slice(0, MAX_LISTED_FIELDS).join(', ');
  return keys.length > MAX_LISTED_FIELDS ? `fields: ${shown}, ... (${keys.length} in all)` : `fields: ${shown}`;
}

/** A canonical array index from a path segment (`[2]` or `.2`), or undefined. */
function asIndex(segment: string | number): number | undefined {
  if (typeof segment === 'number') return segment;
  return /^(0|[1-9][0-9]{0,14})$/.test(segment) ? Number(segment) : undefined;
}

type Step = { ok: true; value: unknown } | { ok: false; why: string };

/** One step of the walk: `segment` inside `container`, which `label` names. */
function walkSegment(container: unknown, segment: string | number, label: string): Step {
  let current = container;
  if (typeof current === 'string') current = parseJsonContainer(current) ?? current;
  if (Array.isArray(current)) {
    const index = asIndex(segment);
    if (index === undefined) return { ok: false, why: `${label} is an array, "${segment}" is not an index` };
    if (index >= current.length) {
      return {
        ok: false,
        why: `no index ${index} in ${label} (${current.length} item${current.length === 1 ? '' : 's'})`,
      };
    }
    return { ok: true, value: current[index] };
  }
  if (typeof current === 'object' && current !== null) {
    const key = String(segment);
    if (FORBIDDEN_SEGMENTS.has(key) || !Object.hasOwn(current, key)) {
      return { ok: false, why: `no field "${key}" in ${label} (${listFields(current)})` };
    }
    return { ok: true, value: (current as Record<string, unknown>)[key] };
  }
  const wanted = typeof segment === 'number' ? 'an array' : 'an object';
  return { ok: false, why: `${label} is ${describeKind(current)}, not ${wanted}` };
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStepField(root: string, segment: string | number): segment is string {
  return typeof segment === 'string' && STEP_FIELDS.has(segment) && !isTemplateRoot(root);
}

/** The message for an undefined value reached at `path` (a prefix of the reference's path). */
function undefinedMessage(ref: Reference, rootValue: unknown, path: readonly (string | number)[]): string {
  const first = path[0];
  if (path.length === 1 && first !== undefined && isStepField(ref.root, first)) {
    const status =
      isObject(rootValue) && Object.hasOwn(rootValue, 'status')
        ? (rootValue as Record<string, unknown>).status
        : undefined;
    const statusText = typeof status === 'string' ? ` (status: ${status})` : '';
    return `step "${ref.root}" has no ${first}${statusText}`;
  }
  if (path.length === 0) return `"${ref.root}" has no value`;
  return `${formatReferencePath(ref.root, path)} has no value`;
}

/**
 * Looks `ref` up in `scope`. Objects are walked by own property, arrays by index (`[0]` or `.0`),
 * and a string holding a JSON object or array (e.g. an output kept as JSON text) is walked into.
 * `__proto__`, `constructor` and `prototype` are always missing. Never throws.
 */
export function lookupReference(ref: Reference, scope: TemplateScope): LookupResult {
  const fail = (why: string): LookupResult => ({ found: false, message: `${ref.raw}: ${why}` });
  if (!scope.has(ref.root)) return fail(`unknown reference "${ref.root}"`);
  const rootValue = scope.get(ref.root);
  if (rootValue === undefined) return fail(undefinedMessage(ref, rootValue, []));
  let value = rootValue;
  for (let i = 0; i < ref.path.length; i++) {
    const segment = ref.path[i] as string | number;
    const step = walkSegment(value, segment, formatReferencePath(ref.root, ref.path.slice(0, i)));
    if (!step.ok) {
      // A step result without `output` (pending, skipped) reads like one whose output is undefined.
      const absentStepField =
        i === 0 && isStepField(ref.root, segment) && isObject(value) && !Object.hasOwn(value, segment);
      return fail(absentStepField ? undefinedMessage(ref, rootValue, [segment]) : step.why);
    }
    if (step.value === undefined) return fail(undefinedMessage(ref, rootValue, ref.path.slice(0, i + 1)));
    value = step.value;
  }
  return { found: true, value };
}
