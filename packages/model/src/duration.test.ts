// Tests of parseDuration and formatDuration: accepted forms, exact values, and rejected forms.
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['5s', 5000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    ['2d', 172_800_000],
    ['0s', 0],
    [' 10s ', 10_000],
    ['30', 30_000],
    [30, 30_000],
    [0.25, 250],
    [0, 0],
  ] as const)('%j is %d ms', (value, ms) => {
    expect(parseDuration(value)).toBe(ms);
  });

  it.each(['5 minutes', '-1s', '', 'm', '5x', '1h 30m', '1.s', 's5', '5S'] as const)('rejects %j', (value) => {
    expect(() => parseDuration(value)).toThrow(expect.objectContaining({ code: 'INVALID_DURATION' }));
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects the number %d', (value) => {
    expect(() => parseDuration(value)).toThrow(expect.objectContaining({ code: 'INVALID_DURATION' }));
  });

  it('names the value and the accepted forms in the message', () => {
    expect(() => parseDuration('5 minutes')).toThrow(/invalid duration "5 minutes": .*"1h30m"/);
  });
});

describe('formatDuration', () => {
  it('writes durations the way users do', () => {
    expect(formatDuration(30)).toBe('30ms');
    expect(formatDuration(5000)).toBe('5s');
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(1_800_000)).toBe('30m');
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(3_600_000)).toBe('1h');
  });

  it('is read back by parseDuration', () => {
    for (const ms of [0, 30, 1500, 90_000, 5_400_000, 86_400_000]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
