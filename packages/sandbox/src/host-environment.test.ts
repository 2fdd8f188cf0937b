import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostEnvironment } from './host-environment.js';

const ADDED = {
  SKILL_TOKEN: 'server-token-0123456789abcdef0123456789',
  SKILL_DATABASE_URL: 'postgres://app:db-password@127.0.0.1/skill',
  SKILL_SECRET_API_KEY: 'sk-123',
  GITHUB_TOKEN: 'ghp_x',
  LC_TIME: 'C',
  TZ: 'UTC',
  no_proxy: 'localhost',
  HTTPS_PROXY: 'http://proxy.invalid:3128',
};
let saved: NodeJS.ProcessEnv;

beforeEach(() => {
  saved = { ...process.env };
  Object.assign(process.env, ADDED);
});
afterEach(() => {
  for (const key of Object.keys(ADDED)) if (!(key in saved)) delete process.env[key];
});

describe('hostEnvironment', () => {
  it('inherit: everything but the SKILL_SECRET_* variables', () => {
    const env = hostEnvironment('inherit');
    expect(env.SKILL_SECRET_API_KEY).toBeUndefined();
    expect(env).toMatchObject({ SKILL_TOKEN: ADDED.SKILL_TOKEN, GITHUB_TOKEN: 'ghp_x', PATH: process.env.PATH });
    expect(hostEnvironment()).toEqual(env);
  });

  it('clean: only PATH, HOME, locale, TZ, TMPDIR, USER, SHELL, TERM and proxies (any case)', () => {
    const env = hostEnvironment('clean');
    for (const key of ['SKILL_TOKEN', 'SKILL_DATABASE_URL', 'SKILL_SECRET_API_KEY', 'GITHUB_TOKEN']) {
      expect(env[key], key).toBeUndefined();
    }
    expect(env).toMatchObject({ LC_TIME: 'C', TZ: 'UTC', no_proxy: 'localhost', HTTPS_PROXY: ADDED.HTTPS_PROXY });
    expect(env.PATH).toBe(process.env.PATH);
    const allowed = /^(PATH|HOME|LANG|LANGUAGE|LC_[A-Z_]+|TZ|TMPDIR|USER|LOGNAME|SHELL|TERM|(HTTP|HTTPS|NO)_PROXY)$/i;
    expect(Object.keys(env).filter((key) => !allowed.test(key))).toEqual([]);
  });
});
