// Tests of the JSON value rules: what an object is, and bounded deep equality.
import { describe, expect, it } from 'vitest';
import { isJsonObject, jsonEquals } from './json-values.js';

describe('isJsonObject', () => {
  it('is true for plain objects only', () => {
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject(Object.create(null))).toBe(true);
    expect([null, [], new Date(0), 'x', 1].map(isJsonObject)).toEqual([false, false, false, false, false]);
  });
});

describe('jsonEquals', () => {
  it('compares arrays in order and objects by key', () => {
    expect(jsonEquals([1, { a: 'x' }], [1, { a: 'x' }])).toBe(true);
    expect(jsonEquals([1, 2], [2, 1])).toBe(false);
    expect(jsonEquals({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(jsonEquals({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEquals({ a: undefined }, { b: undefined })).toBe(false);
  });

  it('does not coerce, and treats 0 and -0 as equal', () => {
    expect(jsonEquals(1, '1')).toBe(false);
    expect(jsonEquals(null, undefined)).toBe(false);
    expect(jsonEquals(0, -0)).toBe(true);
    expect(jsonEquals([], {})).toBe(false);
  });

  it('handles values nested deeper than the call stack, and gives up past the node budget', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonEquals(deep, deep)).toBe(true);
    const wide = Array.from({ length: 100 }, (_, i) => i);
    expect(jsonEquals(wide, [...wide], 50)).toBeUndefined();
    expect(jsonEquals(wide, [...wide], 500)).toBe(true);
  });
});
