// One run's stop switch: the caller's AbortSignal and the run's own timeout merged, remembering which one fired.

/** Merges `signal` and `timeoutMs` into {@link RunControl.signal}; call {@link RunControl.dispose} when the run ends. */
export class RunControl {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly onAbort = (): void => {
    if (this.controller.signal.aborted) return;
    this.cancelled = true;
    this.controller.abort(this.caller.reason);
  };
  /** The caller's signal fired first. */
  cancelled = false;
  /** The timeout fired first. */
  timedOut = false;

  constructor(
    private readonly caller: AbortSignal,
    timeoutMs: number | undefined,
  ) {
    if (caller.aborted) {
      this.onAbort();
      return;
    }
    caller.addEventListener('abort', this.onAbort, { once: true });
    if (timeoutMs !== undefined && timeoutMs > 0 && Number.isFinite(timeoutMs)) {
      // Node timers overflow past 2^31-1 ms; longer timeouts are effectively none.
      this.timer = setTimeout(
        () => {
          if (this.controller.signal.aborted) return;
          this.timedOut = true;
          this.controller.abort(new Error(`timed out after ${timeoutMs} ms`));
        },
        Math.min(timeoutMs, 2_147_483_647),
      );
    }
  }

  /** Aborted when the caller aborts or the timeout runs out. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.caller.removeEventListener('abort', this.onAbort);
  }
}
