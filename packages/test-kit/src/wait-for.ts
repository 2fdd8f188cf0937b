// Ordering in tests without sleeps: polling a condition with a deadline, and promises resolved from outside.

/**
 * Polls `check` every 25 ms until it returns something other than `undefined` or `false`, and returns that;
 * throws once `timeoutMs` passes. The bound is a failure guard, never a timing assertion.
 *
 * @example
 * const record = await waitFor(async () => (await store.get(id))?.status === 'running' || undefined);
 */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A promise with its resolve and reject, to let one part of a test wait for a moment another part marks. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

/** A {@link Deferred}: `const started = deferred<void>(); ...; started.resolve(); ...; await started.promise`. */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}
