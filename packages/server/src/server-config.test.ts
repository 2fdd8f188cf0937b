// configFromEnv: defaults, SKILL_* variables, flags winning over them, paths made absolute, bad values refused.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useTempDir } from '@skill/test-kit';
import { isWorkflowError } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from './server-config.js';

const cwd = path.resolve('/srv/project');
/** A token long enough (32 characters or more). */
const T0K = 't0k-0123456789abcdef0123456789abcdef';

function errorOf(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (isWorkflowError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a WorkflowError');
}

/** The checkout's built dashboard, which the server serves by default. */
const dashboard = fileURLToPath(new URL('../../../apps/web/dist/index.html', import.meta.url));

describe('configFromEnv', () => {
  it('defaults to 127.0.0.1:3000, .workflows, the embedded SQLite file and a 10 s grace', () => {
    expect(configFromEnv({}, { cwd })).toEqual({
      cwd,
      port: 3000,
      host: '127.0.0.1',
      workflowsDir: path.join(cwd, '.workflows'),
      databaseUrl: path.join(cwd, '.skill', 'executions.db'),
      allowUntrusted: false,
      untrustedSecrets: [],
      untrustedMcpServers: [],
      apiTrust: 'user-provided',
      allowedNetworks: [],
      httpAllowList: [],
      shutdownGraceMs: 10_000,
      warmPool: { size: 2, idleMs: 120_000, memoryCeilingBytes: 8 * 1024 ** 3 },
      stepNice: 10,
      ...(existsSync(dashboard) ? { staticDir: path.dirname(dashboard) + path.sep } : {}),
      metrics: true,
    });
  });

  it('reads every SKILL_* variable, resolving relative paths against cwd', () => {
    const env = {
      SKILL_PORT: '8080',
      SKILL_HOST: '0.0.0.0',
      SKILL_WORKFLOWS_DIR: 'flows',
      SKILL_DATABASE_URL: 'data/x.db',
      SKILL_TOKEN: T0K,
      SKILL_ALLOW_UNTRUSTED: 'true',
      SKILL_UNTRUSTED_SECRETS: 'A, B',
      SKILL_UNTRUSTED_MCP_SERVERS: 'files, git',
      SKILL_API_TRUST: 'community',
      SKILL_DATA_DIR: 'data',
      SKILL_ALLOWED_NETWORKS: 'jobs, ci',
      SKILL_HTTP_ALLOW: '127.0.0.1:9000, 10.0.0.0/8',
      SKILL_SHUTDOWN_GRACE_MS: '2500',
      SKILL_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
      SKILL_STATIC_DIR: 'web',
      SKILL_METRICS: 'off',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318/',
      OTEL_SERVICE_NAME: 'flows',
      SKILL_WARM_POOL: '3',
      SKILL_MAX_RUNNING_EXECUTIONS: '16',
      SKILL_STEP_NICE: '0',
    };
    expect(configFromEnv(env, { cwd })).toEqual({
      cwd,
      port: 8080,
      host: '0.0.0.0',
      workflowsDir: path.join(cwd, 'flows'),
      databaseUrl: path.join(cwd, 'data', 'x.db'),
      token: T0K,
      allowUntrusted: true,
      untrustedSecrets: ['A', 'B'],
      untrustedMcpServers: ['files', 'git'],
      apiTrust: 'community',
      dataDir: path.join(cwd, 'data'),
      allowedNetworks: ['jobs', 'ci'],
      httpAllowList: ['127.0.0.1:9000', '10.0.0.0/8'],
      shutdownGraceMs: 2500,
      allowedOrigins: ['https://a.example', 'https://b.example'],
      staticDir: path.join(cwd, 'web'),
      metrics: false,
      tracing: { endpoint: 'http://127.0.0.1:4318/v1/traces', serviceName: 'flows' },
      warmPool: { size: 3, idleMs: 120_000, memoryCeilingBytes: 8 * 1024 ** 3 },
      maxRunningExecutions: 16,
      stepNice: 0,
    });
  });

  it('lets flags win over the environment, and ignores empty variables', () => {
    const env = { SKILL_PORT: '8080', SKILL_TOKEN: `env-${T0K}`, SKILL_ALLOW_UNTRUSTED: '1', SKILL_HOST: '' };
    const config = configFromEnv(env, {
      cwd,
      port: 0,
      token: `flag-${T0K}`,
      allowUntrusted: false,
      databaseUrl: 'postgres://u@127.0.0.1/db',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      token: `flag-${T0K}`,
      allowUntrusted: false,
      databaseUrl: 'postgres://u@127.0.0.1/db',
    });
  });

  it('refuses a bad port, grace period or boolean', () => {
    expect(errorOf(() => configFromEnv({ SKILL_PORT: '99999' }, { cwd }))).toEqual({
      code: 'INVALID_VALUE',
      message: 'SKILL_PORT must be a whole number from 0 to 65535, got "99999"',
    });
    expect(errorOf(() => configFromEnv({ SKILL_PORT: 'http' }, { cwd })).code).toBe('INVALID_VALUE');
    expect(errorOf(() => configFromEnv({ SKILL_SHUTDOWN_GRACE_MS: '-1' }, { cwd })).code).toBe('INVALID_VALUE');
    expect(errorOf(() => configFromEnv({ SKILL_ALLOW_UNTRUSTED: 'maybe' }, { cwd }))).toEqual({
      code: 'INVALID_VALUE',
      message: 'SKILL_ALLOW_UNTRUSTED must be 1/true/yes or 0/false/no, got "maybe"',
    });
    expect(errorOf(() => configFromEnv({}, { cwd, port: 70_000 })).code).toBe('INVALID_VALUE');
  });

  it('sizes the warm pool from SKILL_WARM_POOL* (the flag wins; 0 turns it off) and refuses a bad size', () => {
    const env = { SKILL_WARM_POOL: '4', SKILL_WARM_POOL_IDLE: '30s', SKILL_WARM_POOL_MEMORY: '1g' };
    expect(configFromEnv(env, { cwd }).warmPool).toEqual({ size: 4, idleMs: 30_000, memoryCeilingBytes: 1024 ** 3 });
    expect(configFromEnv(env, { cwd, warmPoolSize: 0 }).warmPool.size).toBe(0);
    expect(errorOf(() => configFromEnv({ SKILL_WARM_POOL: 'many' }, { cwd }))).toEqual({
      code: 'INVALID_VALUE',
      message: 'SKILL_WARM_POOL must be an integer from 0 to 32 (0 turns the pool off), got "many"',
    });
  });

  it('refuses a SKILL_STEP_NICE that is not a whole number from 0 to 19', () => {
    for (const value of ['20', '-1', 'low', '1.5']) {
      expect(errorOf(() => configFromEnv({ SKILL_STEP_NICE: value }, { cwd }))?.message).toMatch(
        /SKILL_STEP_NICE must be a whole number from 0 to 19/,
      );
    }
    expect(configFromEnv({ SKILL_STEP_NICE: '19' }, { cwd }).stepNice).toBe(19);
  });

  it('refuses a SKILL_MAX_RUNNING_EXECUTIONS that is not a whole number of at least 1', () => {
    for (const value of ['0', '-1', 'lots', '2.5', '99999999']) {
      expect(errorOf(() => configFromEnv({ SKILL_MAX_RUNNING_EXECUTIONS: value }, { cwd }))?.code).toBe(
        'INVALID_VALUE',
      );
    }
  });
});

describe('configFromEnv: the token', () => {
  const folder = useTempDir('skill-token-');

  it('refuses a token shorter than 32 characters, from the environment or a flag', () => {
    const short = {
      code: 'INVALID_VALUE',
      message: 'the server token must be at least 32 characters, this one has 10; make one with: openssl rand -hex 32',
    };
    expect(errorOf(() => configFromEnv({ SKILL_TOKEN: '0123456789' }, { cwd }))).toEqual(short);
    expect(errorOf(() => configFromEnv({}, { cwd, token: '0123456789' }))).toEqual(short);
    expect(configFromEnv({ SKILL_TOKEN: 'x'.repeat(32) }, { cwd }).token).toBe('x'.repeat(32));
  });

  it('reads SKILL_TOKEN_FILE or --token-file (first line, trimmed), the flag first, relative to cwd', async () => {
    const dir = folder();
    await writeFile(path.join(dir, 'env-token'), `${T0K}-env\n`, { mode: 0o600 });
    await writeFile(path.join(dir, 'flag-token'), `  ${T0K}-flag  \nignored\n`, { mode: 0o600 });
    expect(configFromEnv({ SKILL_TOKEN_FILE: 'env-token' }, { cwd: dir }).token).toBe(`${T0K}-env`);
    const both = configFromEnv(
      { SKILL_TOKEN_FILE: 'env-token', SKILL_TOKEN: `${T0K}-var` },
      { cwd: dir, tokenFile: 'flag-token' },
    );
    expect(both.token).toBe(`${T0K}-flag`);
    expect(configFromEnv({ SKILL_TOKEN_FILE: 'env-token', SKILL_TOKEN: `${T0K}-var` }, { cwd: dir }).token).toBe(
      `${T0K}-var`,
    );
  });

  it('refuses a token file group or others may read, a missing one, an empty one and a short token in one', async () => {
    const dir = folder();
    const open = path.join(dir, 'open-token');
    await writeFile(open, T0K, { mode: 0o644 });
    expect(errorOf(() => configFromEnv({ SKILL_TOKEN_FILE: open }, { cwd }))).toEqual({
      code: 'TOKEN_FILE_UNSAFE',
      message: `token file ${open} may be read by group or others (mode 644); run: chmod 600 ${open}`,
    });
    expect(errorOf(() => configFromEnv({}, { cwd: dir, tokenFile: 'nope' }))).toEqual({
      code: 'INVALID_VALUE',
      message: `token file ${path.join(dir, 'nope')} does not exist`,
    });
    await writeFile(path.join(dir, 'empty-token'), '\n', { mode: 0o600 });
    expect(errorOf(() => configFromEnv({ SKILL_TOKEN_FILE: 'empty-token' }, { cwd: dir })).message).toContain(
      'is empty',
    );
    await writeFile(path.join(dir, 'short-token'), 'short\n', { mode: 0o600 });
    expect(errorOf(() => configFromEnv({ SKILL_TOKEN_FILE: 'short-token' }, { cwd: dir })).message).toContain(
      'at least 32 characters, this one has 5',
    );
  });
});

describe('configFromEnv: the HTTP allow-list', () => {
  it('refuses a malformed SKILL_HTTP_ALLOW entry at start, naming it', () => {
    expect(errorOf(() => configFromEnv({ SKILL_HTTP_ALLOW: '10.0.0.0/8, 10.0.0.0/40' }, { cwd }))).toEqual({
      code: 'INVALID_VALUE',
      message:
        'HTTP allow-list entry "10.0.0.0/40" is invalid: prefix /40 (use a hostname, an IP, ip:port, [ipv6]:port or a CIDR range such as 10.0.0.0/8)',
    });
  });
});
