// One process run through the spawner, seen from the engine: its request, its capture and live lines, its outcome.
import { LineLogger, LiveLogLimits } from '../live-lines.js';
import { StreamCapture } from '../stream-capture.js';
import { type EnvBase, envDiff } from './env-diff.js';
import { spawnInProcess } from './in-process-runner.js';
import { notStarted, type ProcessOutcome, type ProcessSpec } from './process-spec.js';
import { spawnFailure } from './spawn-errors.js';
import type { SpawnerReply, SpawnerRunRequest } from './spawner-process.js';

/** A reply about one job, from either spawner; `out` carries the bytes (`log`: past the cap, for live lines only). */
export type JobReply =
  | Exclude<SpawnerReply, { t: 'ready' } | { t: 'out' }>
  | { t: 'out'; id: number; s: 0 | 1; data: Buffer; log: boolean };

type StreamName = 'stdout' | 'stderr';

function lineLogger(spec: ProcessSpec, stream: StreamName): LineLogger | undefined {
  const { log } = spec;
  return log && new LineLogger((line) => log(line, stream));
}

/** A job's promise and the state its replies build up; the spawner client routes replies and aborts to it. */
export class SpawnerJob {
  readonly id: number;
  readonly spec: ProcessSpec;
  readonly outcome: Promise<ProcessOutcome>;
  /** Known once the spawner started the process. */
  pid: number | undefined;
  /** Handed to the spawner (false while queued for a spawner that is still starting). */
  sent = false;
  private settled = false;
  private resolve!: (outcome: ProcessOutcome) => void;
  private reject!: (error: unknown) => void;
  private readonly captures: [StreamCapture, StreamCapture];
  private readonly loggers: [LineLogger | undefined, LineLogger | undefined];
  private readonly onAbort: () => void;

  /** `abort` runs (once) when the spec's signal fires before the job settled. */
  constructor(id: number, spec: ProcessSpec, abort: (job: SpawnerJob) => void) {
    this.id = id;
    this.spec = spec;
    this.outcome = new Promise<ProcessOutcome>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Only bytes under the cap arrive for capture: the spawner reports truncation itself.
    this.captures = [new StreamCapture(spec.outputLimitBytes), new StreamCapture(spec.outputLimitBytes)];
    this.loggers = [lineLogger(spec, 'stdout'), lineLogger(spec, 'stderr')];
    this.onAbort = () => {
      if (!this.settled) abort(this);
    };
    spec.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** The message that starts this job in the spawner, whose base environment is `base`. */
  request(base: EnvBase): SpawnerRunRequest {
    const { spec } = this;
    const live = spec.log !== undefined;
    return {
      t: 'run',
      id: this.id,
      file: spec.file,
      args: spec.args,
      cwd: spec.cwd,
      env: envDiff(base, spec.env),
      stdin: spec.stdin,
      limit: spec.outputLimitBytes,
      logLines: live ? LiveLogLimits.maxLines : 0,
      logLineBytes: LiveLogLimits.maxLineBytes,
      killGraceMs: spec.killGraceMs,
      drainAfterExitMs: spec.drainAfterExitMs,
    };
  }

  /** Applies one reply; true when the job is over. */
  handle(reply: JobReply): boolean {
    switch (reply.t) {
      case 'pid':
        this.pid = reply.pid;
        return false;
      case 'out': {
        if (!reply.log) this.captures[reply.s].push(reply.data);
        this.loggers[reply.s]?.push(reply.data);
        return false;
      }
      case 'end': {
        if (!this.settle()) return true;
        const [out, err] = this.captures;
        this.loggers[0]?.flush();
        this.loggers[1]?.flush();
        this.resolve({
          exitCode: reply.code,
          exitSignal: reply.signal,
          stdout: out.text(),
          stderr: err.text(),
          stdoutTruncated: reply.truncated[0],
          stderrTruncated: reply.truncated[1],
          cancelled: reply.cancelled,
          contained: reply.contained === true,
        });
        return true;
      }
      case 'fail': {
        if (!this.settle()) return true;
        const { message, code, errno, syscall, path } = reply;
        const error: NodeJS.ErrnoException = Object.assign(new Error(message), { code, errno, syscall, path });
        spawnFailure(error, this.spec.file, this.spec.cwd).then(this.reject, this.reject);
        return true;
      }
    }
  }

  /** Fails the job (the spawner died under it). */
  fail(error: Error): void {
    if (this.settle()) this.reject(error);
  }

  /** Ends a job that was never handed to the spawner, as if the signal had fired before the spawn. */
  cancelUnstarted(): void {
    if (this.settle()) this.resolve(notStarted());
  }

  /** Runs a job that was never handed to the spawner from the engine process instead. */
  runInProcess(): void {
    if (this.settle()) spawnInProcess(this.spec).then(this.resolve, this.reject);
  }

  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.spec.signal.removeEventListener('abort', this.onAbort);
    return true;
  }
}
