// The rules of workflow inputs shared by validation (parser) and run time (core): type checks and allowed values.
import { isJsonObject, jsonEquals } from './json-values.js';
import { INPUT_TYPES, type InputType } from './workflow.js';

/** True for the name of an input type (`string`, `number`, `integer`, `boolean`, `array`, `object`). */
export function isInputType(name: string): name is InputType {
  return (INPUT_TYPES as readonly string[]).includes(name);
}

/**
 * True when `value` is a value of the input type `type`: numbers are finite, integers are numbers
 * without a fraction, objects are neither arrays nor dates.
 *
 * @example
 * matchesInputType(3, 'integer'); // true
 * matchesInputType('3', 'number'); // false
 */
export function matchesInputType(value: unknown, type: InputType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isJsonObject(value);
  }
}

/**
 * True when `value` is one of the `allowed` values of an input's `enum` (deep JSON equality; values too
 * large to compare count as not allowed).
 *
 * @example
 * isAllowedInputValue(['a', 'b'], 'b'); // true
 */
export function isAllowedInputValue(allowed: readonly unknown[], value: unknown): boolean {
  return allowed.some((candidate) => jsonEquals(candidate, value) === true);
}

/** `a string`, `an integer`: the input type with its article, as messages name it. */
export function inputTypeWithArticle(type: InputType): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
