// Every process a step starts carries the step's marker in its environment (SKILL_STEP); when the step ends,
// whatever still carries it dies, including children that left the process group with setsid.
//
// Why a marker and not a cgroup: it needs no privileges and no cgroup layout, and it follows every descendant
// that keeps its environment (double forks, setsid, nohup, daemons started by shells). The spawners read the
// same variable to kill their engine's steps when the engine dies (process/spawner-process.ts, native/skill-spawner.c).
// Imports only `node:` modules and the self-contained signal-group.ts: the Node spawner program imports it when run from source.
// What it misses: a process that clears its environment (env -i) or execs with a new one. A run that its runner
// reports as contained (a step cgroup of its own, emptied and removed when it ended) is not scanned: the cgroup
// holds every descendant, env -i ones too, and only a process with the rights to move itself out of it escapes.

import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive } from './process/signal-group.ts';

/** The environment variable that marks a step's processes: space-separated tokens, outermost engine first. */
export const STEP_MARKER_VARIABLE = 'SKILL_STEP';

/** This engine process's part of every token: `<pid>-<random>`, so a reused pid never matches. */
const ownerToken = `${process.pid}-${randomBytes(6).toString('hex')}`;
/** Rounds of scan-and-kill per reap: a process forking while it is killed, or still dying, shows up in the next. */
const MAX_ROUNDS = 50;
/** A step longer than this gets a full scan: pids may have wrapped around (pid_max can be as low as 32768). */
const PID_WINDOW_MS = 1000;
let nextStep = 0;
let orphansSwept = false;
/** Per live token: the last pid allocated before its step started (its processes have later ones) and when. */
const windows = new Map<string, { since: number | undefined; at: number }>();

/** ns_last_pid, opened once (null: it cannot be), then read at offset 0 on each call: one syscall per step. */
let lastPidFd: number | null | undefined;
const lastPidBuffer = Buffer.alloc(32);

/** The last pid the kernel allocated in our pid namespace; undefined where it cannot be read. */
function lastPid(): number | undefined {
  if (lastPidFd === undefined) {
    try {
      lastPidFd = openSync('/proc/sys/kernel/ns_last_pid', 'r');
    } catch {
      lastPidFd = null;
    }
  }
  if (lastPidFd === null) return undefined;
  try {
    const length = readSync(lastPidFd, lastPidBuffer, 0, lastPidBuffer.length, 0);
    const pid = Number(lastPidBuffer.toString('latin1', 0, length));
    return Number.isInteger(pid) && length > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** A step's marker: its token and the environment its processes get. */
export interface StepMark {
  token: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Gives a step a new token and `env` with the marker added (kept after an outer engine's one, so an engine
 * running inside a step still has its steps killed with that step). The first call also kills steps of
 * engines that died on this machine (see {@link reapOrphanedSteps}).
 */
export function markStep(env: NodeJS.ProcessEnv): StepMark {
  if (!orphansSwept) {
    orphansSwept = true;
    setImmediate(() => void reapOrphanedSteps());
  }
  nextStep += 1;
  const token = `${ownerToken}/${nextStep}`;
  windows.set(token, { since: lastPid(), at: Date.now() });
  const outer = env[STEP_MARKER_VARIABLE];
  return { token, env: { ...env, [STEP_MARKER_VARIABLE]: outer ? `${outer} ${token}` : token } };
}

/** Pids a scan reads: all, or those allocated after `since` (wrapping around pid_max). */
type PidFilter = (pid: number) => boolean;
const ALL_PIDS: PidFilter = () => true;

/**
 * The pids the processes of steps started after `since` can have: allocated later, i.e. in (since, last] or, when
 * the counter wrapped, outside (last, since]. Reading a few environments instead of all is most of a reap's cost.
 */
function allocatedAfter(since: number | undefined): PidFilter {
  const last = lastPid();
  if (since === undefined || last === undefined || !Number.isInteger(since) || !Number.isInteger(last)) return ALL_PIDS;
  return last >= since ? (pid) => pid > since && pid <= last : (pid) => pid > since || pid <= last;
}

const environBuffer = Buffer.allocUnsafe(1 << 16);

/** A process's environment block (its first 2 MiB: ARG_MAX), or undefined when it is gone or another user's. */
function readEnviron(pid: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(`/proc/${pid}/environ`, 'r');
  } catch {
    return undefined;
  }
  try {
    let buffer = environBuffer;
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (buffer.length >= 1 << 21) break;
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const got = readSync(fd, buffer, length, buffer.length - length, null);
      if (got === 0) break;
      length += got;
    }
    return buffer.subarray(0, length);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** A window this narrow is read pid by pid, without listing /proc (a listing costs more than a few failed opens). */
const DIRECT_SCAN_MAX_PIDS = 1024;

/**
 * The pids of a window that did not wrap around, when it is narrow: each is opened directly (most are gone or
 * never existed, a cheap ENOENT); undefined for a wide, wrapped or unknown window (list /proc then). A pid read
 * this way may be a thread's: its environment is its process's, and SIGKILL to it kills that whole process.
 */
function narrowWindow(since: number | undefined): number[] | undefined {
  const last = lastPid();
  if (since === undefined || last === undefined || !Number.isInteger(since) || !Number.isInteger(last))
    return undefined;
  if (last < since || last - since > DIRECT_SCAN_MAX_PIDS) return undefined;
  return Array.from({ length: last - since }, (_, i) => since + 1 + i);
}

/** The pids of processes (of this user: others' environments are unreadable) whose environment names a token. */
function scanMarked(match: (environ: Buffer) => boolean, pids: PidFilter = ALL_PIDS, direct?: number[]): number[] {
  const found: number[] = [];
  if (direct) {
    for (const pid of direct) {
      if (pid === process.pid) continue;
      const environ = readEnviron(pid);
      if (environ !== undefined && match(environ)) found.push(pid);
    }
    return found;
  }
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return found; // no procfs (not Linux): only the process group kill applies
  }
  for (const name of names) {
    const first = name.charCodeAt(0);
    if (first < 48 || first > 57) continue;
    const pid = Number(name);
    if (pid === process.pid || !pids(pid)) continue;
    const environ = readEnviron(pid);
    if (environ !== undefined && match(environ)) found.push(pid);
  }
  return found;
}

/**
 * SIGKILLs every process `match` selects and scans again until none is left (bounded, ~1 s): a killed process
 * stays listed until the kernel has torn it down. Returns how many distinct processes were killed.
 */
async function killMarked(match: (environ: Buffer) => boolean, since?: () => number | undefined): Promise<number> {
  const killed = new Set<number>();
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const from = since?.();
    const direct = since ? narrowWindow(from) : undefined;
    const pids = direct
      ? scanMarked(match, ALL_PIDS, direct)
      : scanMarked(match, since ? allocatedAfter(from) : ALL_PIDS);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        killed.add(pid);
      } catch {
        // already gone
      }
    }
    await sleep(round < 10 ? 2 : 20);
  }
  return killed.size;
}

const MARKER_KEY = Buffer.from(`${STEP_MARKER_VARIABLE}=`);

/** The marker variable's value in a NUL-separated environment block, if any (most processes have none). */
function markerOf(environ: Buffer): string | undefined {
  let at = environ.indexOf(MARKER_KEY);
  while (at > 0 && environ[at - 1] !== 0) at = environ.indexOf(MARKER_KEY, at + 1);
  if (at === -1) return undefined;
  const end = environ.indexOf(0, at);
  return environ.toString('latin1', at + MARKER_KEY.length, end === -1 ? environ.length : end);
}

/** Selects the processes whose marker holds one of `tokens` (a whole token: `.../1` is not `.../12`). */
function tokenMatcher(tokens: string[]): (environ: Buffer) => boolean {
  const wanted = new Set(tokens);
  return (environ) =>
    markerOf(environ)
      ?.split(' ')
      .some((token) => wanted.has(token)) ?? false;
}

let pending: { tokens: string[]; done: Array<() => void> } | undefined;

/**
 * Kills every process still marked with `token` (the step is over: success, failure, cancel or timeout).
 * Steps ending in the same event-loop turn share one scan of /proc.
 */
export function reapStep(token: string): Promise<void> {
  return new Promise((resolve) => {
    if (pending === undefined) {
      const batch: { tokens: string[]; done: Array<() => void> } = { tokens: [], done: [] };
      pending = batch;
      setImmediate(async () => {
        pending = undefined;
        await killMarked(tokenMatcher(batch.tokens), () => earliestSince(batch.tokens));
        for (const token of batch.tokens) windows.delete(token);
        for (const done of batch.done) done();
      });
    }
    pending.tokens.push(token);
    pending.done.push(resolve);
  });
}

/** Forgets a step without a scan: its runner already knows that nothing it started is left (a contained run). */
export function releaseStep(token: string): void {
  windows.delete(token);
}

/** The earliest `since` of the steps' windows; undefined (scan all) when one is unknown or too long ago. */
function earliestSince(tokens: string[]): number | undefined {
  let earliest: number | undefined;
  const now = Date.now();
  const last = lastPid();
  if (last === undefined) return undefined;
  // Pids count up from `since`, wrapping around: the window furthest behind the last pid started first.
  const behind = (pid: number): number => (last >= pid ? last - pid : last + 1_000_000_000 - pid);
  for (const token of tokens) {
    const window = windows.get(token);
    if (window?.since === undefined || now - window.at > PID_WINDOW_MS) return undefined;
    if (earliest === undefined || behind(window.since) > behind(earliest)) earliest = window.since;
  }
  return earliest;
}

/** True when a marker names an engine process that no longer runs (its step's processes are orphans). */
export function markerOwnerDead(marker: string): boolean {
  return marker.split(' ').some((token) => {
    const pid = Number(token.slice(0, token.indexOf('-')));
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isProcessAlive(pid);
  });
}

/** Kills the marked processes of engines that died (SIGKILL, crash) before they could; resolves with how many. */
export function reapOrphanedSteps(): Promise<number> {
  return killMarked((environ) => {
    const marker = markerOf(environ);
    return marker !== undefined && markerOwnerDead(marker);
  });
}

/**
 * Kills every process marked as a step of the engine whose tokens start with `owner` (`<pid>-<random>/`): what a
 * spawner does when its engine goes away. Resolves with how many were killed (0 without procfs).
 */
export function killStepsOf(owner: string): Promise<number> {
  return killMarked(
    (environ) =>
      markerOf(environ)
        ?.split(' ')
        .some((token) => token.startsWith(owner)) ?? false,
  );
}
