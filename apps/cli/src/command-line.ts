// Turns argv into one typed command (node:util parseArgs, strict); usage mistakes become UsageError.
import { parseArgs } from 'node:util';
import type { HelpTopic } from './help.js';

/** Output formats of `skill workflow graph`. */
export const GraphFormat = { Text: 'text', Mermaid: 'mermaid', Dot: 'dot', Json: 'json' } as const;
/** One of the values of {@link GraphFormat}. */
export type GraphFormat = (typeof GraphFormat)[keyof typeof GraphFormat];

/** `skill workflow run`. */
export interface RunCommand {
  kind: 'run';
  workflow: string;
  /** `--input key=value` pairs, later ones winning. */
  inputs: Record<string, string>;
  inputsFile?: string;
  json: boolean;
  quiet: boolean;
}

/** A parsed command line. */
export type Command =
  | { kind: 'help'; topic: HelpTopic }
  | { kind: 'version' }
  | RunCommand
  | { kind: 'validate'; files: string[]; json: boolean }
  | { kind: 'list'; json: boolean }
  | { kind: 'graph'; workflow: string; format: GraphFormat };

/** A mistake in the command line: the message, and which usage text to show after it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly topic: HelpTopic;

  constructor(message: string, topic: HelpTopic) {
    super(message);
    this.topic = topic;
  }
}

const SUBCOMMANDS = ['run', 'validate', 'list', 'graph'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

function isSubcommand(word: string): word is Subcommand {
  return (SUBCOMMANDS as readonly string[]).includes(word);
}

function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** Runs a parseArgs call, turning its errors into a {@link UsageError} for `topic`. */
function withUsage<T>(topic: HelpTopic, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'invalid arguments';
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, ''), topic);
  }
}

function onePositional(positionals: string[], what: string, topic: HelpTopic): string {
  const [first, ...rest] = positionals;
  if (first === undefined) throw new UsageError(`missing ${what}`, topic);
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`, topic);
  return first;
}

function noPositionals(positionals: string[], topic: HelpTopic): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, topic);
}

/** Splits `key=value` pairs (the value may contain `=`; later keys win). */
export function parseInputPairs(pairs: readonly string[]): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--input expects key=value, got "${pair}"`, 'run');
    Object.defineProperty(inputs, pair.slice(0, eq), {
      value: pair.slice(eq + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return inputs;
}

function parseRun(args: string[]): RunCommand {
  const { values, positionals } = withUsage('run', () =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        input: { type: 'string', short: 'i', multiple: true },
        'inputs-file': { type: 'string' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
      },
    }),
  );
  const inputsFile = values['inputs-file'];
  return {
    kind: 'run',
    workflow: onePositional(positionals, 'workflow file or name', 'run'),
    inputs: parseInputPairs(values.input ?? []),
    ...(inputsFile !== undefined ? { inputsFile } : {}),
    json: values.json ?? false,
    quiet: values.quiet ?? false,
  };
}

function parseSubcommand(sub: Subcommand, args: string[]): Command {
  if (wantsHelp(args)) return { kind: 'help', topic: sub };
  switch (sub) {
    case 'run':
      return parseRun(args);
    case 'validate': {
      const { values, positionals } = withUsage('validate', () =>
        parseArgs({ args, strict: true, allowPositionals: true, options: { json: { type: 'boolean' } } }),
      );
      if (positionals.length === 0) throw new UsageError('missing workflow files to validate', 'validate');
      return { kind: 'validate', files: positionals, json: values.json ?? false };
    }
    case 'list': {
      const { values, positionals } = withUsage('list', () =>
        parseArgs({ args, strict: true, allowPositionals: true, options: { json: { type: 'boolean' } } }),
      );
      noPositionals(positionals, 'list');
      return { kind: 'list', json: values.json ?? false };
    }
    case 'graph': {
      const { values, positionals } = withUsage('graph', () =>
        parseArgs({ args, strict: true, allowPositionals: true, options: { format: { type: 'string', short: 'f' } } }),
      );
      const format = values.format ?? 'text';
      const formats: readonly string[] = Object.values(GraphFormat);
      if (!formats.includes(format)) {
        throw new UsageError(`unknown --format "${format}" (expected ${formats.join(', ')})`, 'graph');
      }
      return {
        kind: 'graph',
        workflow: onePositional(positionals, 'workflow file or name', 'graph'),
        format: format as GraphFormat,
      };
    }
  }
}

/**
 * Parses the arguments after `skill` (i.e. `process.argv.slice(2)`).
 * Throws {@link UsageError} for an unknown command or flag, a missing argument or a bad value.
 */
export function parseCommandLine(argv: readonly string[]): Command {
  const [first, second, ...rest] = argv;
  if (first === undefined) throw new UsageError('missing command', 'main');
  if (first === '--help' || first === '-h') return { kind: 'help', topic: 'main' };
  if (first === '--version' || first === '-v' || first === '-V') return { kind: 'version' };
  if (first === 'help') {
    const word = second === 'workflow' ? rest[0] : second;
    if (word !== undefined && isSubcommand(word)) return { kind: 'help', topic: word };
    return { kind: 'help', topic: second === 'workflow' ? 'workflow' : 'main' };
  }
  if (first.startsWith('-')) throw new UsageError(`unknown option "${first}"`, 'main');
  if (first !== 'workflow') throw new UsageError(`unknown command "${first}"`, 'main');
  if (second === undefined) throw new UsageError('missing workflow command', 'workflow');
  if (second === '--help' || second === '-h') return { kind: 'help', topic: 'workflow' };
  if (second.startsWith('-')) throw new UsageError(`unknown option "${second}"`, 'workflow');
  if (!isSubcommand(second)) throw new UsageError(`unknown command "workflow ${second}"`, 'workflow');
  return parseSubcommand(second, rest);
}
