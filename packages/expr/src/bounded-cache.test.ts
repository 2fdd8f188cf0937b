// Tests for BoundedCache: eviction by entry count and by total key length, oldest first.
import { describe, expect, it } from 'vitest';
import { BoundedCache } from './bounded-cache.js';

describe('BoundedCache', () => {
  it('evicts the oldest entry past the entry limit', () => {
    const cache = new BoundedCache<number>(2, 100);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.has('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([false, 2, 3, 2]);
  });

  it('evicts by total key length and refuses keys larger than the budget', () => {
    const cache = new BoundedCache<number>(10, 6);
    cache.set('aaa', 1);
    cache.set('bbb', 2);
    cache.set('cc', 3);
    expect([cache.has('aaa'), cache.has('bbb'), cache.has('cc')]).toEqual([false, true, true]);
    cache.set('x'.repeat(7), 4);
    expect([cache.has('x'.repeat(7)), cache.size]).toEqual([false, 2]);
  });
});
