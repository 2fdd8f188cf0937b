// What the process tests look at: whether a pid is alive, which unique `sleep` processes run, bounded waiting.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** Alive = exists and is not a zombie (PID 1 here may not reap orphans). */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Waits until `check` holds, polling every 25 ms for at most ~10 s; throws naming `what` after that. */
export async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if (await check()) return;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Hands out `sleep` durations no other test uses (`<prefix>.<pid><n>`), so pgrep finds only a test's own. */
export class UniqueSleeps {
  readonly used: string[] = [];

  constructor(private readonly prefix: number) {}

  next(): string {
    const seconds = `${this.prefix}.${process.pid % 1000}${this.used.length + 1}`;
    this.used.push(seconds);
    return seconds;
  }
}

/** The pids of the processes running exactly `sleep <seconds>`. */
export function sleeping(seconds: string): number[] {
  try {
    const found = execFileSync('pgrep', ['-x', '-f', `sleep ${seconds}`], { encoding: 'utf8' });
    return found.split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}
