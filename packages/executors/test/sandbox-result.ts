// A Sandbox result for executor tests that need no real sandbox: a run that exited 0 with no output.
import type { SandboxResult } from '@skill/sandbox';

/**
 * A SandboxResult of a run that exited 0, printed nothing and was neither truncated, killed nor stopped;
 * `overrides` win.
 *
 * @example
 * containerFailure(outcome(sandboxResult({ exitCode: 137, oomKilled: true })))
 */
export function sandboxResult(overrides: Partial<SandboxResult> = {}): SandboxResult {
  return {
    exitCode: 0,
    stdout: '',
    stderr: '',
    stdoutTruncated: false,
    stderrTruncated: false,
    oomKilled: false,
    timedOut: false,
    cancelled: false,
    durationMs: 1,
    ...overrides,
  };
}
