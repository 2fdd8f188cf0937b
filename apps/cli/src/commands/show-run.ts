// Shows one execution on the terminal from start to end (`workflow run`, `workflow retry`, `executions resume`):
// opens the CLI engine, picks the progress display, supervises Ctrl-C, and closes the engine once the run is over.
import type { Engine } from '@skill/workflow-core';
import type { ExecutionRecord, WorkflowDefinition, WorkflowEvent } from '@skill/workflow-model';
import type { CliIo } from '../cli-io.js';
import { createCliEngine } from '../engine.js';
import type { ExitCode } from '../exit-codes.js';
import { createRunRenderer, type RenderMode } from '../render/run-renderer.js';
import { colorEnabled, createStyle } from '../terminal-style.js';
import { type RunOutcome, superviseRun } from './supervise-run.js';

/** How progress is shown for `--json`, `--quiet`, a terminal or a pipe. */
function renderMode(cmd: { json: boolean; quiet: boolean }, io: CliIo): RenderMode {
  if (cmd.json) return 'json';
  if (cmd.quiet) return 'quiet';
  return io.stdout.isTTY ? 'live' : 'plain';
}

/** A run about to be shown: the workflow it runs and how to run it to its end. */
export interface ShownRun {
  definition: WorkflowDefinition;
  /** Runs to the end (stopping soon after `signal` aborts), telling `onEvent` of each event. */
  run(signal: AbortSignal, onEvent: (event: WorkflowEvent) => void): Promise<ExecutionRecord>;
}

/**
 * Opens the CLI engine, lets `begin` load or start the run, and shows it to its end; returns the exit code.
 * Throws like `begin` (invalid workflow or inputs, unknown execution).
 */
export async function showRun(
  cmd: { json: boolean; quiet: boolean; database?: string; queue?: string },
  io: CliIo,
  begin: (engine: Engine) => Promise<ShownRun>,
): Promise<ExitCode> {
  const cli = await createCliEngine(io.cwd, {
    env: io.env,
    tracing: true,
    ...(cmd.database ? { database: cmd.database } : {}),
    ...(cmd.queue ? { queue: cmd.queue } : {}),
  });
  let outcome: RunOutcome | undefined;
  try {
    const shown = await begin(cli.engine);
    const err = createStyle(colorEnabled(io.stderr, io.env));
    const renderer = createRunRenderer(renderMode(cmd, io), {
      io,
      definition: shown.definition,
      out: createStyle(colorEnabled(io.stdout, io.env)),
      err,
    });
    outcome = await superviseRun(io, renderer, err, (signal) => shown.run(signal, (event) => renderer.onEvent(event)));
    return outcome.code;
  } finally {
    // After a forced exit the run is still stopping: release the store once it is over.
    if (outcome?.forced) void outcome.settled.then(() => cli.close());
    else await cli.close();
  }
}
