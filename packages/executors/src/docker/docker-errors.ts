// The WorkflowErrors of a finished container: OOM-killed (memory limit named), volume permissions, not found, non-zero exit, timeout, cancel.
import { type SandboxResult, type SandboxVolume, volumePermissionProblem } from '@skill/sandbox';
import { ErrorCode, formatBytes, formatDuration, WorkflowError } from '@skill/workflow-model';
import { abortReasonSuffix } from '../abort-reason.js';
import { stderrExcerpt } from '../command/command-errors.js';

/** What the failure needs to know about the run. */
export interface ContainerOutcome {
  result: SandboxResult;
  /** stderr without its final newline. */
  stderr: string;
  metadata: Record<string, unknown>;
  output: unknown;
  memoryBytes: number | undefined;
  timeoutMs: number | undefined;
  volumes: SandboxVolume[];
  user: string | undefined;
  /** True when the command ran through `/bin/sh -c` (exit 127 then means "not found"). */
  viaShell: boolean;
  abortReason: unknown;
}

function withExcerpt(message: string, stderr: string): string {
  const excerpt = stderrExcerpt(stderr);
  return excerpt === '' ? message : `${message}: ${excerpt}`;
}

/** The error for a container that did not succeed, or undefined when it exited 0. */
export async function containerFailure(outcome: ContainerOutcome): Promise<WorkflowError | undefined> {
  const { result, stderr, metadata, output } = outcome;
  const exitCode = result.exitCode;
  if (result.cancelled) {
    return new WorkflowError(ErrorCode.Cancelled, `container cancelled${abortReasonSuffix(outcome.abortReason)}`, {
      metadata,
      output,
    });
  }
  if (result.timedOut) {
    const after = outcome.timeoutMs === undefined ? '' : ` after ${formatDuration(outcome.timeoutMs)}`;
    return new WorkflowError(ErrorCode.Timeout, `timed out${after}`, {
      timeoutMs: outcome.timeoutMs,
      exitCode,
      metadata,
      output,
    });
  }
  if (exitCode === 0) return undefined;
  if (result.oomKilled) {
    const limit = outcome.memoryBytes === undefined ? '' : ` (memory_limit ${formatBytes(outcome.memoryBytes)})`;
    return new WorkflowError('OOM_KILLED', `container was killed: out of memory${limit}`, {
      exitCode,
      memoryLimitBytes: outcome.memoryBytes,
      metadata,
      output,
    });
  }
  const permission = await volumePermissionProblem(stderr, outcome.volumes, outcome.user);
  if (permission !== undefined) {
    return new WorkflowError('VOLUME_PERMISSION', permission, { exitCode, retryable: false, metadata, output });
  }
  if (exitCode === 127 && outcome.viaShell) {
    const excerpt = stderrExcerpt(stderr);
    return new WorkflowError(ErrorCode.CommandNotFound, `command not found in the container: ${excerpt}`, {
      exitCode,
      metadata,
      output,
    });
  }
  return new WorkflowError(ErrorCode.CommandFailed, withExcerpt(`container exited with code ${exitCode}`, stderr), {
    exitCode,
    metadata,
    output,
  });
}
