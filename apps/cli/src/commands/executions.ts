// `skill executions list|show|logs|cancel`: recorded executions and their event logs; cancel wherever one runs.
import { type ExecutionRecord, isTerminalExecutionStatus, WorkflowError } from '@skill/workflow-model';
import type { CliIo } from '../cli-io.js';
import type {
  ExecutionsCancelCommand,
  ExecutionsListCommand,
  ExecutionsLogsCommand,
  ExecutionsShowCommand,
} from '../command-types.js';
import { type CliEngineOptions, withCliEngine } from '../engine.js';
import { ExitCode } from '../exit-codes.js';
import { executionListLines, executionShowLines } from '../render/execution-lines.js';
import { jsonLine } from '../render/json-lines.js';
import { createRunRenderer, type RunRenderer } from '../render/run-renderer.js';
import { terminalJson, terminalSafeDeep } from '../render/terminal-safe.js';
import { colorEnabled, createStyle } from '../terminal-style.js';
import { exitCodeForStatus } from './supervise-run.js';

function storeOptions(cmd: { database?: string }, io: CliIo): CliEngineOptions {
  return { env: io.env, store: 'read', ...(cmd.database ? { database: cmd.database } : {}) };
}

/** A record for listings: everything but the definition snapshot and the step records. */
function summary(record: ExecutionRecord): Omit<ExecutionRecord, 'definition' | 'steps'> {
  const { definition: _definition, steps: _steps, ...rest } = record;
  return rest;
}

/** JSON lines need nothing but the events; plain lines need the definition snapshot. */
function logsRenderer(cmd: ExecutionsLogsCommand, record: ExecutionRecord, io: CliIo): RunRenderer {
  if (cmd.json) {
    return {
      onEvent: (event) => io.stdout.write(jsonLine(event)),
      notice: () => {},
      finish: () => {},
      abort: () => {},
    };
  }
  if (!record.definition) {
    throw new WorkflowError('INVALID_VALUE', `execution ${record.id} has no definition snapshot: use --json`);
  }
  return createRunRenderer('plain', {
    io,
    definition: record.definition,
    out: createStyle(colorEnabled(io.stdout, io.env)),
    err: createStyle(colorEnabled(io.stderr, io.env)),
  });
}

/** `skill executions list`: newest first, filtered; always exits 0. */
export async function executionsListCommand(cmd: ExecutionsListCommand, io: CliIo): Promise<ExitCode> {
  const page = await withCliEngine(io.cwd, storeOptions(cmd, io), (engine) =>
    engine.listExecutions({
      limit: cmd.limit,
      ...(cmd.workflow ? { workflow_name: cmd.workflow } : {}),
      ...(cmd.status ? { status: cmd.status } : {}),
    }),
  );
  if (cmd.json) {
    const json = { items: page.items.map(summary), ...(page.next_cursor ? { next_cursor: page.next_cursor } : {}) };
    io.stdout.write(`${terminalJson(json, 2)}\n`);
  } else if (page.items.length === 0) {
    io.stdout.write('no executions recorded\n');
  } else {
    const style = createStyle(colorEnabled(io.stdout, io.env));
    const more = page.next_cursor ? [style.dim(`(more with --limit above ${cmd.limit})`)] : [];
    io.stdout.write(`${[...executionListLines(terminalSafeDeep(page.items), style), ...more].join('\n')}\n`);
  }
  return ExitCode.Completed;
}

/** `skill executions show <id>`: exits 0, or 2 (EXECUTION_NOT_FOUND) for an unknown id. */
export async function executionsShowCommand(cmd: ExecutionsShowCommand, io: CliIo): Promise<ExitCode> {
  const record = await withCliEngine(io.cwd, storeOptions(cmd, io), (engine) => engine.requireExecution(cmd.id));
  if (cmd.json) io.stdout.write(`${terminalJson(record, 2)}\n`);
  else {
    const style = createStyle(colorEnabled(io.stdout, io.env));
    io.stdout.write(`${executionShowLines(terminalSafeDeep(record), style).join('\n')}\n`);
  }
  return ExitCode.Completed;
}

/**
 * `skill executions logs <id>`: the recorded events as plain lines (or JSON lines), and the final report once the
 * execution has ended. With `--follow`, keeps printing until it ends and exits like a run (Ctrl-C: 130).
 */
export async function executionsLogsCommand(cmd: ExecutionsLogsCommand, io: CliIo): Promise<ExitCode> {
  return withCliEngine(io.cwd, storeOptions(cmd, io), async (engine) => {
    const record = await engine.requireExecution(cmd.id);
    const err = createStyle(colorEnabled(io.stderr, io.env));
    const renderer = logsRenderer(cmd, record, io);
    if (!cmd.follow) {
      for (const event of await engine.listEvents(cmd.id)) renderer.onEvent(event);
      if (isTerminalExecutionStatus(record.status)) renderer.finish(record);
      else if (!cmd.json) io.stderr.write(`${err.dim(`execution is ${record.status} (--follow keeps watching)`)}\n`);
      return ExitCode.Completed;
    }
    const controller = new AbortController();
    const stopListening = io.onSignal?.((signal) => controller.abort(signal));
    try {
      for await (const event of engine.follow(cmd.id, { signal: controller.signal })) renderer.onEvent(event);
      if (controller.signal.aborted) return ExitCode.Cancelled;
      const final = await engine.requireExecution(cmd.id);
      renderer.finish(final);
      return exitCodeForStatus(final.status);
    } finally {
      stopListening?.();
    }
  });
}

/**
 * `skill executions cancel <id>`: cancels a pending or running execution wherever it runs (the process running it,
 * another `skill workflow run` or `skill serve`, sees the request within a second) and waits up to 15 s for it to
 * stop. Exits 0 once cancelled or requested, 1 when it is not running, 2 when there is no such execution.
 */
export async function executionsCancelCommand(cmd: ExecutionsCancelCommand, io: CliIo): Promise<ExitCode> {
  return withCliEngine(io.cwd, storeOptions(cmd, io), async (engine) => {
    const { outcome, record, ended } = await engine.cancel(cmd.id, {
      reason: 'cancelled from the command line',
      wait: true,
    });
    const { status } = record;
    if (cmd.json) {
      io.stdout.write(`${JSON.stringify({ execution_id: cmd.id, outcome, status })}\n`);
    } else if (outcome === 'not_running') {
      io.stderr.write(`execution ${cmd.id} is not running (status ${status})\n`);
    } else if (outcome === 'cancelled') {
      io.stdout.write(`execution ${cmd.id} cancelled (the process that ran it was gone)\n`);
    } else if (ended) {
      io.stdout.write(`execution ${cmd.id} ${status}\n`);
    } else {
      io.stdout.write(
        `cancel requested; execution ${cmd.id} is still ${status}: the process running it has not stopped it yet\n`,
      );
    }
    return outcome === 'not_running' ? ExitCode.Failed : ExitCode.Completed;
  });
}
