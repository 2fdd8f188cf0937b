// Spawns one local process in its own process group: capped capture, live lines, group kill on abort and after exit.
import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import { ErrorCode, WorkflowError } from '@skill/workflow-model';
import { SandboxErrorCode } from './sandbox-errors.js';
import { markStep, reapStep } from './step-reaper.js';
import { StreamCapture } from './stream-capture.js';

/** What to spawn. */
export interface NativeProcessSpec {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin?: string;
  signal: AbortSignal;
  outputLimitBytes: number;
  onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
  killGraceMs: number;
  /** After the leader exited, how long its pipes may stay open (held by a background child) before the group is killed. */
  drainAfterExitMs: number;
}

/** How the process ended. */
export interface NativeProcessOutcome {
  /** Exit code, 128 + n for signal n. */
  exitCode: number;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
}

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

function spawnError(error: NodeJS.ErrnoException, file: string, cwd: string): WorkflowError {
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR') {
    return new WorkflowError(SandboxErrorCode.CommandNotFound, `command not found: ${file} (or no folder ${cwd})`, {
      retryable: false,
    });
  }
  const message =
    error.code === 'EACCES'
      ? `permission denied: ${file} (is it executable?)`
      : `could not start ${file}: ${error.message}`;
  return new WorkflowError(ErrorCode.CommandFailed, message, { retryable: false, causeCode: error.code });
}

/**
 * Runs `argv` detached (own group), resolves when it exited and its pipes closed; rejects only when it cannot start.
 * Every process it leaves behind (even out of its group, with setsid) is killed before it settles (step-reaper.ts).
 */
export async function runNativeProcess(spec: NativeProcessSpec): Promise<NativeProcessOutcome> {
  const mark = markStep(spec.env);
  try {
    return await spawnInGroup({ ...spec, env: mark.env });
  } finally {
    await reapStep(mark.token);
  }
}

function spawnInGroup(spec: NativeProcessSpec): Promise<NativeProcessOutcome> {
  const [file, ...args] = spec.argv;
  if (file === undefined) return Promise.reject(new WorkflowError(SandboxErrorCode.InvalidValue, 'empty command'));
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(file, args, { cwd: spec.cwd, env: spec.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    } catch (error) {
      reject(spawnError(error as NodeJS.ErrnoException, file, spec.cwd));
      return;
    }
    const { onOutput } = spec;
    const out = new StreamCapture(spec.outputLimitBytes, onOutput && ((line) => onOutput(line, 'stdout')));
    const err = new StreamCapture(spec.outputLimitBytes, onOutput && ((line) => onOutput(line, 'stderr')));
    const stdout = child.stdout as NonNullable<ChildProcess['stdout']>;
    const stderr = child.stderr as NonNullable<ChildProcess['stderr']>;
    stdout.on('data', (chunk: Buffer) => out.push(chunk));
    stderr.on('data', (chunk: Buffer) => err.push(chunk));
    let settled = false;
    let exitCode = -1;
    const timers: NodeJS.Timeout[] = [];
    const later = (ms: number, run: () => void) => timers.push(setTimeout(run, ms));

    const finish = (): void => {
      if (settled) return;
      settled = true;
      spec.signal.removeEventListener('abort', onAbort);
      for (const timer of timers) clearTimeout(timer);
      if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL'); // nothing of the run outlives it
      out.end();
      err.end();
      resolve({
        exitCode,
        stdout: out.text(),
        stderr: err.text(),
        stdoutTruncated: out.truncated,
        stderrTruncated: err.truncated,
      });
    };
    const forceClose = (): void => {
      if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
      stdout.destroy();
      stderr.destroy();
      finish();
    };
    function onAbort(): void {
      const pid = child.pid;
      if (settled || pid === undefined) return;
      signalGroup(pid, 'SIGTERM');
      later(spec.killGraceMs, () => {
        signalGroup(pid, 'SIGKILL');
        later(1000, forceClose);
      });
    }
    spec.signal.addEventListener('abort', onAbort, { once: true });
    if (spec.signal.aborted) onAbort();

    child.on('exit', (code, signal) => {
      exitCode = code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
      if (!settled && !(stdout.closed && stderr.closed)) later(spec.drainAfterExitMs, forceClose);
    });
    child.on('close', finish);
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (settled || child.pid !== undefined) return; // only spawn failures matter
      settled = true;
      spec.signal.removeEventListener('abort', onAbort);
      reject(spawnError(error, file, spec.cwd));
    });
    const stdin = child.stdin as NonNullable<ChildProcess['stdin']>;
    stdin.on('error', () => undefined); // EPIPE when the process does not read its stdin
    stdin.end(spec.stdin);
  });
}
