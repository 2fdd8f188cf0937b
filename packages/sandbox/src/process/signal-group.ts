// Signals to processes: a whole process group (how every runner kills a command's tree) and whether a process lives.
// Self-contained (only Node globals), so the Node spawner program can import it when run from source.

/** Sends `signal` to the process group led by `pid` (`0` only checks that it exists); false when the group is gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

/** True while a process with `pid` exists (also one owned by another user, which `kill(pid, 0)` answers with EPERM). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
