// NativeSandbox: runs the command as a local process (unsafe_native) in a private temp folder, with the Sandbox contract.

import { chmod, mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { hostEnvironment } from './host-environment.js';
import { createProcessRunner } from './process/create-process-runner.js';
import type { ProcessRunner } from './process/process-runner.js';
import type { ProcessOutcome } from './process/process-spec.js';
import { RunControl } from './run-control.js';
import type { Sandbox, SandboxFile, SandboxResult, SandboxRunSpec } from './sandbox.js';
import { configurationError, SandboxErrorCode } from './sandbox-errors.js';

/** Options of {@link NativeSandbox}. */
export interface NativeSandboxOptions {
  /** Starts the processes (default: {@link createProcessRunner}'s choice from SKILL_SPAWNER). */
  processRunner?: ProcessRunner;
  /** Time between SIGTERM and SIGKILL to the process group after an abort or timeout (default 2000 ms). */
  killGraceMs?: number;
  /** After the process exited, how long a background child may hold its output pipes (default 1000 ms). */
  drainAfterExitMs?: number;
}

/** Writes `files` under `workdir`; paths must stay inside it. */
async function writeFiles(workdir: string, files: SandboxFile[]): Promise<void> {
  for (const file of files) {
    const target = resolve(workdir, file.path);
    const inside = relative(workdir, target);
    if (isAbsolute(file.path) || inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
      throw configurationError(
        SandboxErrorCode.InvalidValue,
        `sandbox file path "${file.path}" must be relative to the work folder and stay inside it`,
      );
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
    await chmod(target, file.mode ?? 0o644);
  }
}

/** The metadata file's text (at most `limitBytes`), or undefined when the command wrote none. */
async function readMetadata(path: string, limitBytes: number): Promise<string | undefined> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const buffer = Buffer.alloc(Math.min(limitBytes, (await handle.stat()).size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

/** The sandbox exit code: the process's, 128 + n when signal n ended it, -1 when it never ran. */
function exitCodeOf(outcome: ProcessOutcome | undefined): number {
  if (outcome?.exitCode != null) return outcome.exitCode;
  const signal = outcome?.exitSignal;
  return signal ? 128 + (constants.signals[signal] ?? 0) : -1;
}

/**
 * Runs commands as local processes: no isolation beyond a private temp folder (the cwd unless
 * `workdir` is given, removed afterwards) and its own process group, killed on abort, timeout and
 * exit. `image`, `network`, `user`, `volumes` and `limits` do not apply. The environment is the
 * engine's (less its `SKILL_SECRET_*` variables) plus `env`.
 */
export class NativeSandbox implements Sandbox {
  private readonly processRunner: ProcessRunner;
  private readonly killGraceMs: number;
  private readonly drainAfterExitMs: number;

  constructor(options: NativeSandboxOptions = {}) {
    this.processRunner = options.processRunner ?? createProcessRunner();
    this.killGraceMs = options.killGraceMs ?? 2000;
    this.drainAfterExitMs = options.drainAfterExitMs ?? 1000;
  }

  async run(spec: SandboxRunSpec): Promise<SandboxResult> {
    const startedAt = performance.now();
    if (spec.image !== undefined && !spec.native) {
      throw configurationError(
        SandboxErrorCode.InvalidValue,
        'NativeSandbox runs native commands; images need DockerSandbox',
      );
    }
    const [file, ...args] = [...(spec.entrypoint ?? []), ...spec.command];
    if (file === undefined) throw configurationError(SandboxErrorCode.InvalidValue, 'the command is empty');
    const control = new RunControl(spec.signal, spec.timeoutMs);
    const base = await mkdtemp(join(tmpdir(), 'skill-sandbox-'));
    try {
      const workdir = join(base, 'work');
      await mkdir(workdir);
      await writeFiles(workdir, spec.files ?? []);
      const metadataPath = join(base, 'metadata');
      const env: NodeJS.ProcessEnv = { ...hostEnvironment(spec.hostEnvironment), ...spec.env };
      if (spec.metadata) env.SKILL_METADATA = metadataPath;
      const outcome = control.signal.aborted
        ? undefined
        : await this.processRunner.run({
            file,
            args,
            cwd: spec.workdir === undefined ? workdir : resolve(spec.workdir),
            env,
            stdin: spec.stdin,
            signal: control.signal,
            outputLimitBytes: spec.outputLimitBytes,
            log: spec.onOutput,
            killGraceMs: this.killGraceMs,
            drainAfterExitMs: this.drainAfterExitMs,
          });
      const metadataText =
        outcome && spec.metadata ? await readMetadata(metadataPath, spec.outputLimitBytes) : undefined;
      return {
        exitCode: exitCodeOf(outcome),
        stdout: outcome?.stdout ?? '',
        stderr: outcome?.stderr ?? '',
        stdoutTruncated: outcome?.stdoutTruncated ?? false,
        stderrTruncated: outcome?.stderrTruncated ?? false,
        metadataText,
        oomKilled: false,
        timedOut: control.timedOut,
        cancelled: control.cancelled,
        durationMs: performance.now() - startedAt,
      };
    } finally {
      control.dispose();
      await rm(base, { recursive: true, force: true });
    }
  }
}
