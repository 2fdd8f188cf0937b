// Turns argv into one typed command: finds the command's spec (command-specs.ts) and parses its arguments with
// node:util parseArgs (strict); usage mistakes become UsageError.
import { noPositionals, onePositional, UsageError, wantsHelp, withUsage } from './arg-parsing.js';
import {
  type CommandSpec,
  EXECUTIONS_COMMANDS,
  type FlagSpec,
  PROJECT_COMMANDS,
  SCHEDULES_COMMANDS,
  SERVER_COMMANDS,
  SKILLS_COMMANDS,
  WORKERS_COMMANDS,
  WORKFLOW_COMMANDS,
} from './command-specs.js';
import type { Command } from './command-types.js';
import type { HelpTopic } from './help.js';

export { UsageError } from './arg-parsing.js';
export type { Command, RunCommand } from './command-types.js';
export { GraphFormat } from './command-types.js';

/** The words that take a subcommand, with the commands under each. */
const GROUPS: ReadonlyMap<string, ReadonlyMap<string, CommandSpec>> = new Map([
  ['workflow', WORKFLOW_COMMANDS],
  ['executions', EXECUTIONS_COMMANDS],
  ['skills', SKILLS_COMMANDS],
  ['schedules', SCHEDULES_COMMANDS],
  ['workers', WORKERS_COMMANDS],
]);

/** The command properties the positionals fill. */
function positionalFields(spec: CommandSpec, positionals: string[]): Record<string, unknown> {
  const { positionals: takes, kind: topic } = spec;
  if (takes.takes === 'none') {
    noPositionals(positionals, topic);
    return {};
  }
  if (takes.takes === 'one') return { [takes.field]: onePositional(positionals, takes.what, topic) };
  if (takes.takes === 'any') {
    if (takes.max !== undefined && positionals.length > takes.max) {
      throw new UsageError(`too many arguments: expected ${takes.what}`, topic);
    }
    return { [takes.field]: positionals };
  }
  if (positionals.length === 0) throw new UsageError(takes.missing, topic);
  return { [takes.field]: positionals };
}

/** The value a flag gives the command: its checked value, else its default; booleans default to false. */
function flagValue(flag: FlagSpec, given: string | boolean | Array<string | boolean> | undefined, topic: HelpTopic) {
  if (given === undefined) return flag.default ?? (flag.type === 'boolean' ? false : undefined);
  if (flag.type === 'boolean' || flag.parse === undefined) return given;
  return flag.multiple ? flag.parse(given as string[], topic) : flag.parse(given as string, topic);
}

/** Parses the arguments of the command `spec` describes (after its words). */
function parseCommandArgs(spec: CommandSpec, args: string[]): Command {
  if (wantsHelp(args)) return { kind: 'help', topic: spec.kind };
  const options = Object.fromEntries(
    spec.flags.map((f) => [
      f.flag,
      {
        type: f.type,
        ...(f.short ? { short: f.short } : {}),
        ...(f.type === 'string' && f.multiple ? { multiple: true } : {}),
      },
    ]),
  );
  const { values, positionals } = withUsage(spec.kind, () =>
    // node:util is loaded here, not at start-up: `--version` and `--help` need no flag parsing.
    process
      .getBuiltinModule('node:util')
      .parseArgs({ args, strict: true, allowPositionals: true, allowNegative: spec.allowNegative ?? false, options }),
  );
  const command: Record<string, unknown> = { kind: spec.kind, ...positionalFields(spec, positionals) };
  for (const flag of spec.flags) {
    const value = flagValue(flag, values[flag.flag], spec.kind);
    if (value !== undefined) command[flag.field] = value;
  }
  return command as Command;
}

/** `skill help [workflow|executions] [sub]` and `skill help <command>`: the topic to show. */
function helpCommand(second: string | undefined, third: string | undefined): Command {
  if (second === undefined) return { kind: 'help', topic: 'main' };
  const group = GROUPS.get(second);
  if (group) {
    const sub = third === undefined ? undefined : group.get(third);
    return { kind: 'help', topic: sub?.kind ?? (second as HelpTopic) };
  }
  const spec = SERVER_COMMANDS.get(second) ?? PROJECT_COMMANDS.get(second) ?? WORKFLOW_COMMANDS.get(second);
  return { kind: 'help', topic: spec?.kind ?? 'main' };
}

/** `skill <group> <sub> ...`: the subcommand's spec, or a usage error for `group`. */
function parseGroup(
  name: 'workflow' | 'executions' | 'skills' | 'schedules' | 'workers',
  second: string | undefined,
  rest: string[],
): Command {
  const group = GROUPS.get(name);
  if (second === undefined) throw new UsageError(`missing ${name} command`, name);
  if (second === '--help' || second === '-h') return { kind: 'help', topic: name };
  if (second.startsWith('-')) throw new UsageError(`unknown option "${second}"`, name);
  const spec = group?.get(second);
  if (!spec) throw new UsageError(`unknown command "${name} ${second}"`, name);
  return parseCommandArgs(spec, rest);
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
  if (
    first === 'workflow' ||
    first === 'executions' ||
    first === 'skills' ||
    first === 'schedules' ||
    first === 'workers'
  ) {
    return parseGroup(first, second, rest);
  }
  const spec = SERVER_COMMANDS.get(first) ?? PROJECT_COMMANDS.get(first);
  if (!spec) throw new UsageError(`unknown command "${first}"`, 'main');
  return parseCommandArgs(spec, argv.slice(1));
}
