// Turns argv into one typed command (node:util parseArgs, strict); usage mistakes become UsageError.
import { UsageError } from './arg-parsing.js';
import type { Command } from './command-types.js';
import { isExecutionsSubcommand, parseExecutionsSubcommand, parseMcp, parseServe } from './parse-execution-commands.js';
import { isWorkflowSubcommand, parseWorkflowSubcommand } from './parse-workflow-commands.js';

export { UsageError } from './arg-parsing.js';
export type { Command, RunCommand } from './command-types.js';
export { GraphFormat } from './command-types.js';

/** `skill help [workflow|executions] [sub]`: the topic to show. */
function helpCommand(second: string | undefined, third: string | undefined): Command {
  if (second === 'workflow') {
    return { kind: 'help', topic: third !== undefined && isWorkflowSubcommand(third) ? third : 'workflow' };
  }
  if (second === 'executions') {
    return {
      kind: 'help',
      topic: third !== undefined && isExecutionsSubcommand(third) ? `executions-${third}` : 'executions',
    };
  }
  if (second === 'serve' || second === 'mcp') return { kind: 'help', topic: second };
  if (second !== undefined && isWorkflowSubcommand(second)) return { kind: 'help', topic: second };
  return { kind: 'help', topic: 'main' };
}

function parseWorkflow(second: string | undefined, rest: string[]): Command {
  if (second === undefined) throw new UsageError('missing workflow command', 'workflow');
  if (second === '--help' || second === '-h') return { kind: 'help', topic: 'workflow' };
  if (second.startsWith('-')) throw new UsageError(`unknown option "${second}"`, 'workflow');
  if (!isWorkflowSubcommand(second)) throw new UsageError(`unknown command "workflow ${second}"`, 'workflow');
  return parseWorkflowSubcommand(second, rest);
}

function parseExecutions(second: string | undefined, rest: string[]): Command {
  if (second === undefined) throw new UsageError('missing executions command', 'executions');
  if (second === '--help' || second === '-h') return { kind: 'help', topic: 'executions' };
  if (second.startsWith('-')) throw new UsageError(`unknown option "${second}"`, 'executions');
  if (!isExecutionsSubcommand(second)) throw new UsageError(`unknown command "executions ${second}"`, 'executions');
  return parseExecutionsSubcommand(second, rest);
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
  if (first === 'help') return helpCommand(second, rest[0]);
  if (first.startsWith('-')) throw new UsageError(`unknown option "${first}"`, 'main');
  const afterFirst = argv.slice(1);
  switch (first) {
    case 'workflow':
      return parseWorkflow(second, rest);
    case 'executions':
      return parseExecutions(second, rest);
    case 'serve':
      return parseServe(afterFirst);
    case 'mcp':
      return parseMcp(afterFirst);
    default:
      throw new UsageError(`unknown command "${first}"`, 'main');
  }
}
