// main(argv, io): parse the command line, dispatch to a command, map the outcome to an exit code.
import { VERSION } from '@skill/workflow-core';
import { type CliIo, processIo } from './cli-io.js';
import { type Command, parseCommandLine, UsageError } from './command-line.js';
import {
  executionsCancelCommand,
  executionsListCommand,
  executionsLogsCommand,
  executionsShowCommand,
} from './commands/executions.js';
import { graphCommand } from './commands/graph.js';
import { listCommand } from './commands/list.js';
import { resumeCommand, retryCommand } from './commands/retry.js';
import { runCommand } from './commands/run.js';
import { validateCommand } from './commands/validate.js';
import { ExitCode } from './exit-codes.js';
import { helpText } from './help.js';
import { terminalSafe } from './render/terminal-safe.js';
import { reportError } from './report-error.js';
import { colorEnabled, createStyle } from './terminal-style.js';

export type { CliIo } from './cli-io.js';
export { ExitCode } from './exit-codes.js';

/** What runs a command of kind `K`. */
type Handler<K extends Command['kind']> = (command: Extract<Command, { kind: K }>, io: CliIo) => Promise<ExitCode>;

/** The handler of every command kind. */
const HANDLERS: { [K in Command['kind']]: Handler<K> } = {
  help: async (command, io) => {
    io.stdout.write(helpText(command.topic));
    return ExitCode.Completed;
  },
  version: async (_command, io) => {
    io.stdout.write(`skill ${VERSION}\n`);
    return ExitCode.Completed;
  },
  run: runCommand,
  validate: validateCommand,
  list: listCommand,
  graph: graphCommand,
  retry: retryCommand,
  'executions-list': executionsListCommand,
  'executions-show': executionsShowCommand,
  'executions-logs': executionsLogsCommand,
  'executions-cancel': executionsCancelCommand,
  'executions-resume': resumeCommand,
  // The server and MCP pull in HTTP and protocol libraries: load them only for these commands.
  serve: async (command, io) => (await import('./commands/serve.js')).serveCommand(command, io),
  mcp: async (command, io) => (await import('./commands/mcp.js')).mcpCommand(command, io),
};

function dispatch(command: Command, io: CliIo): Promise<ExitCode> {
  // TypeScript cannot tie `command` to the handler picked by its own kind; HANDLERS' type does.
  const handler = HANDLERS[command.kind] as (command: Command, io: CliIo) => Promise<ExitCode>;
  return handler(command, io);
}

/**
 * Runs `skill` with `argv` (the arguments after the program name) and resolves with the exit code;
 * never throws and never exits the process itself (except `io.exit` on a second Ctrl-C).
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  const errStyle = createStyle(colorEnabled(io.stderr, io.env));
  try {
    return await dispatch(parseCommandLine(argv), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${errStyle.red('error')}: ${terminalSafe(error.message)}\n\n${helpText(error.topic)}`);
      return ExitCode.Invalid;
    }
    return reportError(error, io, errStyle);
  }
}
