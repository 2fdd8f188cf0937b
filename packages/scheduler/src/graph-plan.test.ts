// computeLevels and plan building: levels, ignored unknown dependencies, duplicate ids and named cycles.
import { describe, expect, it } from 'vitest';
import { leaf } from '../test/scheduler-fixture.js';
import { computeLevels } from './index.js';

describe('computeLevels', () => {
  it('groups steps by longest dependency path', () => {
    const steps = [
      leaf('report', { depends_on: ['parse', 'lint'] }),
      leaf('fetch'),
      leaf('parse', { depends_on: ['fetch'] }),
      leaf('lint', { depends_on: ['fetch'] }),
      leaf('alone'),
      leaf('late', { depends_on: ['fetch', 'report'] }),
    ];
    expect(computeLevels(steps)).toEqual([['fetch', 'alone'], ['parse', 'lint'], ['report'], ['late']]);
  });

  it('returns no levels for no steps and ignores unknown dependencies', () => {
    expect(computeLevels([])).toEqual([]);
    expect(computeLevels([leaf('a', { depends_on: ['ghost'] })])).toEqual([['a']]);
  });

  it('names the cycle', () => {
    const steps = [
      leaf('a', { depends_on: ['c'] }),
      leaf('b', { depends_on: ['a'] }),
      leaf('c', { depends_on: ['b'] }),
      leaf('d'),
    ];
    expect(() => computeLevels(steps)).toThrow('dependency cycle: b -> c -> a -> b');
    expect(() => computeLevels([leaf('s', { depends_on: ['s'] })])).toThrow('dependency cycle: s -> s');
  });

  it('refuses duplicate ids', () => {
    expect(() => computeLevels([leaf('a'), leaf('a')])).toThrow('duplicate step id "a"');
  });
});
