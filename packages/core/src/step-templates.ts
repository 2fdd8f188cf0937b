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
]);

/** Every string in a value with its key path relative to the value (arrays and tables walked). */
export function* stringsIn(value: unknown, path: (string | number)[]): Generator<[string, (string | number)[]]> {
  if (typeof value === 'string') yield [value, path];
  else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* stringsIn(value[i], [...path, i]);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* stringsIn(v, [...path, k]);
  }
}

/** Every templated string of a step (raw TOML table or definition) with its key path relative to the step. */
export function* templatedStrings(step: Readonly<Record<string, unknown>>): Generator<[string, (string | number)[]]> {
  for (const [key, value] of Object.entries(step)) {
    if (!NOT_TEMPLATED.has(key)) yield* stringsIn(value, [key]);
  }
}

/** The references of a step's templates and of its `when` (an unparsable condition gives none). */
export function stepReferences(step: Readonly<Record<string, unknown>>): Reference[] {
  const refs: Reference[] = [];
  for (const [text] of templatedStrings(step)) if (text.includes('{')) refs.push(...listReferences(text));
  if (typeof step.when === 'string') {
    try {
      refs.push(...conditionReferences(parseCondition(step.when)));
    } catch {
      // reported by the reference check
    }
  }
  return refs;
}

/** The roots referenced by a raw step (for "references imply order" in the parser). */
export function stepReferenceRoots(raw: Readonly<Record<string, unknown>>): string[] {
  return stepReferences(raw).map((ref) => ref.root);
}
