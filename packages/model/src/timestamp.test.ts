// parseTimestamp: RFC 3339 with an offset only.
import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './timestamp.js';

describe('parseTimestamp', () => {
  it('reads UTC and offset forms, fractions included', () => {
    expect(parseTimestamp('1970-01-01T00:00:01Z')).toBe(1000);
    expect(parseTimestamp('1970-01-01T01:00:01+01:00')).toBe(1000);
    expect(parseTimestamp('1970-01-01T00:00:01.250Z')).toBe(1250);
  });
  it('refuses dates without a time or an offset, and nonsense', () => {
    for (const text of ['1970-01-01', '1970-01-01T00:00:01', 'tomorrow', '', '1970-13-01T00:00:00Z x']) {
      expect(parseTimestamp(text)).toBeUndefined();
    }
  });
});
