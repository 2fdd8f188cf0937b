// Tests of parseMemory and formatBytes: accepted forms, exact values, rejected forms, and sizes written back.
import { describe, expect, it } from 'vitest';
import { formatBytes, parseMemory } from './memory-size.js';

describe('parseMemory', () => {
  const MiB = 1024 * 1024;
  it.each([
    ['512m', 512 * MiB],
    ['512MB', 512 * MiB],
    ['512Mi', 512 * MiB],
    ['512mib', 512 * MiB],
    ['2g', 2 * 1024 * MiB],
    ['2GB', 2 * 1024 * MiB],
    ['1024k', MiB],
    ['1KB', 1024],
    ['1.5g', 1.5 * 1024 * MiB],
    ['1t', 1024 * 1024 * MiB],
    ['100b', 100],
    ['100', 100],
    [4096, 4096],
  ] as const)('%j is %d bytes', (value, bytes) => {
    expect(parseMemory(value)).toBe(bytes);
  });

  it.each(['512 potatoes', '512 MB', '-1m', '', 'm', '12xb', '1.g'] as const)('rejects %j', (value) => {
    expect(() => parseMemory(value)).toThrow(expect.objectContaining({ code: 'INVALID_MEMORY' }));
  });

  it.each([-5, Number.NaN])('rejects the number %d', (value) => {
    expect(() => parseMemory(value)).toThrow(expect.objectContaining({ code: 'INVALID_MEMORY' }));
  });
});

describe('formatBytes', () => {
  it('uses the largest whole binary unit', () => {
    expect(formatBytes(64 * 1024 * 1024)).toBe('64 MiB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2 GiB');
    expect(formatBytes(1536 * 1024 * 1024)).toBe('1536 MiB');
    expect(formatBytes(6 * 1024 * 1024 + 1)).toBe('6291457 bytes');
  });

  it('is read back by parseMemory', () => {
    for (const bytes of [100, 800 * 1024, 1536 * 1024 ** 2, 2 * 1024 ** 3]) {
      expect(parseMemory(formatBytes(bytes).replace(' bytes', '').replace(' ', ''))).toBe(bytes);
    }
  });
});
