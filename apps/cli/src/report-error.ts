// Turns a failed command into stderr text and an exit code: diagnostics for user mistakes, no stack traces.
import { type Diagnostic, ErrorCode, formatDiagnostic, isWorkflowError } from '@skill/workflow-model';
import type { CliIo } from './cli-io.js';
import { ExitCode } from './exit-codes.js';
import { terminalSafe, terminalSafeDeep } from './render/terminal-safe.js';
import type { Style } from './terminal-style.js';

/** Codes that mean "the workflow or its inputs are wrong" (exit 2), not "something failed". */
const INVALID_CODES: ReadonlySet<string> = new Set([
  ErrorCode.WorkflowInvalid,
  ErrorCode.WorkflowNotFound,
  ErrorCode.ExecutionNotFound,
  ErrorCode.StepNotFound,
  ErrorCode.InputsInvalid,
  ErrorCode.ExecutorNotFound,
  ErrorCode.TomlSyntax,
  ErrorCode.SchemaViolation,
  ErrorCode.UnknownKey,
  ErrorCode.InvalidValue,
  ErrorCode.DependencyCycle,
  ErrorCode.UnknownDependency,
  ErrorCode.DuplicateStepId,
  ErrorCode.UnknownStepType,
  ErrorCode.PolicyViolation,
  ErrorCode.InputMissing,
  ErrorCode.InputType,
  ErrorCode.InputUnknown,
  ErrorCode.InputEnum,
  // `skill serve --host 0.0.0.0` without a token: a configuration mistake.
  ErrorCode.AuthRequired,
]);

/**
 * {@link formatDiagnostic}, with the severity in red (errors) or yellow (warnings) when colour is on;
 * control characters in it (a quoted TOML string) are shown, not obeyed.
 */
export function formatDiagnosticStyled(d: Diagnostic, style: Style): string {
  const plain = formatDiagnostic(terminalSafeDeep(d));
  const marker = `: ${d.severity} ${d.code}`;
  const paint = d.severity === 'error' ? style.red : style.yellow;
  return plain.replace(marker, `: ${paint(d.severity)} ${d.code}`);
}

/** Prints `error` for a command that threw and returns the exit code. */
export function reportError(error: unknown, io: CliIo, style: Style): ExitCode {
  if (isWorkflowError(error)) {
    const diagnostics = error.diagnostics;
    if (diagnostics.length > 0) {
      for (const d of diagnostics) io.stderr.write(`${formatDiagnosticStyled(d, style)}\n`);
    } else {
      io.stderr.write(`${style.red('error')} ${error.code}: ${terminalSafe(error.message)}\n`);
    }
    return diagnostics.length > 0 || INVALID_CODES.has(error.code) ? ExitCode.Invalid : ExitCode.Failed;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`${style.red('internal error')}: ${terminalSafe(message)}\n`);
  if (io.env.SKILL_DEBUG === '1' && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return ExitCode.Failed;
}
