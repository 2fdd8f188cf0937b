// Walks the templated strings of a step (its own fields, not its loop's steps) and lists their references.
import { conditionReferences, listReferences, parseCondition, type Reference } from '@skill/workflow-expr';

/**
 * Fields that hold no templates (the engine reads them itself): the reference check skips them and run
 * time hands them to executors unresolved; every other field is checked and resolved.
 */
export const NOT_TEMPLATED: ReadonlySet<string> = new Set([
  'id',
  'step_type',
  'description',
  'depends_on',
  'inferred_depends_on',
  'when',
  'timeout_ms',
  'retry',
  'continue_on_error',
  'location',
  'loop',
  // approval steps: the form is read by the engine; sleep steps: a parsed duration
  'fields',
  'on_timeout',
  'decision_timeout_ms',
  'duration_ms',
  // a workflow step's child is named literally: data never chooses which workflow runs
  'workflow',
  'runs_on',
]);

/** Pushes each string of `value` holding a `{` to `out`, with its key path; `path` is the walk's own stack, copied at each hit. */
function collectTemplates(value: unknown, path: (string | number)[], out: [string, (string | number)[]][]): void {
  if (typeof value === 'string') {
    if (value.includes('{')) out.push([value, [...path]]);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      collectTemplates(value[i], path, out);
      path.pop();
    }
  } else if (value && typeof value === 'object') {
    const table = value as Record<string, unknown>;
    for (const key of Object.keys(table)) {
      path.push(key);
      collectTemplates(table[key], path, out);
      path.pop();
    }
  }
}

/**
 * The strings of a step (raw TOML table or definition) that may hold templates (those with a `{`), with
 * their key paths relative to the step, in field order; fields in {@link NOT_TEMPLATED} are skipped.
 */
export function templateTexts(step: Readonly<Record<string, unknown>>): readonly [string, (string | number)[]][] {
  let out: [string, (string | number)[]][] | undefined;
  // Object.keys rather than for-in: raw TOML tables are dictionaries, definitions are not, and a for-in over
  // both made the optimised code of this function bail out again and again
  const keys = Object.keys(step);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (NOT_TEMPLATED.has(key)) continue;
    const value = step[key];
    const found = typeof value === 'string' ? value.includes('{') : value !== null && typeof value === 'object';
    if (!found || (typeof value === 'object' && !holdsBrace(value as object))) continue;
    out ??= [];
    if (typeof value === 'string') out.push([value, [key]]);
    else collectTemplates(value, [key], out);
  }
  return out ?? NO_TEXTS;
}

/** What most steps hold: no template (shared, so that such a step allocates nothing). */
const NO_TEXTS: readonly [string, (string | number)[]][] = Object.freeze([]);

/** True when a string somewhere in `value` (an array or table) holds a `{`; no allocation for the usual `{}`. */
function holdsBrace(value: object): boolean {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'string' ? item.includes('{') : item !== null && typeof item === 'object' && holdsBrace(item))
        return true;
    }
    return false;
  }
  const table = value as Record<string, unknown>;
  for (const key in table) {
    const item = table[key];
    if (typeof item === 'string' ? item.includes('{') : item !== null && typeof item === 'object' && holdsBrace(item))
      return true;
  }
  return false;
}

/** The references of a step's templates and of its `when` (an unparsable condition gives none). */
export function stepReferences(step: Readonly<Record<string, unknown>>): Reference[] {
  const refs: Reference[] = [];
  for (const [text] of templateTexts(step)) for (const ref of listReferences(text)) refs.push(ref);
  if (typeof step.when === 'string') {
    try {
      refs.push(...conditionReferences(parseCondition(step.when)));
    } catch {
      // reported by the reference check
    }
  }
  return refs;
}

/** The roots referenced by a raw step (for "references imply order" in the parser), in {@link stepReferences} order. */
export function stepReferenceRoots(raw: Readonly<Record<string, unknown>>): readonly string[] {
  const texts = templateTexts(raw);
  if (texts.length === 0 && typeof raw.when !== 'string') return NO_ROOTS;
  return stepReferences(raw).map((ref) => ref.root);
}

/** What most steps reference: nothing (shared, so that a step without templates allocates nothing more). */
const NO_ROOTS: readonly string[] = Object.freeze([]);
