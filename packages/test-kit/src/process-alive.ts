// Whether a process still runs, for tests that check that a kill reached every process of a group.
import { readFile } from 'node:fs/promises';

/**
 * True when `pid` exists and is not a zombie (PID 1 in a container may not reap orphans). Linux: reads
 * `/proc/<pid>/stat`.
 *
 * @example
 * expect(await Promise.all(pids.map(isProcessAlive))).toEqual([false, false]);
 */
export async function isProcessAlive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
