// The value rules of conditions: deep JSON equality, ordering, membership and truthiness.
import { isJsonObject, jsonEquals, MAX_COMPARED_NODES, WorkflowError } from '@skill/workflow-model';

const NUMERIC_STRING = /^\s*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$/;

/** The number a string spells (`'42'`, `' 1.5 '`, `'-3e2'`), or undefined. */
function numericString(text: string): number | undefined {
  if (!NUMERIC_STRING.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Deep JSON equality; values too large to compare fail the condition instead of running on. */
function deepEqual(a: unknown, b: unknown): boolean {
  const equal = jsonEquals(a, b);
  if (equal === undefined) {
    throw new WorkflowError('CONDITION_ERROR', `values too large to compare (more than ${MAX_COMPARED_NODES} nodes)`);
  }
  return equal;
}

/**
 * `==` of conditions: deep JSON equality, except that a number and a string spelling a number
 * compare as numbers. `undefined` (a missing value) is `null`.
 */
export function conditionEquals(a: unknown, b: unknown): boolean {
  const x = a === undefined ? null : a;
  const y = b === undefined ? null : b;
  if (typeof x === 'number' && typeof y === 'string') return numericString(y) === x;
  if (typeof x === 'string' && typeof y === 'number') return numericString(x) === y;
  return deepEqual(x, y);
}

/** `<`, `<=`, `>`, `>=`: between two numbers or two strings; any other pair is false. */
export function conditionOrder(op: '<' | '<=' | '>' | '>=', a: unknown, b: unknown): boolean {
  const comparable =
    (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
  if (!comparable) return false;
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/** `x in y`: list membership (by `==`), substring of a string, or own key of an object. */
export function conditionContains(container: unknown, item: unknown): boolean {
  if (Array.isArray(container)) return container.some((entry) => conditionEquals(entry, item));
  const key = typeof item === 'number' || typeof item === 'boolean' ? String(item) : item;
  if (typeof key !== 'string') return false;
  if (typeof container === 'string') return container.includes(key);
  if (isJsonObject(container)) return Object.hasOwn(container, key);
  return false;
}

/** false, null, missing, 0, '' and [] are false; everything else is true. */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '') return false;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (Array.isArray(value)) return value.length > 0;
  return true;
}
