// How far below the engine's CPU priority step processes run (SKILL_STEP_NICE): under contention the CPU goes to
// the engine answering requests first, not to the steps it runs. Self-contained (only `node:` modules): the Node
// spawner program imports it when run from source. native/skill-spawner.c reads the same variable the same way.
import { writeFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** The environment variable: 0 to 19 nice levels below the engine (default 0: same priority). */
export const STEP_NICE_VARIABLE = 'SKILL_STEP_NICE';

/** The highest nice value there is. */
const LOWEST_PRIORITY = 19;

/** `text` as a step niceness: undefined when unset or empty, NaN when it is not a whole number from 0 to 19. */
export function parseStepNice(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = /^\s*\d{1,2}\s*$/.test(text) ? Number(text) : Number.NaN;
  return value <= LOWEST_PRIORITY ? value : Number.NaN;
}

/** The niceness `env` asks for; 0 when it asks for none or for something invalid (the server refuses that). */
export function stepNiceness(env: NodeJS.ProcessEnv = process.env): number {
  const value = parseStepNice(env[STEP_NICE_VARIABLE]);
  return value !== undefined && Number.isInteger(value) ? value : 0;
}

/**
 * Lowers the priority of the just-started process `pid` to `by` levels below this process's (capped at 19): its
 * nice value, and the nice value of its autogroup. Steps start in a session of their own (setsid), and where the
 * kernel groups sessions for scheduling (autogroup, on by default in many distributions) a task's nice value only
 * counts within its session: each step would weigh as much as the whole engine. (Node cannot start a process group
 * without a session; the C spawner starts its steps as groups inside one session it lowers once.) Without
 * CAP_SYS_ADMIN the kernel takes one autogroup change per 0.1 s (machine-wide), refusing the others with EAGAIN:
 * those steps keep only their nice value. Node has no hook between fork and exec: a child the process forks before
 * this call keeps the old priority.
 */
export function lowerPriority(pid: number | undefined, by: number): void {
  if (by <= 0 || pid === undefined) return;
  const target = Math.min(LOWEST_PRIORITY, getPriority() + by);
  try {
    setPriority(pid, target);
    writeFileSync(`/proc/${pid}/autogroup`, String(target));
  } catch {
    // already gone, or no autogroup in this kernel (or not Linux): the nice value is what there is
  }
}
