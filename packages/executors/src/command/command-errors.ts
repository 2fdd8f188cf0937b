// Builds the WorkflowErrors of a finished command: non-zero exit, command not found, killed by a signal, cancelled.
import { constants } from 'node:os';
import { ErrorCode, WorkflowError } from '@skill/workflow-model';
import { abortReasonSuffix } from '../abort-reason.js';

/** Longest stderr excerpt put in an error message. */
export const STDERR_EXCERPT_CHARS = 500;

/** The last line(s) of stderr, at most {@link STDERR_EXCERPT_CHARS} characters, cut at a line start when possible. */
export function stderrExcerpt(stderr: string): string {
  const text = stderr.trimEnd();
  if (text.length <= STDERR_EXCERPT_CHARS) return text.trimStart();
  const tail = text.slice(-STDERR_EXCERPT_CHARS);
  const lineStart = tail.indexOf('\n');
  return `…${lineStart >= 0 && lineStart < tail.length - 1 ? tail.slice(lineStart + 1) : tail}`;
}

function withExcerpt(message: string, stderr: string): string {
  const excerpt = stderrExcerpt(stderr);
  return excerpt === '' ? message : `${message}: ${excerpt}`;
}

/** The shell convention for a process ended by a signal: 128 + the signal number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/** What a failed command carries into the error's details. */
export interface FailedCommand {
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  stderr: string;
  /** True when the command ran through `/bin/sh -c` (exit 127 then means "not found"). */
  viaShell: boolean;
  /** A short form of the command, for messages. */
  display: string;
  metadata: Record<string, unknown>;
  output: unknown;
}

/** The error for a command that exited non-zero or was killed by a signal it did not get from us. */
export function commandFailure(failed: FailedCommand): WorkflowError {
  const { metadata, output } = failed;
  if (failed.exitSignal !== null) {
    const exitCode = signalExitCode(failed.exitSignal);
    const message = withExcerpt(`command killed by ${failed.exitSignal}`, failed.stderr);
    return new WorkflowError(ErrorCode.CommandFailed, message, {
      exitCode,
      signal: failed.exitSignal,
      metadata,
      output,
    });
  }
  const exitCode = failed.exitCode ?? -1;
  if (exitCode === 127 && failed.viaShell) {
    const excerpt = stderrExcerpt(failed.stderr);
    const message = `command not found: ${excerpt === '' ? failed.display : excerpt}`;
    return new WorkflowError(ErrorCode.CommandNotFound, message, { exitCode, metadata, output });
  }
  const message = withExcerpt(`command exited with code ${exitCode}`, failed.stderr);
  return new WorkflowError(ErrorCode.CommandFailed, message, { exitCode, metadata, output });
}

/** The error for an attempt stopped through its AbortSignal (the scheduler reports timeouts itself). */
export function commandCancelled(reason: unknown, metadata: Record<string, unknown>, output: unknown): WorkflowError {
  return new WorkflowError(ErrorCode.Cancelled, `command cancelled${abortReasonSuffix(reason)}`, { metadata, output });
}
