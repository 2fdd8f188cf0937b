// Executions of this process waiting for a slot of a concurrency key: a release here wakes the first of them at
// once; each also wakes by itself after a while, since a release on another server wakes nobody here.

/** The waiters of each key, in arrival order (shared by every engine of the process: waking one too many is harmless). */
const waiting = new Map<string, Array<() => void>>();

/** Resolves after `ms`, when the signal aborts, or when a slot of `key` is released here, whichever comes first. */
export function waitForSlot(key: string, signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const list = waiting.get(key) ?? [];
    waiting.set(key, list);
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      const at = list.indexOf(done);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0 && waiting.get(key) === list) waiting.delete(key);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    list.push(done);
  });
}

/** Wakes the execution of this process that has waited longest for `key`. */
export function wakeWaiter(key: string): void {
  waiting.get(key)?.[0]?.();
}
