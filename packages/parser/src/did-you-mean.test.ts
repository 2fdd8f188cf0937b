// Tests of the "did you mean" suggestions: the suggestions themselves, and bounds on the work they do.
import { describe, expect, it } from 'vitest';
import {
  boundedDistance,
  closestName,
  MAX_SUGGESTED_LENGTH,
  NameSuggester,
  suggestionBudget,
  suggestName,
} from './did-you-mean.js';

describe('closestName', () => {
  const keys = ['depends_on', 'description', 'step_type', 'timeout', 'id', 'when'];
  it.each([
    ['depend_on', 'depends_on'],
    ['dependson', 'depends_on'],
    ['descripton', 'description'],
    ['setp_type', 'step_type'],
    ['TIMEOUT', 'timeout'],
    ['timout', 'timeout'],
  ])('%s -> %s', (word, expected) => {
    expect(closestName(word, keys)).toBe(expected);
  });

  it.each(['colour', 'xyz', 'retries'])('%s has no close match', (word) => {
    expect(closestName(word, keys)).toBeUndefined();
  });

  it('lists the allowed names when nothing is close', () => {
    expect(suggestName('zzz', ['a', 'b'])).toBe('allowed keys: a, b');
    expect(suggestName('whn', keys)).toBe('did you mean "when"?');
  });

  it('with minDistance 0, short words get no suggestion', () => {
    expect(closestName('ab', ['ac'], { minDistance: 0 })).toBeUndefined();
    expect(closestName('ab', ['ac'])).toBe('ac');
  });
});

describe('boundedDistance', () => {
  const distance = (a: string, b: string, limit = 10) => boundedDistance(a, b, limit, suggestionBudget());
  it.each([
    ['kitten', 'sitting', 3],
    ['abcd', 'abdc', 1],
    ['', 'abc', 3],
    ['same', 'same', 0],
    ['flaw', 'lawn', 2],
  ])('%s / %s = %d', (a, b, expected) => {
    expect(distance(a, b)).toBe(expected);
    expect(distance(b, a)).toBe(expected);
  });

  it('answers limit + 1 beyond the limit, computing only a band of cells', () => {
    const budget = suggestionBudget(1_000_000);
    expect(boundedDistance('a'.repeat(60), 'b'.repeat(60), 2, budget)).toBe(3);
    // Row 3 is the first past the limit: at most three bands of 2 * 2 + 1 cells were computed.
    expect(1_000_000 - budget.cells).toBeLessThanOrEqual(15 + 8);
    const long = suggestionBudget(1_000_000);
    expect(boundedDistance(`${'a'.repeat(60)}x`, `${'a'.repeat(60)}y`, 2, long)).toBe(1);
    expect(1_000_000 - long.cells).toBeLessThanOrEqual(61 * 5 + 8);
  });
});

describe('NameSuggester bounds', () => {
  it('gives no suggestion for words longer than the cap (and does no work)', () => {
    const budget = suggestionBudget(100);
    const long = 'x'.repeat(MAX_SUGGESTED_LENGTH + 1);
    expect(new NameSuggester([long, `${long}y`], { budget }).closest(`${long}z`)).toBeUndefined();
    expect(budget.cells).toBe(100);
  });

  it('never compares strings over the cap, even when asked directly', () => {
    const budget = suggestionBudget(100);
    expect(boundedDistance('a'.repeat(60_000), 'a'.repeat(60_001), 5, budget)).toBe(6);
    expect(budget.cells).toBe(100);
  });

  it('a 60,000-character word against a 60,000-character candidate costs nothing', () => {
    const budget = suggestionBudget(100);
    expect(closestName('a'.repeat(60_000), ['b'.repeat(60_000)], { budget })).toBeUndefined();
    expect(budget.cells).toBe(100);
  });

  it('compares a bounded number of candidates per word, whatever their count', () => {
    const candidates = Array.from({ length: 20_000 }, (_, i) => `step${i}`);
    const budget = suggestionBudget(Number.MAX_SAFE_INTEGER);
    const suggester = new NameSuggester(candidates, { budget });
    suggester.closest('missing1');
    const oneWord = Number.MAX_SAFE_INTEGER - budget.cells;
    // 200 candidates at most, each a band of at most 13 cells per row over 8 rows, plus its set-up.
    expect(oneWord).toBeLessThanOrEqual(200 * (13 * 8 + 8));
  });

  it('stops suggesting once the shared budget is spent', () => {
    const budget = suggestionBudget(50);
    const suggester = new NameSuggester(['alpha', 'bravo'], { budget });
    expect(suggester.closest('alpah')).toBe('alpha');
    budget.cells = 0;
    expect(suggester.closest('bravp')).toBeUndefined();
  });

  it('prefers the candidate of the nearest length and smallest distance', () => {
    expect(closestName('fetch_dat', ['fetch_data', 'fetch_date_x', 'fetch'])).toBe('fetch_data');
  });
});
