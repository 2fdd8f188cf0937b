// Every `skill` command as data: its words, help topic, positional arguments and flags (what each fills, its
// default and its check). command-line.ts parses any of them the same way.
import { STORED_EXECUTION_STATUSES } from '@skill/workflow-model/status';
import { integerOption, UsageError } from './arg-parsing.js';
import { type Command, GraphFormat } from './command-types.js';
import type { HelpTopic } from './help.js';

/** One flag: its long name (and short), the command property it fills, its default and how its value is checked. */
export type FlagSpec =
  | { flag: string; short?: string; type: 'boolean'; field: string; default?: boolean }
  | {
      flag: string;
      short?: string;
      type: 'string';
      multiple?: false;
      field: string;
      default?: unknown;
      /** Checks and converts the value; throws a UsageError for `topic`. */
      parse?: (value: string, topic: HelpTopic) => unknown;
    }
  | {
      flag: string;
      short?: string;
      type: 'string';
      multiple: true;
      field: string;
      default?: unknown;
      parse?: (values: string[], topic: HelpTopic) => unknown;
    };

/** The positional arguments a command takes: none, exactly one, or one or more. */
export type PositionalSpec =
  | { takes: 'none' }
  | { takes: 'one'; field: string; what: string }
  | { takes: 'some'; field: string; missing: string }
  | { takes: 'any'; field: string; max?: number; what: string };

/** One command: the `kind` it parses to (also its usage text's topic), its positionals and flags (checked in this order). */
export interface CommandSpec {
  kind: Exclude<Command['kind'], 'help' | 'version'> & HelpTopic;
  positionals: PositionalSpec;
  flags: FlagSpec[];
  /** Accepts `--no-<flag>` for boolean flags. */
  allowNegative?: boolean;
}

/** Rows `skill executions list` shows unless `--limit` says otherwise. */
const DEFAULT_LIST_LIMIT = 20;
const MAX_LIST_LIMIT = 1000;

const JSON_FLAG: FlagSpec = { flag: 'json', type: 'boolean', field: 'json' };
const QUIET: FlagSpec = { flag: 'quiet', short: 'q', type: 'boolean', field: 'quiet' };
const DATABASE: FlagSpec = { flag: 'database-url', type: 'string', field: 'database' };
const QUEUE: FlagSpec = {
  flag: 'queue',
  type: 'string',
  field: 'queue',
  parse: nonEmpty('--queue expects a redis:// or postgres:// URL'),
};
const ALLOW_UNTRUSTED: FlagSpec = { flag: 'allow-untrusted', type: 'boolean', field: 'allowUntrusted' };
const EXECUTION_ID: PositionalSpec = { takes: 'one', field: 'id', what: 'execution id' };
const WORKFLOW: PositionalSpec = { takes: 'one', field: 'workflow', what: 'workflow file or name' };

/** A check that `value` is one of `allowed`; the message names the flag and lists them. */
function oneOf(flag: string, allowed: readonly string[]) {
  return (value: string, topic: HelpTopic): string => {
    if (!allowed.includes(value)) {
      throw new UsageError(`unknown ${flag} "${value}" (expected ${allowed.join(', ')})`, topic);
    }
    return value;
  };
}

/** A check that the value is a whole number in `[min, max]`; converts it. */
function wholeNumber(flag: string, min: number, max: number) {
  return (value: string, topic: HelpTopic): number => integerOption(value, flag, min, max, topic);
}

/** A check that the value is not empty, failing with `message`. */
function nonEmpty(message: string) {
  return (value: string, topic: HelpTopic): string => {
    if (value === '') throw new UsageError(message, topic);
    return value;
  };
}

/** `--labels a,b`: comma-separated worker labels. */
function labelList(value: string, topic: HelpTopic): string[] {
  const labels = value
    .split(',')
    .map((label) => label.trim())
    .filter((label) => label !== '');
  for (const label of labels) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(label)) {
      throw new UsageError(`--labels: "${label}" is not a label (letters, digits, "_", "-", ".")`, topic);
    }
  }
  if (new Set(labels).size > 5) throw new UsageError('--labels takes at most 5 labels', topic);
  return [...new Set(labels)];
}

/** Splits `key=value` pairs (the value may contain `=`; later keys win). */
export function parseInputPairs(pairs: readonly string[]): Record<string, string> {
  return keyValuePairs(pairs, '--input', 'run');
}

/** `key=value` strings as an object (a key such as `__proto__` stays a plain key); a UsageError for `topic` otherwise. */
function keyValuePairs(pairs: readonly string[], flag: string, topic: HelpTopic): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} expects key=value, got "${pair}"`, topic);
    Object.defineProperty(inputs, pair.slice(0, eq), {
      value: pair.slice(eq + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return inputs;
}

/** The `--api-trust` level, checked. */
function apiTrust(value: string, topic: HelpTopic): string {
  if (value === 'community' || value === 'user-provided') return value;
  throw new UsageError(`--api-trust expects "community" or "user-provided", got "${value}"`, topic);
}

const DECISION_TARGET: PositionalSpec = {
  takes: 'some',
  field: 'target',
  missing: 'missing execution id and approval step id',
};

/** The flags of `executions approve|reject`: form values (`--field k=v`, repeatable), a comment, JSON output. */
function decisionFlags(topic: HelpTopic): FlagSpec[] {
  return [
    {
      flag: 'field',
      short: 'f',
      type: 'string',
      multiple: true,
      field: 'fields',
      default: {},
      parse: (pairs) => keyValuePairs(pairs, '--field', topic),
    },
    { flag: 'comment', short: 'm', type: 'string', field: 'comment' },
    JSON_FLAG,
    DATABASE,
  ];
}

/** A lookup of commands by word (a Map: no inherited keys such as `constructor`). */
function commandsByWord(specs: Record<string, CommandSpec>): ReadonlyMap<string, CommandSpec> {
  return new Map(Object.entries(specs));
}

/** `skill workflow <sub>`, by sub. */
export const WORKFLOW_COMMANDS = commandsByWord({
  run: {
    kind: 'run',
    positionals: WORKFLOW,
    flags: [
      {
        flag: 'input',
        short: 'i',
        type: 'string',
        multiple: true,
        field: 'inputs',
        default: {},
        parse: parseInputPairs,
      },
      { flag: 'inputs-file', type: 'string', field: 'inputsFile' },
      JSON_FLAG,
      QUIET,
      DATABASE,
      QUEUE,
    ],
  },
  retry: {
    kind: 'retry',
    positionals: { takes: 'one', field: 'executionId', what: 'execution id' },
    allowNegative: true,
    flags: [
      { flag: 'from', type: 'string', field: 'from', parse: nonEmpty('--from expects a step id') },
      { flag: 'downstream', type: 'boolean', field: 'downstream', default: true },
      JSON_FLAG,
      QUIET,
      DATABASE,
    ],
  },
  validate: {
    kind: 'validate',
    positionals: { takes: 'some', field: 'files', missing: 'missing workflow files to validate' },
    flags: [JSON_FLAG, { flag: 'explain', type: 'boolean', field: 'explain' }],
  },
  list: { kind: 'list', positionals: { takes: 'none' }, flags: [JSON_FLAG] },
  graph: {
    kind: 'graph',
    positionals: WORKFLOW,
    flags: [
      {
        flag: 'format',
        short: 'f',
        type: 'string',
        field: 'format',
        default: GraphFormat.Text,
        parse: oneOf('--format', Object.values(GraphFormat)),
      },
    ],
  },
});

/** `skill executions <sub>`, by sub. */
export const EXECUTIONS_COMMANDS = commandsByWord({
  list: {
    kind: 'executions-list',
    positionals: { takes: 'none' },
    flags: [
      { flag: 'workflow', short: 'w', type: 'string', field: 'workflow' },
      {
        flag: 'limit',
        short: 'n',
        type: 'string',
        field: 'limit',
        default: DEFAULT_LIST_LIMIT,
        parse: wholeNumber('--limit', 1, MAX_LIST_LIMIT),
      },
      {
        flag: 'status',
        short: 's',
        type: 'string',
        field: 'status',
        parse: oneOf('--status', STORED_EXECUTION_STATUSES),
      },
      JSON_FLAG,
      DATABASE,
    ],
  },
  show: { kind: 'executions-show', positionals: EXECUTION_ID, flags: [JSON_FLAG, DATABASE] },
  logs: {
    kind: 'executions-logs',
    positionals: EXECUTION_ID,
    flags: [{ flag: 'follow', short: 'f', type: 'boolean', field: 'follow' }, JSON_FLAG, DATABASE],
  },
  cancel: { kind: 'executions-cancel', positionals: EXECUTION_ID, flags: [JSON_FLAG, DATABASE] },
  resume: {
    kind: 'executions-resume',
    positionals: EXECUTION_ID,
    flags: [JSON_FLAG, QUIET, DATABASE],
  },
  approve: { kind: 'executions-approve', positionals: DECISION_TARGET, flags: decisionFlags('executions-approve') },
  reject: { kind: 'executions-reject', positionals: DECISION_TARGET, flags: decisionFlags('executions-reject') },
});

/** `skill skills <sub>`, by sub. */
export const SKILLS_COMMANDS = commandsByWord({
  list: { kind: 'skills-list', positionals: { takes: 'none' }, flags: [JSON_FLAG] },
  describe: {
    kind: 'skills-describe',
    positionals: { takes: 'any', field: 'names', max: 2, what: 'a skill and optionally one of its tools' },
    flags: [JSON_FLAG],
  },
  refresh: {
    kind: 'skills-refresh',
    positionals: { takes: 'any', field: 'servers', what: 'MCP server names' },
    flags: [JSON_FLAG],
  },
});

/** `skill schedules <sub>`, by sub. */
export const SCHEDULES_COMMANDS = commandsByWord({
  list: { kind: 'schedules-list', positionals: { takes: 'none' }, flags: [JSON_FLAG, DATABASE] },
  pause: {
    kind: 'schedules-pause',
    positionals: { takes: 'some', field: 'target', missing: 'missing workflow name (and trigger index, default 0)' },
    flags: [JSON_FLAG, DATABASE],
  },
  resume: {
    kind: 'schedules-resume',
    positionals: { takes: 'some', field: 'target', missing: 'missing workflow name (and trigger index, default 0)' },
    flags: [JSON_FLAG, DATABASE],
  },
});

/** `skill init`, by word. */
export const PROJECT_COMMANDS = commandsByWord({
  init: { kind: 'init', positionals: { takes: 'any', field: 'dir', max: 1, what: 'one project folder' }, flags: [] },
});

/** `skill workers <sub>`, by sub. */
export const WORKERS_COMMANDS = commandsByWord({
  list: { kind: 'workers-list', positionals: { takes: 'none' }, flags: [QUEUE, JSON_FLAG] },
});

/** `skill serve` and `skill mcp`, by word. */
export const SERVER_COMMANDS = commandsByWord({
  serve: {
    kind: 'serve',
    positionals: { takes: 'none' },
    flags: [
      { flag: 'api-trust', type: 'string', field: 'apiTrust', parse: apiTrust },
      { flag: 'host', type: 'string', field: 'host', parse: nonEmpty('--host expects a host name or address') },
      { flag: 'token', type: 'string', field: 'token', parse: nonEmpty('--token expects a non-empty token') },
      { flag: 'token-file', type: 'string', field: 'tokenFile', parse: nonEmpty('--token-file expects a file') },
      {
        flag: 'port',
        short: 'p',
        type: 'string',
        field: 'port',
        parse: wholeNumber('--port', 0, 65535),
      },
      { flag: 'workflows-dir', type: 'string', field: 'workflowsDir' },
      DATABASE,
      ALLOW_UNTRUSTED,
      { flag: 'data-dir', type: 'string', field: 'dataDir' },
      { flag: 'allow-network', type: 'string', multiple: true, field: 'allowedNetworks' },
      { flag: 'http-allow', type: 'string', multiple: true, field: 'httpAllowList' },
      { flag: 'allow-mcp-server', type: 'string', multiple: true, field: 'untrustedMcpServers' },
      QUEUE,
    ],
  },
  worker: {
    kind: 'worker',
    positionals: { takes: 'none' },
    flags: [
      QUEUE,
      {
        flag: 'concurrency',
        short: 'c',
        type: 'string',
        field: 'concurrency',
        default: 4,
        parse: wholeNumber('--concurrency', 1, 256),
      },
      { flag: 'labels', type: 'string', field: 'labels', default: [], parse: labelList },
      { flag: 'name', type: 'string', field: 'name', parse: nonEmpty('--name expects a worker name') },
      { flag: 'health-port', type: 'string', field: 'healthPort', parse: wholeNumber('--health-port', 0, 65535) },
      { flag: 'health-host', type: 'string', field: 'healthHost', default: '127.0.0.1' },
      {
        flag: 'grace',
        type: 'string',
        field: 'graceMs',
        default: 30_000,
        parse: wholeNumber('--grace', 0, 3_600_000),
      },
    ],
  },
  mcp: { kind: 'mcp', positionals: { takes: 'none' }, flags: [DATABASE, ALLOW_UNTRUSTED] },
});
