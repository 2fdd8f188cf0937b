// Parses `skill executions <list|show|logs|cancel|resume>`, `skill serve` and `skill mcp` arguments into typed commands.
import { parseArgs } from 'node:util';
import { type ExecutionStatus, STORED_EXECUTION_STATUSES } from '@skill/workflow-model';
import {
  integerOption,
  noPositionals,
  onePositional,
  optional,
  UsageError,
  wantsHelp,
  withUsage,
} from './arg-parsing.js';
import type { Command, McpCommand, ServeCommand } from './command-types.js';

/** The words after `skill executions`. */
export const EXECUTIONS_SUBCOMMANDS = ['list', 'show', 'logs', 'cancel', 'resume'] as const;
/** One of {@link EXECUTIONS_SUBCOMMANDS}. */
export type ExecutionsSubcommand = (typeof EXECUTIONS_SUBCOMMANDS)[number];

/** True for a word of {@link EXECUTIONS_SUBCOMMANDS}. */
export function isExecutionsSubcommand(word: string): word is ExecutionsSubcommand {
  return (EXECUTIONS_SUBCOMMANDS as readonly string[]).includes(word);
}

/** Rows `skill executions list` shows unless `--limit` says otherwise. */
export const DEFAULT_LIST_LIMIT = 20;
const MAX_LIST_LIMIT = 1000;

function parseStatus(value: string | undefined): ExecutionStatus | undefined {
  if (value === undefined) return undefined;
  const statuses: readonly string[] = STORED_EXECUTION_STATUSES;
  if (!statuses.includes(value)) {
    throw new UsageError(`unknown --status "${value}" (expected ${statuses.join(', ')})`, 'executions-list');
  }
  return value as ExecutionStatus;
}

function parseList(args: string[]): Command {
  const { values, positionals } = withUsage('executions-list', () =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        workflow: { type: 'string', short: 'w' },
        status: { type: 'string', short: 's' },
        limit: { type: 'string', short: 'n' },
        json: { type: 'boolean' },
        'database-url': { type: 'string' },
      },
    }),
  );
  noPositionals(positionals, 'executions-list');
  const limit =
    values.limit === undefined
      ? DEFAULT_LIST_LIMIT
      : integerOption(values.limit, '--limit', 1, MAX_LIST_LIMIT, 'executions-list');
  return {
    kind: 'executions-list',
    ...optional('workflow', values.workflow),
    ...optional('status', parseStatus(values.status)),
    limit,
    json: values.json ?? false,
    ...optional('database', values['database-url']),
  };
}

/** `show <id>` and `cancel <id>`: one execution id, `--json` and `--database-url`. */
function parseOneExecution(kind: 'executions-show' | 'executions-cancel', args: string[]): Command {
  const { values, positionals } = withUsage(kind, () =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, 'database-url': { type: 'string' } },
    }),
  );
  return {
    kind,
    id: onePositional(positionals, 'execution id', kind),
    json: values.json ?? false,
    ...optional('database', values['database-url']),
  };
}

/** `resume <id>`: one execution id, `--json`, `--quiet` and `--database-url`. */
function parseResume(args: string[]): Command {
  const { values, positionals } = withUsage('executions-resume', () =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        'database-url': { type: 'string' },
      },
    }),
  );
  return {
    kind: 'executions-resume',
    id: onePositional(positionals, 'execution id', 'executions-resume'),
    json: values.json ?? false,
    quiet: values.quiet ?? false,
    ...optional('database', values['database-url']),
  };
}

function parseLogs(args: string[]): Command {
  const { values, positionals } = withUsage('executions-logs', () =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        follow: { type: 'boolean', short: 'f' },
        json: { type: 'boolean' },
        'database-url': { type: 'string' },
      },
    }),
  );
  return {
    kind: 'executions-logs',
    id: onePositional(positionals, 'execution id', 'executions-logs'),
    follow: values.follow ?? false,
    json: values.json ?? false,
    ...optional('database', values['database-url']),
  };
}

/** Parses the arguments after `skill executions <sub>`. */
export function parseExecutionsSubcommand(sub: ExecutionsSubcommand, args: string[]): Command {
  if (wantsHelp(args)) return { kind: 'help', topic: `executions-${sub}` };
  if (sub === 'list') return parseList(args);
  if (sub === 'show' || sub === 'cancel') return parseOneExecution(`executions-${sub}`, args);
  if (sub === 'resume') return parseResume(args);
  return parseLogs(args);
}

/** The `--api-trust` level, checked. */
function apiTrustOption(value: string | undefined): ServeCommand['apiTrust'] {
  if (value === undefined || value === 'community' || value === 'user-provided') return value;
  throw new UsageError(`--api-trust expects "community" or "user-provided", got "${value}"`, 'serve');
}

/** Parses the arguments after `skill serve`. */
export function parseServe(args: string[]): ServeCommand | { kind: 'help'; topic: 'serve' } {
  if (wantsHelp(args)) return { kind: 'help', topic: 'serve' };
  const { values, positionals } = withUsage('serve', () =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        'workflows-dir': { type: 'string' },
        'database-url': { type: 'string' },
        token: { type: 'string' },
        'token-file': { type: 'string' },
        'allow-untrusted': { type: 'boolean' },
        'api-trust': { type: 'string' },
        'data-dir': { type: 'string' },
        'allow-network': { type: 'string', multiple: true },
        'http-allow': { type: 'string', multiple: true },
      },
    }),
  );
  noPositionals(positionals, 'serve');
  const apiTrust = apiTrustOption(values['api-trust']);
  if (values.host === '') throw new UsageError('--host expects a host name or address', 'serve');
  if (values.token === '') throw new UsageError('--token expects a non-empty token', 'serve');
  if (values['token-file'] === '') throw new UsageError('--token-file expects a file', 'serve');
  return {
    kind: 'serve',
    ...optional(
      'port',
      values.port === undefined ? undefined : integerOption(values.port, '--port', 0, 65535, 'serve'),
    ),
    ...optional('host', values.host),
    ...optional('workflowsDir', values['workflows-dir']),
    ...optional('database', values['database-url']),
    ...optional('token', values.token),
    ...optional('tokenFile', values['token-file']),
    allowUntrusted: values['allow-untrusted'] ?? false,
    ...optional('apiTrust', apiTrust),
    ...optional('dataDir', values['data-dir']),
    ...optional('allowedNetworks', values['allow-network']),
    ...optional('httpAllowList', values['http-allow']),
  };
}

/** Parses the arguments after `skill mcp`. */
export function parseMcp(args: string[]): McpCommand | { kind: 'help'; topic: 'mcp' } {
  if (wantsHelp(args)) return { kind: 'help', topic: 'mcp' };
  const { values, positionals } = withUsage('mcp', () =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { 'database-url': { type: 'string' }, 'allow-untrusted': { type: 'boolean' } },
    }),
  );
  noPositionals(positionals, 'mcp');
  return {
    kind: 'mcp',
    ...optional('database', values['database-url']),
    allowUntrusted: values['allow-untrusted'] ?? false,
  };
}
