// Sends a signal to a whole process group: how every runner (and the Node spawner program) kills a command's tree.
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
