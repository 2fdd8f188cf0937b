// What the process tests look at: which unique `sleep` processes run.
import { execFileSync } from 'node:child_process';

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
