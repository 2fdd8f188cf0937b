// Tests of the "did you mean" suggestions.
import { describe, expect, it } from 'vitest';
import { closestName, suggestName } from './did-you-mean.js';

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
});
