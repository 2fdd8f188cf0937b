// The server's configuration: defaults, `SKILL_*` environment variables and command-line flags (flags win).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CoordinationOptions,
  defaultStorePath,
  parseHttpAllowList,
  parseStepNice,
  readPrivateFile,
  resolveStoreUrl,
  STEP_NICE_VARIABLE,
  type WarmPoolOptions,
  warmPoolFromEnv,
} from '@skill/workflow-core';
import { type StepDispatcher, WorkflowError } from '@skill/workflow-model';
import { type TracingSettings, tracingSettings } from '@skill/workflow-telemetry';
import { coordinationFromEnv } from './coordination-config.js';

/** Everything {@link startServer} needs, fully resolved (absolute paths, numbers parsed). */
export interface ServerConfig {
  /** Project folder: relative paths resolve against it. */
  cwd: string;
  /** TCP port; 0 picks a free one. Default 3000. */
  port: number;
  /** Address to listen on. Default `127.0.0.1`. */
  host: string;
  /** Folder of trusted workflows. Default `<cwd>/.workflows`. */
  workflowsDir: string;
  /** `postgres://...`, `sqlite:/path` or a SQLite file. Default `<cwd>/.skill/executions.db`. */
  databaseUrl: string;
  /** Bearer token (at least 32 characters) required on HTTP, WebSocket and MCP; mandatory when `host` is not loopback. */
  token?: string;
  /** Let workflows created through the API or MCP run `command` steps and `unsafe_native` code. */
  allowUntrusted: boolean;
  /** Secrets (by name) that workflows created through the API or MCP may read; none by default. */
  untrustedSecrets: string[];
  /** MCP servers of skills.toml (by name) that workflows created through the API or MCP may call; none by default. */
  untrustedMcpServers: string[];
  /** Trust level of workflows created through the API or MCP. Default `user-provided`. */
  apiTrust: 'community' | 'user-provided';
  /** The only host folder that containers of untrusted workflows may bind-mount from; none by default. */
  dataDir?: string;
  /** Docker networks that user-provided workflows may join by name; none by default. */
  allowedNetworks: string[];
  /** Hosts, addresses or CIDR ranges untrusted `http` steps may reach although private or loopback. */
  httpAllowList: string[];
  /** How long running executions may go on at shutdown before they are left to resume. Default 10 s. */
  shutdownGraceMs: number;
  /** Browser origins allowed on the API, WebSocket and MCP (default: loopback origins only). */
  allowedOrigins?: string[];
  /** Folder of the built web dashboard to serve at `/`. */
  staticDir?: string;
  /** Serve Prometheus metrics at `GET /metrics` (same access rules as the API). Default true. */
  metrics: boolean;
  /** False to fire no schedule ([[triggers]]) in this server (SKILL_SCHEDULES=0); they fire by default. */
  schedules?: boolean;
  /** Export OpenTelemetry traces here (set from OTEL_EXPORTER_OTLP_ENDPOINT and friends); off when absent. */
  tracing?: TracingSettings;
  /** Warm containers for inline code and the code skills (default 2 per key; size 0 turns the pool off). */
  warmPool: WarmPoolOptions;
  /** Executions run at once; more wait as `pending` in the order they came (default: no limit). */
  maxRunningExecutions?: number;
  /**
   * How many nice levels below the server's CPU priority step processes run (SKILL_STEP_NICE, 0 to 19, default 10):
   * under contention the server answers requests before the steps it runs get the CPU.
   */
  stepNice: number;
  /** Leases and takeovers among servers sharing the store (default: on with PostgreSQL); see docs/coordinators.md. */
  coordination?: CoordinationOptions;
  /** Where steps run when not in this process (`skill serve --queue`); the caller closes it after `close()`. */
  stepDispatcher?: StepDispatcher;
}

/** Values given on the command line; each one overrides its environment variable. */
export interface ServerFlags {
  cwd?: string;
  port?: number;
  host?: string;
  workflowsDir?: string;
  databaseUrl?: string;
  /** Visible to other users in `ps`: prefer `tokenFile` or SKILL_TOKEN. */
  token?: string;
  /** A file holding the token (only its owner may read it). */
  tokenFile?: string;
  allowUntrusted?: boolean;
  untrustedSecrets?: string[];
  untrustedMcpServers?: string[];
  apiTrust?: 'community' | 'user-provided';
  dataDir?: string;
  allowedNetworks?: string[];
  httpAllowList?: string[];
  shutdownGraceMs?: number;
  allowedOrigins?: string[];
  staticDir?: string;
  metrics?: boolean;
  /** Warm containers kept per key; 0 turns the pool off (overrides SKILL_WARM_POOL). */
  warmPoolSize?: number;
}

/** Defaults of {@link ServerConfig}. */
export const SERVER_DEFAULTS = {
  port: 3000,
  host: '127.0.0.1',
  workflowsDir: '.workflows',
  shutdownGraceMs: 10_000,
  stepNice: 10,
} as const;

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['', '0', 'false', 'no', 'off']);

function invalid(message: string): WorkflowError {
  return new WorkflowError('INVALID_VALUE', message, { retryable: false });
}

function integerFrom(name: string, value: string, max: number): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n > max)
    throw invalid(`${name} must be a whole number from 0 to ${max}, got "${value}"`);
  return n;
}

function booleanFrom(name: string, value: string): boolean {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw invalid(`${name} must be 1/true/yes or 0/false/no, got "${value}"`);
}

/** A non-empty value, else undefined. */
function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** A comma-separated list, trimmed, without empty entries; undefined when unset or empty. */
function listFrom(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items && items.length > 0 ? items : undefined;
}

function apiTrustFrom(value: string): 'community' | 'user-provided' {
  const level = value.trim().toLowerCase();
  if (level === 'community' || level === 'user-provided') return level;
  throw invalid(`SKILL_API_TRUST must be "community" or "user-provided", got "${value}"`);
}

/** The shortest token accepted: a guessable token is no protection. */
export const MIN_TOKEN_LENGTH = 32;

/** Throws `INVALID_VALUE` for a token shorter than {@link MIN_TOKEN_LENGTH} characters. */
export function assertStrongToken(token: string | undefined): void {
  if (token === undefined || token.length >= MIN_TOKEN_LENGTH) return;
  throw invalid(
    `the server token must be at least ${MIN_TOKEN_LENGTH} characters, this one has ${token.length}; ` +
      'make one with: openssl rand -hex 32',
  );
}

/** The token in a file only its owner may read: its first line, trimmed. */
function tokenFromFile(cwd: string, file: string): string {
  const resolved = path.resolve(cwd, file);
  const kind = { what: 'token file', invalidCode: 'INVALID_VALUE', unsafeCode: 'TOKEN_FILE_UNSAFE' };
  const text = readPrivateFile(resolved, kind);
  if (text === undefined) throw invalid(`token file ${resolved} does not exist`);
  const token = text.split(/\r?\n/)[0]?.trim() ?? '';
  if (token === '') throw invalid(`token file ${resolved} is empty`);
  return token;
}

/** The token: `--token`, else `--token-file`, else SKILL_TOKEN, else SKILL_TOKEN_FILE; checked for length. */
function tokenFrom(cwd: string, env: Record<string, string | undefined>, flags: ServerFlags): string | undefined {
  const flagFile = nonEmpty(flags.tokenFile);
  const envFile = nonEmpty(env.SKILL_TOKEN_FILE);
  const token =
    nonEmpty(flags.token) ??
    (flagFile ? tokenFromFile(cwd, flagFile) : undefined) ??
    nonEmpty(env.SKILL_TOKEN) ??
    (envFile ? tokenFromFile(cwd, envFile) : undefined);
  assertStrongToken(token);
  return token;
}

/** The dashboard built in this checkout (apps/web/dist), served at `/` unless another folder is given. */
function builtDashboard(): string | undefined {
  const dir = fileURLToPath(new URL('../../../apps/web/dist/', import.meta.url));
  return existsSync(path.join(dir, 'index.html')) ? dir : undefined;
}

/**
 * Builds the configuration from `SKILL_PORT`, `SKILL_HOST`, `SKILL_WORKFLOWS_DIR`, `SKILL_DATABASE_URL`,
 * `SKILL_TOKEN` or `SKILL_TOKEN_FILE` (a file only its owner may read; tokens have at least 32 characters), `SKILL_ALLOW_UNTRUSTED`, `SKILL_UNTRUSTED_SECRETS` and `SKILL_UNTRUSTED_MCP_SERVERS` (comma-separated names), `SKILL_API_TRUST`,
 * `SKILL_DATA_DIR`, `SKILL_ALLOWED_NETWORKS`, `SKILL_HTTP_ALLOW` (comma-separated), `SKILL_SHUTDOWN_GRACE_MS`, `SKILL_ALLOWED_ORIGINS` (comma-separated) and
 * `SKILL_STATIC_DIR`, `SKILL_METRICS` (default on), `SKILL_WARM_POOL` (size), `SKILL_WARM_POOL_IDLE`,
 * `SKILL_WARM_POOL_MEMORY`, `SKILL_MAX_RUNNING_EXECUTIONS`, `SKILL_STEP_NICE`, `SKILL_COORDINATION`, `SKILL_LEASE_MS`,
 * `SKILL_HEARTBEAT_MS` and the OpenTelemetry `OTEL_EXPORTER_OTLP_ENDPOINT`,
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_SERVICE_NAME` (default `skill-server`), with `flags` taking
 * precedence. Throws `WorkflowError` (`INVALID_VALUE`) for a bad value.
 *
 * @example
 * const config = configFromEnv(process.env, { port: 0 });
 */
export function configFromEnv(env: Record<string, string | undefined>, flags: ServerFlags = {}): ServerConfig {
  const cwd = path.resolve(flags.cwd ?? process.cwd());
  const envPort = nonEmpty(env.SKILL_PORT);
  const port = flags.port ?? (envPort === undefined ? SERVER_DEFAULTS.port : integerFrom('SKILL_PORT', envPort, 65535));
  if (!Number.isSafeInteger(port) || port < 0 || port > 65535) throw invalid(`port must be 0 to 65535, got ${port}`);
  const envGrace = nonEmpty(env.SKILL_SHUTDOWN_GRACE_MS);
  const shutdownGraceMs =
    flags.shutdownGraceMs ??
    (envGrace === undefined
      ? SERVER_DEFAULTS.shutdownGraceMs
      : integerFrom('SKILL_SHUTDOWN_GRACE_MS', envGrace, 24 * 3_600_000));
  const envAllow = env.SKILL_ALLOW_UNTRUSTED;
  const allowUntrusted = flags.allowUntrusted ?? (envAllow ? booleanFrom('SKILL_ALLOW_UNTRUSTED', envAllow) : false);
  const untrustedSecrets = flags.untrustedSecrets ?? listFrom(env.SKILL_UNTRUSTED_SECRETS) ?? [];
  const untrustedMcpServers = flags.untrustedMcpServers ?? listFrom(env.SKILL_UNTRUSTED_MCP_SERVERS) ?? [];
  const envApiTrust = nonEmpty(env.SKILL_API_TRUST);
  const apiTrust = flags.apiTrust ?? (envApiTrust ? apiTrustFrom(envApiTrust) : 'user-provided');
  const dataDir = nonEmpty(flags.dataDir) ?? nonEmpty(env.SKILL_DATA_DIR);
  const database = nonEmpty(flags.databaseUrl) ?? nonEmpty(env.SKILL_DATABASE_URL);
  const token = tokenFrom(cwd, env, flags);
  const httpAllowList = flags.httpAllowList ?? listFrom(env.SKILL_HTTP_ALLOW) ?? [];
  parseHttpAllowList(httpAllowList); // a malformed entry stops the server here, not at the first http step
  const origins = flags.allowedOrigins ?? listFrom(env.SKILL_ALLOWED_ORIGINS);
  const given = nonEmpty(flags.staticDir) ?? nonEmpty(env.SKILL_STATIC_DIR);
  const staticDir = given ? path.resolve(cwd, given) : builtDashboard();
  const envMetrics = nonEmpty(env.SKILL_METRICS);
  const metrics = flags.metrics ?? (envMetrics ? booleanFrom('SKILL_METRICS', envMetrics) : true);
  const envSchedules = nonEmpty(env.SKILL_SCHEDULES);
  const schedules = envSchedules ? booleanFrom('SKILL_SCHEDULES', envSchedules) : true;
  const tracing = tracingSettings(env, 'skill-server');
  const warmPool = warmPoolFromEnv(env);
  if (flags.warmPoolSize !== undefined) warmPool.size = flags.warmPoolSize;
  const envMaxRunning = nonEmpty(env.SKILL_MAX_RUNNING_EXECUTIONS);
  const maxRunningExecutions = envMaxRunning
    ? integerFrom('SKILL_MAX_RUNNING_EXECUTIONS', envMaxRunning, 1_000_000)
    : undefined;
  if (maxRunningExecutions === 0) throw invalid('SKILL_MAX_RUNNING_EXECUTIONS must be at least 1');
  const envStepNice = parseStepNice(env[STEP_NICE_VARIABLE]); // the rule the process runners apply
  if (Number.isNaN(envStepNice)) {
    throw invalid(`${STEP_NICE_VARIABLE} must be a whole number from 0 to 19, got "${env[STEP_NICE_VARIABLE]}"`);
  }
  const stepNice = envStepNice ?? SERVER_DEFAULTS.stepNice;
  const databaseUrl = database ? resolveStoreUrl(cwd, database) : defaultStorePath(cwd);
  const coordination = coordinationFromEnv(env, databaseUrl);
  return {
    cwd,
    port,
    host: nonEmpty(flags.host) ?? nonEmpty(env.SKILL_HOST) ?? SERVER_DEFAULTS.host,
    workflowsDir: path.resolve(
      cwd,
      nonEmpty(flags.workflowsDir) ?? nonEmpty(env.SKILL_WORKFLOWS_DIR) ?? SERVER_DEFAULTS.workflowsDir,
    ),
    databaseUrl,
    ...(token ? { token } : {}),
    allowUntrusted,
    untrustedSecrets,
    untrustedMcpServers,
    apiTrust,
    ...(dataDir ? { dataDir: path.resolve(cwd, dataDir) } : {}),
    allowedNetworks: flags.allowedNetworks ?? listFrom(env.SKILL_ALLOWED_NETWORKS) ?? [],
    httpAllowList,
    shutdownGraceMs,
    ...(origins && origins.length > 0 ? { allowedOrigins: origins } : {}),
    ...(staticDir ? { staticDir } : {}),
    metrics,
    ...(schedules ? {} : { schedules: false }),
    ...(tracing ? { tracing } : {}),
    warmPool,
    ...(maxRunningExecutions ? { maxRunningExecutions } : {}),
    stepNice,
    ...(coordination ? { coordination } : {}),
  };
}
