// formatTimeAgo() in each range.
import { describe, expect, it } from 'vitest';
import { formatTimeAgo } from './time-ago.js';

const now = Date.parse('2025-03-10T12:00:00Z');

describe('formatTimeAgo', () => {
  it('words the elapsed time from seconds to days', () => {
    expect(formatTimeAgo('2025-03-10T11:59:30Z', now)).toBe('just now');
    expect(formatTimeAgo('2025-03-10T12:00:05Z', now)).toBe('just now');
    expect(formatTimeAgo('2025-03-10T11:55:00Z', now)).toBe('5 min ago');
    expect(formatTimeAgo('2025-03-10T09:00:00Z', now)).toBe('3 h ago');
    expect(formatTimeAgo('2025-03-09T10:00:00Z', now)).toBe('yesterday');
    expect(formatTimeAgo('2025-03-01T12:00:00Z', now)).toBe('9 days ago');
  });

  it('answers a dash for a time it cannot read', () => {
    expect(formatTimeAgo('not a time', now)).toBe('—');
  });
});
