// TurnSlices: every item handled once, in order, no more than a slice per event-loop turn, other work in between.
import { describe, expect, it } from 'vitest';
import { TurnSlices } from './turn-slices.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TurnSlices', () => {
  it('handles a burst a slice per event-loop turn, in order', async () => {
    const handled: number[] = [];
    const slices = new TurnSlices<number>((n) => handled.push(n), 4);
    slices.push(Array.from({ length: 10 }, (_, i) => i));
    expect(handled).toEqual([0, 1, 2, 3]);
    expect(slices.backlog).toBe(6);
    await nextTurn();
    expect(handled).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await nextTurn();
    expect(handled).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(slices.backlog).toBe(0);
  });

  it('queues what arrives during a slice or while one is due after what waits', async () => {
    const handled: string[] = [];
    const slices: TurnSlices<string> = new TurnSlices<string>((item) => {
      handled.push(item);
      if (item === 'a') slices.push(['late']);
    }, 2);
    slices.push(['a', 'b', 'c']);
    slices.push(['d']);
    expect(handled).toEqual(['a', 'b']);
    await nextTurn();
    await nextTurn();
    expect(handled).toEqual(['a', 'b', 'c', 'late', 'd']);
  });

  it('goes on with the next items after a handler throws', async () => {
    const handled: number[] = [];
    const slices = new TurnSlices<number>((n) => {
      if (n === 1) throw new Error('boom');
      handled.push(n);
    }, 10);
    expect(() => slices.push([0, 1, 2])).toThrow('boom');
    await nextTurn();
    expect(handled).toEqual([0, 2]);
    slices.push([3]);
    expect(handled).toEqual([0, 2, 3]);
  });

  it('refuses a slice size that is not a positive integer', () => {
    expect(() => new TurnSlices(() => undefined, 0)).toThrow(RangeError);
    expect(() => new TurnSlices(() => undefined, 1.5)).toThrow(RangeError);
  });
});
