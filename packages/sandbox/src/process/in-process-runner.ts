// The in-process ProcessRunner: spawns from the engine process itself (SKILL_SPAWNER=0, or no spawner can start).
// The spawners (spawner-process.ts, native/skill-spawner.c) do the same from a small process, where fork is cheaper.
import { type ChildProcess, spawn } from 'node:child_process';
import { StreamCapture } from '../stream-capture.js';
import { type ProcessRunner, type ProcessRunnerCapabilities, runAsStep } from './process-runner.js';
import { notStarted, type ProcessOutcome, type ProcessSpec } from './process-spec.js';
import { signalGroup } from './signal-group.js';
import { spawnFailure } from './spawn-errors.js';
import { lowerPriority, stepNiceness } from './step-niceness.js';

/**
 * Spawns `file args` detached (its own process group, so the whole tree can be killed), captures
 * stdout and stderr up to the cap, and resolves when the process has exited and its pipes closed (at most
 * `drainAfterExitMs` later); then its group is killed. On abort: SIGTERM to the group, SIGKILL after the grace
 * period, then resolves with `cancelled`. Rejects with a `WorkflowError` only when the process cannot be started.
 * No step marker: {@link InProcessRunner} (and a spawner runner falling back to this) adds it.
 */
export function spawnInProcess(spec: ProcessSpec): Promise<ProcessOutcome> {
  if (spec.signal.aborted) return Promise.resolve(notStarted());
  return new Promise<ProcessOutcome>((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(spec.file, spec.args, {
        cwd: spec.cwd,
        env: spec.env,
        stdio: [spec.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        detached: true,
      });
    } catch (error) {
      // Some failures (ENOTDIR, E2BIG, ...) are thrown instead of emitted.
      spawnFailure(error as NodeJS.ErrnoException, spec.file, spec.cwd).then(reject, reject);
      return;
    }
    lowerPriority(child.pid, stepNiceness());
    const { log } = spec;
    const out = new StreamCapture(spec.outputLimitBytes, log && ((line) => log(line, 'stdout')));
    const err = new StreamCapture(spec.outputLimitBytes, log && ((line) => log(line, 'stderr')));
    const stdout = child.stdout as NonNullable<ChildProcess['stdout']>;
    const stderr = child.stderr as NonNullable<ChildProcess['stderr']>;
    stdout.on('data', (chunk: Buffer) => out.push(chunk));
    stderr.on('data', (chunk: Buffer) => err.push(chunk));

    let settled = false;
    let cancelled = false;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let killTimer: NodeJS.Timeout | undefined;
    let forceTimer: NodeJS.Timeout | undefined;

    const finish = (): void => {
      if (settled) return;
      settled = true;
      spec.signal.removeEventListener('abort', onAbort);
      clearTimeout(forceTimer);
      // A group member may outlive the leader (it ignored SIGTERM): the SIGKILL timer stays armed for it.
      // Otherwise whatever the run left in its group (background children) dies now.
      if (child.pid !== undefined) {
        if (killTimer === undefined) signalGroup(child.pid, 'SIGKILL');
        else if (!signalGroup(child.pid, 0)) clearTimeout(killTimer);
      }
      out.end();
      err.end();
      resolve({
        exitCode,
        exitSignal,
        stdout: out.text(),
        stderr: err.text(),
        stdoutTruncated: out.truncated,
        stderrTruncated: err.truncated,
        cancelled,
      });
    };
    // Stops waiting for pipes held open by a process we do not wait for.
    const forceClose = (): void => {
      stdout.destroy();
      stderr.destroy();
      finish();
    };

    function onAbort(): void {
      const pid = child.pid;
      if (settled || pid === undefined) return;
      cancelled = true;
      signalGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => {
        signalGroup(pid, 'SIGKILL');
        if (!settled) forceTimer ??= setTimeout(forceClose, Math.min(spec.killGraceMs, 1000) + 100);
      }, spec.killGraceMs);
    }
    spec.signal.addEventListener('abort', onAbort, { once: true });

    child.on('exit', (code, signal) => {
      exitCode = code;
      exitSignal = signal;
      if (!settled && !(stdout.closed && stderr.closed)) {
        forceTimer ??= setTimeout(forceClose, cancelled ? spec.killGraceMs + 1000 : spec.drainAfterExitMs);
      }
    });
    child.on('close', finish);
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (settled || child.pid !== undefined) return; // only spawn failures matter; kill errors are ignored
      settled = true;
      spec.signal.removeEventListener('abort', onAbort);
      spawnFailure(error, spec.file, spec.cwd).then(reject, reject);
    });

    if (child.stdin) {
      child.stdin.on('error', () => undefined); // EPIPE when the process does not read its stdin
      child.stdin.end(spec.stdin);
    }
  });
}

/** In-process spawning has no helper process: nothing kills a step's processes if the engine dies, no cgroups. */
const IN_PROCESS: ProcessRunnerCapabilities = {
  helperProcess: false,
  killsStepsWhenEngineDies: false,
  stepCgroup: false,
};

/**
 * The ProcessRunner that spawns from the engine process itself: no helper process to start or stop, but each
 * fork copies the engine's page tables (slower for a big engine), and processes left by an engine that died are
 * only reaped by the next engine's first step.
 */
export class InProcessRunner implements ProcessRunner {
  readonly kind = 'in-process';
  readonly capabilities = IN_PROCESS;

  run(spec: ProcessSpec): Promise<ProcessOutcome> {
    return runAsStep(spec, spawnInProcess);
  }

  warmUp(): void {}

  close(): void {}
}
