// Every process a step starts carries the step's marker in its environment (SKILL_STEP); when the step ends,
// whatever still carries it dies, including children that left the process group with setsid.
//
// Why a marker and not a cgroup: it needs no privileges and no cgroup layout, and it follows every descendant
// that keeps its environment (double forks, setsid, nohup, daemons started by shells). The spawners read the
// same variable to kill their engine's steps when the engine dies (spawner-process.ts, skill-spawner.c).
// What it misses: a process that clears its environment (env -i) or execs with a new one.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** The environment variable that marks a step's processes: space-separated tokens, outermost engine first. */
export const STEP_MARKER_VARIABLE = 'SKILL_STEP';

/** This engine process's part of every token: `<pid>-<random>`, so a reused pid never matches. */
const ownerToken = `${process.pid}-${randomBytes(6).toString('hex')}`;
/** Rounds of scan-and-kill per reap: a process forking while it is killed, or still dying, shows up in the next. */
const MAX_ROUNDS = 50;
let nextStep = 0;
let orphansSwept = false;

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
  const outer = env[STEP_MARKER_VARIABLE];
  return { token, env: { ...env, [STEP_MARKER_VARIABLE]: outer ? `${outer} ${token}` : token } };
}

/** The pids of processes (of this user: others' environments are unreadable) whose environment names a token. */
function scanMarked(match: (environ: Buffer) => boolean): number[] {
  const found: number[] = [];
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
    if (pid === process.pid) continue;
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${name}/environ`);
    } catch {
      continue; // gone, or another user's
    }
    if (match(environ)) found.push(pid);
  }
  return found;
}

/**
 * SIGKILLs every process `match` selects and scans again until none is left (bounded, ~1 s): a killed process
 * stays listed until the kernel has torn it down. Returns how many distinct processes were killed.
 */
async function killMarked(match: (environ: Buffer) => boolean): Promise<number> {
  const killed = new Set<number>();
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const pids = scanMarked(match);
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
        await killMarked(tokenMatcher(batch.tokens));
        for (const done of batch.done) done();
      });
    }
    pending.tokens.push(token);
    pending.done.push(resolve);
  });
}

/** True when a process with this pid exists (EPERM: it exists, owned by someone else). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when a marker names an engine process that no longer runs (its step's processes are orphans). */
export function markerOwnerDead(marker: string): boolean {
  return marker.split(' ').some((token) => {
    const pid = Number(token.slice(0, token.indexOf('-')));
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processAlive(pid);
  });
}

/** Kills the marked processes of engines that died (SIGKILL, crash) before they could; resolves with how many. */
export function reapOrphanedSteps(): Promise<number> {
  return killMarked((environ) => {
    const marker = markerOf(environ);
    return marker !== undefined && markerOwnerDead(marker);
  });
}
