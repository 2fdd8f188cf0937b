// Waiting until a wall-clock time, in timer slices (setTimeout holds at most ~24.8 days), abortable.

const MAX_SLICE_MS = 2 ** 31 - 1;

/** Resolves once `Date.now()` reaches `deadlineMs` (at once when it has); rejects with the reason when `signal` aborts. */
export function waitUntil(deadlineMs: number, signal: AbortSignal, now: () => number = Date.now): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      if (timer !== undefined) clearTimeout(timer);
      reject(signal.reason);
    };
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    const arm = () => {
      const left = deadlineMs - now();
      if (left <= 0) {
        signal.removeEventListener('abort', onAbort);
        resolve();
        return;
      }
      timer = setTimeout(arm, Math.min(left, MAX_SLICE_MS));
    };
    arm();
  });
}
