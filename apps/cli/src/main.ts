// main(argv, io): parse the command line, dispatch to a command, map the outcome to an exit code.
import { type CliIo, processIo } from './cli-io.js';
import { type Command, parseCommandLine, UsageError } from './command-line.js';
import { ExitCode } from './exit-codes.js';

export type { CliIo } from './cli-io.js';
export { ExitCode } from './exit-codes.js';

/** What runs a command of kind `K`. */
type Handler<K extends Command['kind']> = (command: Extract<Command, { kind: K }>, io: CliIo) => Promise<ExitCode>;

/**
 * The handler of every command kind, each loaded with `import()` when its command runs: `--version` and `--help`
 * load no engine, and only `serve` and `mcp` load the HTTP and protocol libraries.
 */
const HANDLERS: { [K in Command['kind']]: () => Promise<Handler<K>> } = {
  help: async () => {
    const { helpText } = await import('./help.js');
    return async (command, io) => {
      io.stdout.write(helpText(command.topic));
      return ExitCode.Completed;
    };
  },
  version: async () => {
    const { VERSION } = await import('@skill/workflow-core/version');
    return async (_command, io) => {
      io.stdout.write(`skill ${VERSION}\n`);
      return ExitCode.Completed;
    };
  },
  run: async () => (await import('./commands/run.js')).runCommand,
  validate: async () => (await import('./commands/validate.js')).validateCommand,
  list: async () => (await import('./commands/list.js')).listCommand,
  graph: async () => (await import('./commands/graph.js')).graphCommand,
  retry: async () => (await import('./commands/retry.js')).retryCommand,
  'executions-list': async () => (await import('./commands/executions.js')).executionsListCommand,
  'executions-show': async () => (await import('./commands/executions.js')).executionsShowCommand,
  'executions-logs': async () => (await import('./commands/executions.js')).executionsLogsCommand,
  'executions-cancel': async () => (await import('./commands/executions.js')).executionsCancelCommand,
  'executions-resume': async () => (await import('./commands/retry.js')).resumeCommand,
  'executions-approve': async () => (await import('./commands/approvals.js')).executionsDecideCommand,
  'executions-reject': async () => (await import('./commands/approvals.js')).executionsDecideCommand,
  serve: async () => (await import('./commands/serve.js')).serveCommand,
  mcp: async () => (await import('./commands/mcp.js')).mcpCommand,
  init: async () => (await import('./commands/init.js')).initCommand,
  'skills-list': async () => (await import('./commands/skills.js')).skillsListCommand,
  'skills-describe': async () => (await import('./commands/skills.js')).skillsDescribeCommand,
  'skills-refresh': async () => (await import('./commands/skills.js')).skillsRefreshCommand,
  'schedules-list': async () => (await import('./commands/schedules.js')).schedulesListCommand,
  'schedules-pause': async () => (await import('./commands/schedules.js')).schedulesPauseCommand,
  'schedules-resume': async () => (await import('./commands/schedules.js')).schedulesPauseCommand,
  worker: async () => (await import('./commands/worker.js')).workerCommand,
  'workers-list': async () => (await import('./commands/worker.js')).workersListCommand,
};

async function dispatch(command: Command, io: CliIo): Promise<ExitCode> {
  // TypeScript cannot tie `command` to the handler picked by its own kind; HANDLERS' type does.
  const load = HANDLERS[command.kind] as () => Promise<(command: Command, io: CliIo) => Promise<ExitCode>>;
  return (await load())(command, io);
}

/** Prints a usage mistake and the usage text of its topic. */
async function reportUsage(error: UsageError, io: CliIo): Promise<ExitCode> {
  const [{ helpText }, { terminalSafe }, { colorEnabled, createStyle }] = await Promise.all([
    import('./help.js'),
    import('./render/terminal-safe.js'),
    import('./terminal-style.js'),
  ]);
  const errStyle = createStyle(colorEnabled(io.stderr, io.env));
  io.stderr.write(`${errStyle.red('error')}: ${terminalSafe(error.message)}\n\n${helpText(error.topic)}`);
  return ExitCode.Invalid;
}

/** Reports any other failure (a workflow error's diagnostics, or an unexpected error). */
async function reportFailure(error: unknown, io: CliIo): Promise<ExitCode> {
  const [{ reportError }, { colorEnabled, createStyle }] = await Promise.all([
    import('./report-error.js'),
    import('./terminal-style.js'),
  ]);
  return reportError(error, io, createStyle(colorEnabled(io.stderr, io.env)));
}

/**
 * Runs `skill` with `argv` (the arguments after the program name) and resolves with the exit code;
 * never throws and never exits the process itself (except `io.exit` on a second Ctrl-C).
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  try {
    return await dispatch(parseCommandLine(argv), io);
  } catch (error) {
    return error instanceof UsageError ? reportUsage(error, io) : reportFailure(error, io);
  }
}
