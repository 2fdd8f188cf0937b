// shapeOf(), childrenOf(), childPath() and startsOpen(): summaries, paging and paths of the JSON tree.
import { describe, expect, it } from 'vitest';
import { CHILDREN_PAGE, childPath, childrenOf, shapeOf, startsOpen } from './json-shape.js';

describe('shapeOf', () => {
  it('summarises containers with their size', () => {
    expect(shapeOf({ a: 1, b: 2, c: 3 })).toEqual({ kind: 'object', size: 3, summary: '{3 keys}' });
    expect(shapeOf({ a: 1 })).toMatchObject({ summary: '{1 key}' });
    expect(shapeOf({})).toMatchObject({ summary: '{0 keys}' });
    expect(shapeOf(Array.from({ length: 120 }, (_, i) => i))).toEqual({
      kind: 'array',
      size: 120,
      summary: '[120 items]',
    });
    expect(shapeOf(['x'])).toMatchObject({ summary: '[1 item]' });
  });

  it('renders leaves as JSON text', () => {
    expect(shapeOf('hi "you"')).toEqual({ kind: 'string', text: '"hi \\"you\\""' });
    expect(shapeOf(4.5)).toEqual({ kind: 'number', text: '4.5' });
    expect(shapeOf(false)).toEqual({ kind: 'boolean', text: 'false' });
    expect(shapeOf(null)).toEqual({ kind: 'null', text: 'null' });
    expect(shapeOf(undefined)).toEqual({ kind: 'null', text: 'null' });
  });
});

describe('childrenOf', () => {
  it('pages the children of arrays and objects', () => {
    const big = Array.from({ length: 250 }, (_, i) => i * 2);
    const first = childrenOf(big, CHILDREN_PAGE);
    expect(first).toHaveLength(100);
    expect(first[99]).toEqual(['99', 198]);
    expect(childrenOf(big, 1000)).toHaveLength(250);
    expect(childrenOf({ x: 1, y: [2] }, 10)).toEqual([
      ['x', 1],
      ['y', [2]],
    ]);
    expect(childrenOf('leaf', 10)).toEqual([]);
  });
});

describe('childPath', () => {
  it('uses dots for plain keys, brackets for indexes and other keys', () => {
    expect(childPath('$', 'user', 'object')).toBe('$.user');
    expect(childPath('$.items', '3', 'array')).toBe('$.items[3]');
    expect(childPath('$', 'a key', 'object')).toBe('$["a key"]');
  });
});

describe('startsOpen', () => {
  it('opens the root and small first-level containers only', () => {
    expect(startsOpen(0, 5000)).toBe(true);
    expect(startsOpen(1, 20)).toBe(true);
    expect(startsOpen(1, 21)).toBe(false);
    expect(startsOpen(2, 1)).toBe(false);
  });
});
