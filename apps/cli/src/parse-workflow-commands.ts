// Parses `skill workflow <run|retry|validate|list|graph>` arguments into typed commands.
import { parseArgs } from 'node:util';
import { noPositionals, onePositional, optional, UsageError, wantsHelp, withUsage } from './arg-parsing.js';
import { type Command, GraphFormat, type RetryCommand, type RunCommand } from './command-types.js';

/** The words after `skill workflow`. */
export const WORKFLOW_SUBCOMMANDS = ['run', 'retry', 'validate', 'list', 'graph'] as const;
/** One of {@link WORKFLOW_SUBCOMMANDS}. */
export type WorkflowSubcommand = (typeof WORKFLOW_SUBCOMMANDS)[number];

/** True for a word of {@link WORKFLOW_SUBCOMMANDS}. */
export function isWorkflowSubcommand(word: string): word is WorkflowSubcommand {
  return (WORKFLOW_SUBCOMMANDS as readonly string[]).includes(word);
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
        'database-url': { type: 'string' },
      },
    }),
  );
  return {
    kind: 'run',
    workflow: onePositional(positionals, 'workflow file or name', 'run'),
    inputs: parseInputPairs(values.input ?? []),
    ...optional('inputsFile', values['inputs-file']),
    json: values.json ?? false,
    quiet: values.quiet ?? false,
    ...optional('database', values['database-url']),
  };
}

function parseRetry(args: string[]): RetryCommand {
  const { values, positionals } = withUsage('retry', () =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      allowNegative: true,
      options: {
        from: { type: 'string' },
        downstream: { type: 'boolean' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        'database-url': { type: 'string' },
      },
    }),
  );
  if (values.from === '') throw new UsageError('--from expects a step id', 'retry');
  return {
    kind: 'retry',
    executionId: onePositional(positionals, 'execution id', 'retry'),
    ...optional('from', values.from),
    downstream: values.downstream ?? true,
    json: values.json ?? false,
    quiet: values.quiet ?? false,
    ...optional('database', values['database-url']),
  };
}

function parseGraph(args: string[]): Command {
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

/** Parses the arguments after `skill workflow <sub>`. */
export function parseWorkflowSubcommand(sub: WorkflowSubcommand, args: string[]): Command {
  if (wantsHelp(args)) return { kind: 'help', topic: sub };
  switch (sub) {
    case 'run':
      return parseRun(args);
    case 'retry':
      return parseRetry(args);
    case 'validate': {
      const { values, positionals } = withUsage('validate', () =>
        parseArgs({
          args,
          strict: true,
          allowPositionals: true,
          options: { json: { type: 'boolean' }, explain: { type: 'boolean' } },
        }),
      );
      if (positionals.length === 0) throw new UsageError('missing workflow files to validate', 'validate');
      return { kind: 'validate', files: positionals, json: values.json ?? false, explain: values.explain ?? false };
    }
    case 'list': {
      const { values, positionals } = withUsage('list', () =>
        parseArgs({ args, strict: true, allowPositionals: true, options: { json: { type: 'boolean' } } }),
      );
      noPositionals(positionals, 'list');
      return { kind: 'list', json: values.json ?? false };
    }
    case 'graph':
      return parseGraph(args);
  }
}
