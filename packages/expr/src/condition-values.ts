// The value rules of conditions: deep JSON equality, ordering, membership and truthiness.
import { WorkflowError } from '@skill/workflow-model';

/** Comparing values with more nodes than this fails instead of running on. */
const MAX_COMPARED_NODES = 1_000_000;
const NUMERIC_STRING = /^\s*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$/;

/** The number a string spells (`'42'`, `' 1.5 '`, `'-3e2'`), or undefined. */
function numericString(text: string): number | undefined {
  if (!NUMERIC_STRING.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values (no coercion), iterative so deep values cannot overflow the stack. */
function deepEqual(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  let budget = MAX_COMPARED_NODES;
  while (stack.length > 0) {
    if (--budget < 0) {
      throw new WorkflowError('CONDITION_ERROR', `values too large to compare (more than ${MAX_COMPARED_NODES} nodes)`);
    }
    const [x, y] = stack.pop() as [unknown, unknown];
    if (Object.is(x, y) || (x === 0 && y === 0)) continue;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], y[i]]);
    } else if (isRecord(x) && isRecord(y)) {
      const keys = Object.keys(x);
      if (keys.length !== Object.keys(y).length) return false;
      for (const key of keys) {
        if (!Object.hasOwn(y, key)) return false;
        stack.push([x[key], y[key]]);
      }
    } else {
      return false;
    }
  }
  return true;
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
  if (isRecord(container)) return Object.hasOwn(container, key);
  return false;
}

/** false, null, missing, 0, '' and [] are false; everything else is true. */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '') return false;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (Array.isArray(value)) return value.length > 0;
  return true;
}
