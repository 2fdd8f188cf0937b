// The `command` step executor: runs a shell string or an argv array and maps the outcome to a StepResult.
import { resolve as resolvePath } from 'node:path';
import { createProcessRunner, hostEnvironment, type ProcessRunner } from '@skill/sandbox';
import {
  type CommandStep,
  type ExecutorContext,
  type StepExecutor,
  type StepResult,
  stepIdentityEnv,
} from '@skill/workflow-model';
import { nextMetadataPath } from '../output/metadata-dir.js';
import { takeMetadataFile, withEngineKeys } from '../output/metadata-file.js';
import { parseProcessOutput, stripFinalNewline } from '../output/parse-output.js';
import { commandCancelled, commandFailure, signalExitCode } from './command-errors.js';
import { commandLine, commandStepProblems, stdinText } from './command-line.js';

/** Default time between SIGTERM and SIGKILL when an attempt is aborted. */
export const DEFAULT_KILL_GRACE_MS = 2000;
/** Default wait for output pipes after the process exited (a background child may keep them open). */
export const DEFAULT_DRAIN_AFTER_EXIT_MS = 1000;

/** Tuning of {@link createCommandExecutor}. */
export interface CommandExecutorOptions {
  /** Starts the processes (default: {@link createProcessRunner}'s choice from SKILL_SPAWNER). */
  processRunner?: ProcessRunner;
  /** Time between SIGTERM and SIGKILL to the process group after an abort (default 2000 ms). */
  killGraceMs?: number;
  /** After the process exits, how long to wait for its output pipes to close (default 1000 ms). */
  drainAfterExitMs?: number;
}

/**
 * The child's environment: the engine's host environment (`ctx.step_environment`: all of `process.env` less
 * the `SKILL_SECRET_*` variables, or a clean allow-list on a server) plus the step's and the engine's variables.
 * (Inheriting through `Object.create(process.env)` would be cheaper but V8 caches the keys it
 * enumerates, so variables added to process.env later would silently go missing.)
 */
function commandEnv(step: CommandStep, ctx: ExecutorContext, metadataPath: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = hostEnvironment(ctx.step_environment);
  for (const [key, value] of Object.entries(step.env ?? {})) env[key] = String(value);
  env.SKILL_METADATA = metadataPath;
  Object.assign(env, stepIdentityEnv(ctx));
  return env;
}

/** How the executor runs processes. */
interface CommandSettings {
  runner: ProcessRunner;
  killGraceMs: number;
  drainAfterExitMs: number;
}

async function runCommand(step: CommandStep, ctx: ExecutorContext, settings: CommandSettings): Promise<StepResult> {
  const { runner, killGraceMs, drainAfterExitMs } = settings;
  const line = commandLine(step);
  runner.warmUp(); // the first command starts the spawner while the metadata folder is being made
  const metadataPath = await nextMetadataPath();
  const outcome = await runner.run({
    file: line.file,
    args: line.args,
    cwd: resolvePath(ctx.base_dir, step.working_dir ?? '.'),
    env: commandEnv(step, ctx, metadataPath),
    stdin: stdinText(step.stdin),
    signal: ctx.signal,
    outputLimitBytes: ctx.output_limit_bytes,
    log: ctx.log,
    killGraceMs,
    drainAfterExitMs,
  });
  const stepMetadata = await takeMetadataFile(metadataPath);
  const stderr = stripFinalNewline(outcome.stderr);
  const truncated = outcome.stdoutTruncated || outcome.stderrTruncated;
  const exitCode = outcome.exitCode ?? (outcome.exitSignal ? signalExitCode(outcome.exitSignal) : undefined);
  const metadata = withEngineKeys(stepMetadata, {
    exit_code: exitCode,
    stderr: stderr === '' ? undefined : stderr,
    truncated: truncated || undefined,
    stdout_truncated: outcome.stdoutTruncated || undefined,
    stderr_truncated: outcome.stderrTruncated || undefined,
  });
  const output = parseProcessOutput(outcome.stdout);
  if (outcome.cancelled) throw commandCancelled(ctx.signal.reason, metadata, output);
  if (outcome.exitCode === 0) return { output, metadata };
  throw commandFailure({
    exitCode: outcome.exitCode,
    exitSignal: outcome.exitSignal,
    stderr,
    viaShell: line.viaShell,
    display: line.display,
    metadata,
    output,
  });
}

/**
 * Creates a `command` executor. A string runs through `/bin/sh -c`, an array as argv (no shell);
 * the process gets its own process group so an abort kills the whole tree.
 */
export function createCommandExecutor(options: CommandExecutorOptions = {}): StepExecutor<CommandStep> {
  const settings: CommandSettings = {
    runner: options.processRunner ?? createProcessRunner(),
    killGraceMs: options.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
    drainAfterExitMs: options.drainAfterExitMs ?? DEFAULT_DRAIN_AFTER_EXIT_MS,
  };
  return {
    type: 'command',
    validate: commandStepProblems,
    run: (step, ctx) => runCommand(step, ctx, settings),
  };
}
