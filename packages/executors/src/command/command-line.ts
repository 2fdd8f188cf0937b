// Checks a command step's shape and turns `command` into a program and its arguments (shell string or argv).
import type { CommandStep } from '@skill/workflow-model';
import { ErrorCode, WorkflowError } from '@skill/workflow-model';

/** The shell that runs string commands. */
export const SHELL = '/bin/sh';

/** A command ready to spawn. */
export interface CommandLine {
  file: string;
  args: string[];
  viaShell: boolean;
  /** A short form for messages. */
  display: string;
}

const DISPLAY_CHARS = 200;

function shorten(text: string): string {
  return text.length <= DISPLAY_CHARS ? text : `${text.slice(0, DISPLAY_CHARS)}…`;
}

/** Problems with a command step's fields, as human messages (empty when fine). */
export function commandStepProblems(step: CommandStep): string[] {
  const problems: string[] = [];
  const { command } = step;
  if (typeof command === 'string') {
    if (command.trim() === '') problems.push('`command` is empty');
  } else if (Array.isArray(command)) {
    if (command.length === 0) problems.push('`command` is an empty array');
    else if (!command.every((part) => typeof part === 'string'))
      problems.push('`command` array must hold only strings');
    else if (command[0] === '') problems.push('`command[0]` (the program) is empty');
  } else {
    problems.push('`command` must be a string or an array of strings');
  }
  if (step.working_dir !== undefined && typeof step.working_dir !== 'string') {
    problems.push('`working_dir` must be a string');
  }
  return problems;
}

/** The program and arguments of a step; a malformed step fails with INVALID_VALUE (not retryable). */
export function commandLine(step: CommandStep): CommandLine {
  const problems = commandStepProblems(step);
  if (problems.length > 0) {
    throw new WorkflowError(ErrorCode.InvalidValue, problems.join('; '), { retryable: false });
  }
  const { command } = step;
  if (typeof command === 'string') {
    return { file: SHELL, args: ['-c', command], viaShell: true, display: shorten(command) };
  }
  const [file, ...args] = command as [string, ...string[]];
  return { file, args, viaShell: false, display: shorten(command.join(' ')) };
}

/** The text written to stdin: strings as is, anything else as JSON; `undefined`/`null` give no stdin. */
export function stdinText(stdin: unknown): string | undefined {
  if (stdin === undefined || stdin === null) return undefined;
  return typeof stdin === 'string' ? stdin : JSON.stringify(stdin);
}
