// Runs a piece of code in a language's interpreter, in a container (default) or on the host, and maps the outcome.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix, resolve as resolvePath } from 'node:path';
import { type Sandbox, SandboxLabel, type SandboxResult, type SandboxRunSpec } from '@skill/sandbox';
import { type ExecutorContext, type InlineLanguage, type StepResult, stepIdentityEnv } from '@skill/workflow-model';
import { stdinText } from '../command/command-line.js';
import { parseMetadataText, withEngineKeys } from '../output/metadata-file.js';
import { parseProcessOutput, stripFinalNewline } from '../output/parse-output.js';
import { dockerSandbox, type ResolvedSandboxes } from './default-sandboxes.js';
import { inlineCancelled, inlineFailure, inlineOomKilled, inlineTimedOut, untrustedNative } from './inline-errors.js';
import { CONTAINER_SCRIPT_DIR, CONTAINER_WORKDIR, LANGUAGES } from './inline-languages.js';
import { nativeInterpreter } from './interpreter-path.js';

/** One piece of code to run: what inline_code steps and the built-in code skills both hand over. */
export interface InlineRunRequest {
  language: InlineLanguage;
  /** The code text (already read from `script_file` when the step names one). */
  code: string;
  /** Written to stdin: a string as is, anything else as JSON; `undefined`/`null` give empty stdin. */
  stdin?: unknown;
  environment?: Record<string, string>;
  /** Overrides the language's default image. */
  image?: string;
  /** Runs on the host with the local interpreter (refused below the trusted level). */
  unsafeNative?: boolean;
  /** Container path (relative ones resolve against /tmp), or host path relative to `ctx.base_dir` when native. */
  workingDir?: string;
  memoryBytes?: number;
  cpus?: number;
  /** Docker network mode; the sandbox defaults to `none`. */
  network?: string;
  /** Names the code in messages, e.g. `inline python code` or `skill python.execute`. */
  what?: string;
}

function engineEnv(request: InlineRunRequest, ctx: ExecutorContext): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.environment ?? {})) env[key] = String(value);
  return Object.assign(env, stepIdentityEnv(ctx));
}

function baseSpec(request: InlineRunRequest, ctx: ExecutorContext): Omit<SandboxRunSpec, 'command'> {
  return {
    stdin: stdinText(request.stdin),
    env: engineEnv(request, ctx),
    signal: ctx.signal,
    outputLimitBytes: ctx.output_limit_bytes,
    onOutput: (line, stream) => ctx.log(line, stream),
    metadata: true,
  };
}

function containerSpec(request: InlineRunRequest, ctx: ExecutorContext): SandboxRunSpec {
  const runtime = LANGUAGES[request.language];
  const file = `${CONTAINER_SCRIPT_DIR}/${runtime.fileName}`;
  const limits: NonNullable<SandboxRunSpec['limits']> = {};
  if (request.memoryBytes !== undefined) limits.memoryBytes = request.memoryBytes;
  if (request.cpus !== undefined) limits.cpus = request.cpus;
  return {
    ...baseSpec(request, ctx),
    image: request.image ?? runtime.defaultImage,
    command: runtime.containerArgv(file),
    files: [{ path: file, content: request.code, mode: 0o644 }],
    workdir: posix.resolve(CONTAINER_WORKDIR, request.workingDir ?? '.'),
    network: request.network,
    limits,
    labels: { [SandboxLabel.ExecutionId]: ctx.execution_id, [SandboxLabel.StepId]: ctx.step_id },
    boundary: ctx.boundary,
  };
}

/**
 * Runs on the host. The script goes into a private temp folder of its own (the process's cwd is
 * the working dir, `ctx.base_dir` by default, like a command step), removed afterwards.
 */
async function runNative(request: InlineRunRequest, ctx: ExecutorContext, sandbox: Sandbox): Promise<SandboxResult> {
  const env = engineEnv(request, ctx);
  const interpreter = await nativeInterpreter(request.language, env.PATH ?? process.env.PATH);
  const folder = await mkdtemp(join(tmpdir(), 'skill-inline-'));
  try {
    const file = join(folder, LANGUAGES[request.language].fileName);
    await writeFile(file, request.code, { mode: 0o600 });
    return await sandbox.run({
      ...baseSpec(request, ctx),
      native: true,
      hostEnvironment: ctx.step_environment ?? 'inherit',
      command: [interpreter, file],
      workdir: resolvePath(ctx.base_dir, request.workingDir ?? '.'),
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function resultMetadata(request: InlineRunRequest, result: SandboxResult, native: boolean): Record<string, unknown> {
  const stepMetadata = result.metadataText === undefined ? {} : parseMetadataText(result.metadataText);
  const stderr = stripFinalNewline(result.stderr);
  const truncated = result.stdoutTruncated || result.stderrTruncated;
  return withEngineKeys(stepMetadata, {
    exit_code: result.exitCode,
    stderr: stderr === '' ? undefined : stderr,
    language: request.language,
    image: native ? undefined : result.image,
    native: native || undefined,
    truncated: truncated || undefined,
    stdout_truncated: result.stdoutTruncated || undefined,
    stderr_truncated: result.stderrTruncated || undefined,
  });
}

/**
 * Runs `request.code` as a file with the language's interpreter (argv, never a shell string): in a
 * container by default, on the host with `unsafeNative` (only when `ctx.boundary.level` is trusted). stdout becomes the
 * output (JSON parsed when it is JSON); exit_code, stderr, language, image and truncated go to metadata
 * next to the keys the code wrote to SKILL_METADATA (never overwritten).
 */
export async function runInlineCode(
  request: InlineRunRequest,
  ctx: ExecutorContext,
  sandboxes: ResolvedSandboxes,
): Promise<StepResult> {
  const what = request.what ?? `inline ${request.language} code`;
  const native = request.unsafeNative === true;
  if (native && ctx.boundary.level !== 'trusted') throw untrustedNative(what);
  const result = native
    ? await runNative(request, ctx, sandboxes.native)
    : await dockerSandbox(sandboxes).run(containerSpec(request, ctx));
  const metadata = resultMetadata(request, result, native);
  const output = parseProcessOutput(result.stdout);
  if (result.cancelled) throw inlineCancelled(what, ctx.signal.reason, metadata, output);
  if (result.timedOut) throw inlineTimedOut(what, metadata, output);
  const failed = {
    what,
    language: request.language,
    exitCode: result.exitCode,
    stderr: stripFinalNewline(result.stderr),
    metadata,
    output,
  };
  if (result.oomKilled) throw inlineOomKilled(failed, request.memoryBytes);
  if (result.exitCode !== 0) throw inlineFailure(failed);
  return { output, metadata };
}
