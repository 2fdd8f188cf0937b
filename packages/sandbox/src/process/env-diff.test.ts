import { describe, expect, it } from 'vitest';
import { envDiff, snapshotEnv } from './env-diff.js';

describe('envDiff', () => {
  const base = snapshotEnv({ HOME: '/home/me', PATH: '/bin', LANG: 'C', GONE: undefined });

  it('snapshots defined variables only', () => {
    expect(base.count).toBe(3);
    expect({ ...base.vars }).toEqual({ HOME: '/home/me', PATH: '/bin', LANG: 'C' });
    expect(Object.getPrototypeOf(base.vars)).toBe(null);
  });

  it('is empty for the same environment', () => {
    expect(envDiff(base, { PATH: '/bin', LANG: 'C', HOME: '/home/me' })).toEqual({ set: {} });
  });

  it('sets new and changed variables and unsets missing or undefined ones', () => {
    const diff = envDiff(base, { PATH: '/usr/bin', HOME: undefined, NEW: 'n' });
    expect({ ...diff.set }).toEqual({ PATH: '/usr/bin', NEW: 'n' });
    expect(diff.unset).toEqual(['HOME', 'LANG']);
  });

  it('reads inherited keys like spawn does and keeps odd names as plain variables', () => {
    const env = Object.create({ HOME: '/home/me', PATH: '/bin', LANG: 'C' }) as NodeJS.ProcessEnv;
    const proto = '__proto__';
    Object.defineProperty(env, proto, { value: 'x', enumerable: true });
    const diff = envDiff(base, env);
    expect(Object.keys(diff.set)).toEqual([proto]);
    expect(Object.getOwnPropertyDescriptor(diff.set, proto)?.value).toBe('x');
    expect(diff.unset).toBeUndefined();
    expect(JSON.parse(JSON.stringify(diff))).toEqual({ set: JSON.parse('{"__proto__":"x"}') });
  });

  it('sends non-string values in their string form', () => {
    const env = { HOME: '/home/me', PATH: '/bin', LANG: 'C', PORT: 8080 } as unknown as NodeJS.ProcessEnv;
    expect({ ...envDiff(base, env).set }).toEqual({ PORT: '8080' });
  });
});
