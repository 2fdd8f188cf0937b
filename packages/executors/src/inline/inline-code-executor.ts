// The `inline_code` step executor: code or script_file, run by runInlineCode in a container or (trusted) on the host.
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve as resolvePath } from 'node:path';
import {
  ErrorCode,
  type ExecutorContext,
  type InlineCodeStep,
  type StepExecutor,
  type StepResult,
  WorkflowError,
} from '@skill/workflow-model';
import { type InlineSandboxes, type ResolvedSandboxes, resolveSandboxes } from './default-sandboxes.js';
import { untrustedNative } from './inline-errors.js';
import { runInlineCode } from './inline-runner.js';
import { inlineCodeStepProblems } from './inline-step-checks.js';

/** Sandboxes of {@link createInlineCodeExecutor}: Docker defaults to a shared one, native to one on `processRunner`. */
export type InlineCodeExecutorOptions = InlineSandboxes;

function unreadable(file: string, path: string, why: string): WorkflowError {
  return new WorkflowError(
    ErrorCode.InvalidValue,
    `inline_code.script_file "${file}" cannot be read (${path}): ${why}`,
    {
      retryable: false,
      path,
    },
  );
}

/** True when `path` is `folder` or inside it. */
function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Reads `script_file` relative to the workflow's folder; a missing or unreadable file is not
 * retryable. An untrusted workflow may only read files inside that folder (symlinks resolved), so
 * it cannot run host files such as keys through an interpreter and read them back from stderr.
 */
async function scriptText(file: string, ctx: ExecutorContext): Promise<string> {
  const path = resolvePath(ctx.base_dir, file);
  try {
    if (ctx.boundary.level !== 'trusted') {
      const [folder, real] = await Promise.all([realpath(ctx.base_dir), realpath(path)]);
      if (!isInside(folder, real)) throw unreadable(file, path, "it is outside the workflow's folder");
    }
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof WorkflowError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw unreadable(file, path, why);
  }
}

async function runInlineStep(
  step: InlineCodeStep,
  ctx: ExecutorContext,
  sandboxes: ResolvedSandboxes,
): Promise<StepResult> {
  const problems = inlineCodeStepProblems(step);
  if (problems.length > 0) throw new WorkflowError(ErrorCode.InvalidValue, problems.join('; '), { retryable: false });
  const spec = step.inline_code;
  if (spec.unsafe_native && ctx.boundary.level !== 'trusted') throw untrustedNative(`step "${step.id}"`);
  const code = spec.script_file !== undefined ? await scriptText(spec.script_file, ctx) : (spec.code ?? '');
  return runInlineCode(
    {
      language: spec.language,
      code,
      stdin: spec.stdin,
      environment: spec.environment,
      image: spec.docker_image,
      unsafeNative: spec.unsafe_native,
      workingDir: spec.working_dir,
      memoryBytes: spec.memory_limit_bytes ?? step.memory_limit_bytes,
      cpus: spec.cpu_limit ?? step.cpu_limit,
      network: spec.network,
    },
    ctx,
    sandboxes,
  );
}

/**
 * Creates an `inline_code` executor. The code reaches the interpreter as a file (argv
 * `[interpreter, file]`, never a shell string), in a container of the language's default image or
 * `docker_image`; `unsafe_native = true` runs it with the host's interpreter, refused (UNTRUSTED_STEP)
 * for untrusted workflows.
 */
export function createInlineCodeExecutor(options: InlineCodeExecutorOptions = {}): StepExecutor<InlineCodeStep> {
  const sandboxes = resolveSandboxes(options);
  return {
    type: 'inline_code',
    validate: inlineCodeStepProblems,
    run: (step, ctx) => runInlineStep(step, ctx, sandboxes),
  };
}
