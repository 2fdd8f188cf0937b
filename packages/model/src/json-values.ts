// Rules for JSON-like values shared by validation and run time: what counts as an object, and deep equality.

/** Comparisons of values with more nodes than this give up (see {@link jsonEquals}). */
export const MAX_COMPARED_NODES = 1_000_000;

/**
 * True for an object that is not an array and not a date (a JSON object, a TOML table).
 *
 * @example
 * isJsonObject({ a: 1 }); // true
 * isJsonObject([1]); // false
 */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Deep equality of JSON values, without coercion: arrays element by element, objects key by key in any
 * order, `0` equal to `-0`. Iterative, so deep values cannot overflow the stack; returns `undefined`
 * when the values have more than `maxNodes` nodes (the caller decides what that means).
 *
 * @example
 * jsonEquals({ a: [1, 2], b: null }, { b: null, a: [1, 2] }); // true
 */
export function jsonEquals(a: unknown, b: unknown, maxNodes = MAX_COMPARED_NODES): boolean | undefined {
  const stack: [unknown, unknown][] = [[a, b]];
  let budget = maxNodes;
  while (stack.length > 0) {
    if (--budget < 0) return undefined;
    const [x, y] = stack.pop() as [unknown, unknown];
    if (Object.is(x, y) || (x === 0 && y === 0)) continue;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], y[i]]);
    } else if (isJsonObject(x) && isJsonObject(y)) {
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
