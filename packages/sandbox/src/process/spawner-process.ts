// The spawner: a small forked Node process that starts commands for the engine (fork cost grows with the parent's RSS).
// Erasable TypeScript importing only files that import nothing but `node:` modules (with `.ts` specifiers, which the
// build rewrites to `.js`), so Node can run this file from src as is.
import { type ChildProcess, spawn } from 'node:child_process';
import { killStepsOf } from '../step-reaper.ts';
import { signalGroup } from './signal-group.ts';
import { lowerPriority, stepNiceness } from './step-niceness.ts';

/** Sets the base environment that every job's `env` is relative to; sent once, before any job. */
export interface SpawnerEnvRequest {
  t: 'env';
  vars: Record<string, string>;
}

/** Starts `file args` detached, with the base environment changed by `env`. */
export interface SpawnerRunRequest {
  t: 'run';
  id: number;
  file: string;
  args: string[];
  cwd: string;
  env: { set: Record<string, string>; unset?: string[] };
  stdin?: string;
  /** Bytes per stream forwarded for capture; past it only line heads go on, for live logging. */
  limit: number;
  /** Lines the engine's live logger reports at most (0: no live logging, nothing past the cap is forwarded). */
  logLines: number;
  /** Longest line the live logger shows; a line's later bytes are never forwarded past the cap. */
  logLineBytes: number;
  killGraceMs: number;
  drainAfterExitMs: number;
}

/** Aborts a job: SIGTERM to its group, SIGKILL after the job's grace period. */
export interface SpawnerKillRequest {
  t: 'kill';
  id: number;
}

/** What the engine sends, in batches (one IPC message holds a `SpawnerRequest[]`). */
export type SpawnerRequest = SpawnerEnvRequest | SpawnerRunRequest | SpawnerKillRequest;

/** What the spawner sends back, in batches (`SpawnerReply[]`), in order per job: `pid`, any `out`, then `end`; or only `fail`. */
export type SpawnerReply =
  | { t: 'ready' }
  | { t: 'pid'; id: number; pid: number }
  /** `s`: 0 stdout, 1 stderr. `d`: the bytes in base64. `log`: past the cap, for live lines only. */
  | { t: 'out'; id: number; s: 0 | 1; d: string; log?: true }
  | {
      t: 'end';
      id: number;
      code: number | null;
      signal: NodeJS.Signals | null;
      cancelled: boolean;
      truncated: [boolean, boolean];
      /** The job ran in a step cgroup of its own, which was emptied and removed: nothing it started is left. */
      contained?: boolean;
    }
  | { t: 'fail'; id: number; message: string; code?: string; errno?: number; syscall?: string; path?: string };

interface StreamState {
  kept: number;
  truncated: boolean;
  /** Newline-ended lines still forwarded past the cap for the live logger. */
  logLinesLeft: number;
  /** Bytes forwarded of the current line past the cap. */
  lineBytes: number;
}

interface Job {
  req: SpawnerRunRequest;
  child: ChildProcess;
  pid: number | undefined;
  settled: boolean;
  cancelled: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  streams: [StreamState, StreamState];
  killTimer: NodeJS.Timeout | undefined;
  forceTimer: NodeJS.Timeout | undefined;
}

const sendRaw = process.send?.bind(process);
if (sendRaw === undefined) {
  process.stderr.write('spawner-process: must be started with an IPC channel (child_process.fork)\n');
  process.exit(2);
}
/** Replies of one event-loop turn, sent as one message: every IPC write may wake (and yield to) the engine. */
let outbox: SpawnerReply[] = [];
function flush(): void {
  const replies = outbox;
  outbox = [];
  if (process.connected) sendRaw?.(replies); // else 'disconnect' is on its way
}
function send(reply: SpawnerReply): void {
  if (outbox.push(reply) === 1) setImmediate(flush);
}
let baseEnv: Record<string, string> = Object.create(null);
const jobs = new Map<number, Job>();
/** Groups of finished jobs whose SIGKILL is still due (a member ignored SIGTERM). */
const doomed = new Set<number>();
const NEWLINE = Buffer.from('\n');

function sendOut(job: Job, s: 0 | 1, chunk: Buffer, log: boolean): void {
  const d = chunk.toString('base64'); // JSON messages are the fastest for the many small ones; base64 keeps bytes intact
  send(log ? { t: 'out', id: job.req.id, s, d, log: true } : { t: 'out', id: job.req.id, s, d });
}

/** Past the cap: the first `logLineBytes + 1` bytes of each line and its newline, enough for the logger. */
function lineHeads(state: StreamState, maxLine: number, rest: Buffer): Buffer {
  const pieces: Buffer[] = [];
  let start = 0;
  while (start < rest.length && state.logLinesLeft > 0) {
    const nl = rest.indexOf(0x0a, start);
    const end = nl === -1 ? rest.length : nl;
    const take = Math.min(end - start, maxLine + 1 - state.lineBytes);
    if (take > 0) {
      pieces.push(rest.subarray(start, start + take));
      state.lineBytes += take;
    }
    if (nl === -1) break;
    pieces.push(NEWLINE);
    state.lineBytes = 0;
    state.logLinesLeft -= 1;
    start = nl + 1;
  }
  return pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces);
}

/** Forwards what fits under the cap; past it the bytes are read and dropped (the writer never blocks). */
function onData(job: Job, s: 0 | 1, chunk: Buffer): void {
  const state = job.streams[s];
  const room = job.req.limit - state.kept;
  if (chunk.length <= room) {
    state.kept += chunk.length;
    sendOut(job, s, chunk, false);
    return;
  }
  if (room > 0) sendOut(job, s, chunk.subarray(0, room), false);
  state.kept = job.req.limit;
  state.truncated = true;
  if (state.logLinesLeft > 0) {
    const heads = lineHeads(state, job.req.logLineBytes, room > 0 ? chunk.subarray(room) : chunk);
    if (heads.length > 0) sendOut(job, s, heads, true);
  }
}

function finish(job: Job): void {
  if (job.settled) return;
  job.settled = true;
  jobs.delete(job.req.id);
  clearTimeout(job.forceTimer);
  // A group member may outlive the leader (it ignored SIGTERM): the SIGKILL timer stays armed for it.
  // Otherwise whatever the job left in its group (background children) dies now.
  if (job.pid !== undefined) {
    if (job.killTimer === undefined) signalGroup(job.pid, 'SIGKILL');
    else if (signalGroup(job.pid, 0)) doomed.add(job.pid);
    else clearTimeout(job.killTimer);
  }
  const truncated: [boolean, boolean] = [job.streams[0].truncated, job.streams[1].truncated];
  send({ t: 'end', id: job.req.id, code: job.code, signal: job.signal, cancelled: job.cancelled, truncated });
}

/** Stops waiting for pipes held open by a process we do not wait for. */
function forceClose(job: Job): void {
  job.child.stdout?.destroy();
  job.child.stderr?.destroy();
  finish(job);
}

function kill(job: Job): void {
  const { pid } = job;
  if (job.settled || job.cancelled || pid === undefined) return;
  job.cancelled = true;
  signalGroup(pid, 'SIGTERM');
  const grace = job.req.killGraceMs;
  job.killTimer = setTimeout(() => {
    job.killTimer = undefined;
    signalGroup(pid, 'SIGKILL');
    doomed.delete(pid);
    if (!job.settled) job.forceTimer ??= setTimeout(() => forceClose(job), Math.min(grace, 1000) + 100);
  }, grace);
}

function failure(id: number, error: NodeJS.ErrnoException): SpawnerReply {
  const { code, errno, syscall, path } = error;
  return { t: 'fail', id, message: error.message, code, errno, syscall, path };
}

function newStream(logLines: number): StreamState {
  return { kept: 0, truncated: false, logLinesLeft: logLines > 0 ? logLines + 1 : 0, lineBytes: 0 };
}

/** The base environment with a job's changes; no prototype, so any variable name is just a key. */
function jobEnv(change: SpawnerRunRequest['env']): Record<string, string> {
  const env: Record<string, string> = Object.assign(Object.create(null), baseEnv, change.set);
  if (change.unset) for (const key of change.unset) delete env[key];
  return env;
}

/** `<pid>-<random>/`: the prefix of the engine's step tokens (SKILL_STEP, see @skill/sandbox step-reaper.ts). */
let stepOwner: string | undefined;
/** How far below ours the jobs' CPU priority is (SKILL_STEP_NICE of this program's environment, read once). */
const jobNiceness = stepNiceness(process.env);

function rememberStepOwner(env: Record<string, string>): void {
  const last = env.SKILL_STEP?.split(' ').pop();
  if (stepOwner === undefined && last?.includes('/')) stepOwner = last.slice(0, last.indexOf('/') + 1);
}

function run(req: SpawnerRunRequest): void {
  let child: ChildProcess;
  const env = jobEnv(req.env);
  rememberStepOwner(env);
  try {
    child = spawn(req.file, req.args, {
      cwd: req.cwd,
      env,
      stdio: [req.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
  } catch (error) {
    send(failure(req.id, error as NodeJS.ErrnoException)); // ENOTDIR, E2BIG, invalid arguments, ...
    return;
  }
  lowerPriority(child.pid, jobNiceness);
  const job: Job = {
    req,
    child,
    pid: child.pid,
    settled: false,
    cancelled: false,
    code: null,
    signal: null,
    streams: [newStream(req.logLines), newStream(req.logLines)],
    killTimer: undefined,
    forceTimer: undefined,
  };
  jobs.set(req.id, job);
  if (job.pid !== undefined) send({ t: 'pid', id: req.id, pid: job.pid });
  const stdout = child.stdout as NonNullable<ChildProcess['stdout']>;
  const stderr = child.stderr as NonNullable<ChildProcess['stderr']>;
  stdout.on('data', (chunk: Buffer) => onData(job, 0, chunk));
  stderr.on('data', (chunk: Buffer) => onData(job, 1, chunk));
  child.on('exit', (code, signal) => {
    job.code = code;
    job.signal = signal;
    if (!job.settled && !(stdout.closed && stderr.closed)) {
      const wait = job.cancelled ? req.killGraceMs + 1000 : req.drainAfterExitMs;
      job.forceTimer ??= setTimeout(() => forceClose(job), wait);
    }
  });
  child.on('close', () => finish(job));
  child.on('error', (error: NodeJS.ErrnoException) => {
    if (job.settled || child.pid !== undefined) return; // only spawn failures matter; kill errors are ignored
    job.settled = true;
    jobs.delete(req.id);
    send(failure(req.id, error));
  });
  if (child.stdin) {
    child.stdin.on('error', () => undefined); // EPIPE when the process does not read its stdin
    child.stdin.end(req.stdin);
  }
}

process.on('message', (requests: SpawnerRequest[]) => {
  for (const request of requests) {
    if (request.t === 'run') run(request);
    else if (request.t === 'env') baseEnv = Object.assign(Object.create(null), request.vars);
    else if (request.t === 'kill') {
      const job = jobs.get(request.id);
      if (job) kill(job);
    }
  }
});

// The engine exited or died: nothing will collect these processes, so their groups go down with it, and so does
// every process still marked as one of its steps (the marker follows setsid children out of their groups).
process.on('disconnect', async () => {
  for (const job of jobs.values()) if (job.pid !== undefined) signalGroup(job.pid, 'SIGKILL');
  for (const pid of doomed) signalGroup(pid, 'SIGKILL');
  if (stepOwner !== undefined) await killStepsOf(stepOwner); // without procfs the groups are all we can reach
  process.exit(0);
});

send({ t: 'ready' });
