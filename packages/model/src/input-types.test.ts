// Tests of the input rules shared by the parser's checks of [inputs] and the engine's checks of given inputs.
import { describe, expect, it } from 'vitest';
import { inputTypeWithArticle, isAllowedInputValue, isInputType, matchesInputType } from './input-types.js';
import { INPUT_TYPES, type InputType } from './workflow.js';

describe('matchesInputType', () => {
  const cases: [InputType, unknown, boolean][] = [
    ['string', 'x', true],
    ['string', 1, false],
    ['number', 1.5, true],
    ['number', Number.NaN, false],
    ['number', Number.POSITIVE_INFINITY, false],
    ['number', '1', false],
    ['integer', 3, true],
    ['integer', 3.5, false],
    ['integer', '3', false],
    ['boolean', false, true],
    ['boolean', 'true', false],
    ['array', [], true],
    ['array', {}, false],
    ['object', { a: 1 }, true],
    ['object', [], false],
    ['object', null, false],
    ['object', new Date(0), false],
  ];
  it.each(cases)('%s accepts %o: %s', (type, value, expected) => {
    expect(matchesInputType(value, type)).toBe(expected);
  });
});

describe('isInputType', () => {
  it('knows the six input types and nothing else', () => {
    expect(INPUT_TYPES.every(isInputType)).toBe(true);
    expect(isInputType('float')).toBe(false);
    expect(isInputType('toString')).toBe(false);
  });
});

describe('isAllowedInputValue', () => {
  it('compares deeply, key order aside', () => {
    expect(isAllowedInputValue([{ a: 1, b: [2] }], { b: [2], a: 1 })).toBe(true);
    expect(isAllowedInputValue(['a', 'b'], 'c')).toBe(false);
    expect(isAllowedInputValue([1], '1')).toBe(false);
  });
});

describe('inputTypeWithArticle', () => {
  it('uses "an" before a vowel', () => {
    expect(INPUT_TYPES.map(inputTypeWithArticle)).toEqual([
      'a string',
      'a number',
      'an integer',
      'a boolean',
      'an array',
      'an object',
    ]);
  });
});
