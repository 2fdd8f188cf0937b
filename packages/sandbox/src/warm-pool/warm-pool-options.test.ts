// Warm pool settings from text: defaults, SKILL_WARM_POOL* variables and clear errors naming the setting.
import { describe, expect, it } from 'vitest';
import { parseWarmPoolSettings, WARM_POOL_DEFAULTS, warmPoolFromEnv } from './warm-pool-options.js';

describe('warmPoolFromEnv', () => {
  it('takes the defaults when nothing is set', () => {
    expect(warmPoolFromEnv({})).toEqual(WARM_POOL_DEFAULTS);
    expect(warmPoolFromEnv({ SKILL_WARM_POOL: '  ' })).toEqual(WARM_POOL_DEFAULTS);
  });

  it('reads size, idle time and memory ceiling; 0 turns the pool off', () => {
    const env = { SKILL_WARM_POOL: '4', SKILL_WARM_POOL_IDLE: '5m', SKILL_WARM_POOL_MEMORY: '512m' };
    expect(warmPoolFromEnv(env)).toEqual({ size: 4, idleMs: 300_000, memoryCeilingBytes: 512 * 1024 ** 2 });
    expect(warmPoolFromEnv({ SKILL_WARM_POOL: '0' }).size).toBe(0);
    expect(warmPoolFromEnv({ SKILL_WARM_POOL_IDLE: '90' }).idleMs).toBe(90_000);
  });

  it('keeps the given defaults for what is not set (the CLI: off unless sized)', () => {
    expect(warmPoolFromEnv({}, { ...WARM_POOL_DEFAULTS, size: 0 }).size).toBe(0);
    expect(warmPoolFromEnv({ SKILL_WARM_POOL: '3' }, { ...WARM_POOL_DEFAULTS, size: 0 }).size).toBe(3);
  });

  it('refuses bad values with INVALID_VALUE naming the variable', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ SKILL_WARM_POOL: '-1' }, /SKILL_WARM_POOL must be an integer from 0 to 32 .*got "-1"/],
      [{ SKILL_WARM_POOL: '2.5' }, /SKILL_WARM_POOL must be an integer/],
      [{ SKILL_WARM_POOL: '33' }, /SKILL_WARM_POOL must be an integer from 0 to 32/],
      [{ SKILL_WARM_POOL: 'lots' }, /SKILL_WARM_POOL must be an integer/],
      [{ SKILL_WARM_POOL_IDLE: 'soon' }, /SKILL_WARM_POOL_IDLE must be a duration such as 90s or 5m, got "soon"/],
      [{ SKILL_WARM_POOL_IDLE: '0s' }, /SKILL_WARM_POOL_IDLE must be a duration above 0/],
      [{ SKILL_WARM_POOL_MEMORY: 'big' }, /SKILL_WARM_POOL_MEMORY must be a memory size such as 4g or 512m, got "big"/],
    ];
    for (const [env, message] of cases) {
      expect(() => warmPoolFromEnv(env)).toThrow(message);
      try {
        warmPoolFromEnv(env);
      } catch (error) {
        expect((error as { code?: string }).code).toBe('INVALID_VALUE');
      }
    }
  });

  it('names flags the same way when they are parsed', () => {
    const names = { size: '--warm-pool', idle: '--warm-pool-idle', memory: '--warm-pool-memory' };
    expect(() => parseWarmPoolSettings({ size: 'x' }, names)).toThrow(/^--warm-pool must be/);
  });
});
