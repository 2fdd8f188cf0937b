// The contract of running one process: what to run (ProcessSpec) and how it ended (ProcessOutcome).

/** What to run and how. */
export interface ProcessSpec {
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed; `undefined` gives an empty stdin. */
  stdin?: string;
  signal: AbortSignal;
  outputLimitBytes: number;
  log?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Time between SIGTERM and SIGKILL to the group after an abort. */
  killGraceMs: number;
  /** After the process exits, how long to wait for its pipes to close (a background child may hold them). */
  drainAfterExitMs: number;
}

/** How a process ended. */
export interface ProcessOutcome {
  /** Exit code, or `null` when a signal ended it. */
  exitCode: number | null;
  /** The signal that ended it, if any. */
  exitSignal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  /** True when `signal` aborted and the group was killed (or the process never started). */
  cancelled: boolean;
  /**
   * True when the run had a step cgroup of its own and the runner emptied and removed it once the run ended:
   * nothing the process started is left, so no scan for its step marker is needed.
   */
  contained?: boolean;
}

/** The outcome of a process that was never started because the signal had already fired. */
export function notStarted(): ProcessOutcome {
  const empty = { stdout: '', stderr: '', stdoutTruncated: false, stderrTruncated: false };
  return { exitCode: null, exitSignal: null, ...empty, cancelled: true };
}
