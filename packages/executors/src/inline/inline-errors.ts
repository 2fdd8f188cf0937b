// The WorkflowErrors of inline code: refused when untrusted, non-zero exit, OOM-killed, timed out, cancelled.
import { ErrorCode, formatBytes, type InlineLanguage, WorkflowError } from '@skill/workflow-model';
import { abortReasonSuffix } from '../abort-reason.js';
import { stderrExcerpt } from '../command/command-errors.js';
import { LANGUAGES } from './inline-languages.js';

/** Code of the error raised when an untrusted workflow asks for host execution. */
export const UNTRUSTED_STEP = 'UNTRUSTED_STEP';
/** Code of the error raised when the container was killed by the OOM killer. */
export const OOM_KILLED = 'OOM_KILLED';

/** `unsafe_native` asked for by a workflow that is not trusted. */
export function untrustedNative(what: string): WorkflowError {
  return new WorkflowError(
    UNTRUSTED_STEP,
    `${what} asks for unsafe_native (host execution), which is refused for untrusted workflows ` +
      '(created through the API or MCP); remove unsafe_native to run it in a container, or start the server ' +
      'with --allow-untrusted',
    { retryable: false },
  );
}

/**
 * The end of stderr for an error message, without the language's stack-frame lines, so the error
 * line (node's `SyntaxError: ...` above its `at ...` frames, ruby's above its `from ...` lines) stays in.
 *
 * @example
 * stderrSummary('main.js:1\nlet x = ;\n        ^\n\nSyntaxError: Unexpected token \';\'\n    at wrapSafe (...)\n', 'node');
 * // "main.js:1\nlet x = ;\n        ^\n\nSyntaxError: Unexpected token ';'"
 */
export function stderrSummary(stderr: string, language: InlineLanguage | undefined): string {
  const trace = language === undefined ? undefined : LANGUAGES[language].traceLine;
  if (trace === undefined) return stderrExcerpt(stderr);
  return stderrExcerpt(
    stderr
      .split('\n')
      .filter((line) => !trace.test(line))
      .join('\n'),
  );
}

/** What a finished run carries into its error. */
export interface FailedRun {
  /** `python code`, `skill python.execute` ... */
  what: string;
  /** The language, whose stack frames are left out of the message. */
  language?: InlineLanguage;
  exitCode: number;
  stderr: string;
  metadata: Record<string, unknown>;
  output: unknown;
}

/** Non-zero exit: COMMAND_FAILED with the exit code and the end of stderr (stack frames left out) in the message. */
export function inlineFailure(failed: FailedRun): WorkflowError {
  const excerpt = stderrSummary(failed.stderr, failed.language);
  const head = `${failed.what} exited with code ${failed.exitCode}`;
  return new WorkflowError(ErrorCode.CommandFailed, excerpt === '' ? head : `${head}: ${excerpt}`, {
    exitCode: failed.exitCode,
    metadata: failed.metadata,
    output: failed.output,
  });
}

/** The kernel's OOM killer ended the container: OOM_KILLED naming the memory limit. */
export function inlineOomKilled(failed: FailedRun, memoryBytes: number | undefined): WorkflowError {
  const limit = memoryBytes === undefined ? 'no memory_limit set' : `memory_limit ${formatBytes(memoryBytes)}`;
  return new WorkflowError(
    OOM_KILLED,
    `${failed.what} was killed for using too much memory (exit ${failed.exitCode}, out of memory, ${limit}); ` +
      'raise memory_limit or use less memory',
    { exitCode: failed.exitCode, metadata: failed.metadata, output: failed.output, memoryLimitBytes: memoryBytes },
  );
}

/** The run's own timeout stopped it. */
export function inlineTimedOut(what: string, metadata: Record<string, unknown>, output: unknown): WorkflowError {
  return new WorkflowError(ErrorCode.Timeout, `${what} timed out and was stopped`, { metadata, output });
}

/** The step's AbortSignal stopped the run (the scheduler reports step timeouts itself). */
export function inlineCancelled(
  what: string,
  reason: unknown,
  metadata: Record<string, unknown>,
  output: unknown,
): WorkflowError {
  return new WorkflowError(ErrorCode.Cancelled, `${what} cancelled${abortReasonSuffix(reason)}`, { metadata, output });
}
