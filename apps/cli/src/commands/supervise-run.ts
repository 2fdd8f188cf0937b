// Drives one execution to its end on the terminal: the first Ctrl-C cancels it, a second one leaves at once.
import type { ExecutionRecord, ExecutionStatus } from '@skill/workflow-model';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import type { RunRenderer } from '../render/run-renderer.js';
import type { Style } from '../terminal-style.js';

/** The exit code for how an execution ended. */
export function exitCodeForStatus(status: ExecutionStatus): ExitCode {
  if (status === 'completed') return ExitCode.Completed;
  if (status === 'cancelled') return ExitCode.Cancelled;
  return ExitCode.Failed;
}

/** How a supervised run ended. */
export interface RunOutcome {
  code: ExitCode;
  /** True when a second interrupt left before the run was over. */
  forced: boolean;
  /** Settles once the run is really over (later than the return when `forced`). */
  settled: Promise<void>;
}

/**
 * Runs `start` (which must stop soon after its signal aborts) and renders the end with `renderer`.
 * Rejects like `start` does (invalid workflow, inputs...); the renderer is aborted then.
 */
export async function superviseRun(
  io: CliIo,
  renderer: RunRenderer,
  err: Style,
  start: (signal: AbortSignal) => Promise<ExecutionRecord>,
): Promise<RunOutcome> {
  const controller = new AbortController();
  let interrupts = 0;
  let left = false;
  let leaveNow: (code: ExitCode) => void = () => {};
  const forced = new Promise<ExitCode>((resolve) => {
    leaveNow = resolve;
  });
  const stopListening = io.onSignal?.((signal) => {
    interrupts += 1;
    if (interrupts === 1) {
      renderer.notice(`${err.yellow('cancelling…')} ${err.dim('(press Ctrl-C again to exit now)')}`);
      controller.abort(`interrupted (${signal})`);
      return;
    }
    left = true;
    renderer.abort();
    leaveNow(ExitCode.Cancelled);
    io.exit?.(ExitCode.Cancelled);
  });
  const run = start(controller.signal).then((record) => {
    if (!left) renderer.finish(record);
    return exitCodeForStatus(record.status);
  });
  // After a forced exit nobody awaits the run any more; its late failure must not become unhandled.
  const settled = run.then(
    () => {},
    () => {},
  );
  try {
    const code = await Promise.race([run, forced]);
    return { code, forced: left, settled };
  } catch (error) {
    renderer.abort();
    throw error;
  } finally {
    stopListening?.();
  }
}
