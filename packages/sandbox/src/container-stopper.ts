// Stops a running container on request: SIGTERM, SIGKILL after a grace period; a request before start kills right after the start.
import type { Container } from 'dockerode';

/** After SIGKILL, how long to wait for the daemon to report the exit before removing by force anyway. */
export const EXIT_AFTER_KILL_MS = 10_000;

/** One container's stop sequence; idempotent, safe before start and after exit. */
export class ContainerStopper {
  private requested = false;
  private started = false;
  private sent = false;
  private exited = false;
  private killTimer: NodeJS.Timeout | undefined;
  private onKilled: (() => void) | undefined;
  /** Resolves once SIGKILL was sent (never, when the container exits first). */
  readonly killed = new Promise<void>((resolve) => {
    this.onKilled = resolve;
  });

  constructor(
    private readonly container: Container,
    private readonly graceMs: number,
  ) {}

  /** Stop the container (now if it runs; if it is starting, SIGKILL as soon as the start returns). */
  request(): void {
    this.requested = true;
    if (this.started) this.send();
  }

  /**
   * The start call returned. A stop requested meanwhile (the abort raced the start) is a SIGKILL at
   * once: the command was stopped before it was meant to run, so it gets no grace period to work in.
   */
  markStarted(): void {
    this.started = true;
    if (this.requested) this.send(true);
  }

  /** The container exited: no SIGKILL is needed any more. */
  markExited(): void {
    this.exited = true;
    clearTimeout(this.killTimer);
  }

  private send(now = false): void {
    if (this.sent || this.exited) return;
    this.sent = true;
    const kill = (signal: string) => this.container.kill({ signal }).catch(() => undefined); // 409: not running
    if (now || this.graceMs <= 0) {
      void kill('SIGKILL').then(this.onKilled);
      return;
    }
    void kill('SIGTERM');
    this.killTimer = setTimeout(() => {
      if (!this.exited) void kill('SIGKILL').then(this.onKilled);
    }, this.graceMs);
  }
}
