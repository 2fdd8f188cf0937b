// Splits a byte stream into live log lines with bounded cost: a line cap, a line-length cap, then silence.

/** Limits of live logging, per stream and attempt. */
export const LiveLogLimits = {
  /** Lines reported before logging stops (capture goes on). */
  maxLines: 1000,
  /** Longer lines are cut and marked with an ellipsis. */
  maxLineBytes: 4096,
} as const;

const NEWLINE = 0x0a;

/** Feeds chunks in, reports complete lines to `emit` until the limits are reached. */
export class LineLogger {
  private pending: Buffer | undefined;
  /** True while the rest of an over-long line is being skipped. */
  private skipping = false;
  private count = 0;
  private stopped = false;

  constructor(
    private readonly emit: (line: string) => void,
    private readonly maxLines: number = LiveLogLimits.maxLines,
    private readonly maxLineBytes: number = LiveLogLimits.maxLineBytes,
  ) {}

  /** Scans one chunk; after the limit this is a no-op, so huge streams cost nothing. */
  push(chunk: Buffer): void {
    let start = 0;
    while (!this.stopped) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl === -1) {
        if (start < chunk.length) this.keepPartial(chunk.subarray(start));
        return;
      }
      if (this.skipping) this.skipping = false;
      else
        this.emitLine(
          this.pending ? Buffer.concat([this.pending, chunk.subarray(start, nl)]) : chunk.subarray(start, nl),
        );
      this.pending = undefined;
      start = nl + 1;
    }
  }

  /** Reports a last line that had no newline. */
  flush(): void {
    if (this.pending && !this.stopped && !this.skipping) this.emitLine(this.pending);
    this.pending = undefined;
  }

  private keepPartial(rest: Buffer): void {
    if (this.skipping) return;
    const size = (this.pending?.length ?? 0) + rest.length;
    if (size <= this.maxLineBytes) {
      this.pending = this.pending ? Buffer.concat([this.pending, rest]) : Buffer.from(rest);
      return;
    }
    const head = this.pending ? Buffer.concat([this.pending, rest]) : rest;
    this.emitLine(head.subarray(0, this.maxLineBytes), true);
    this.pending = undefined;
    this.skipping = true;
  }

  private emitLine(bytes: Buffer, cut = false): void {
    let line = bytes.length > this.maxLineBytes ? bytes.toString('utf8', 0, this.maxLineBytes) : bytes.toString('utf8');
    if (cut || bytes.length > this.maxLineBytes) line += '…';
    else if (line.endsWith('\r')) line = line.slice(0, -1);
    this.count += 1;
    if (this.count > this.maxLines) {
      this.stopped = true;
      this.report(`[live output stopped after ${this.maxLines} lines; the rest is still captured]`);
      return;
    }
    this.report(line);
  }

  /** A logger that throws must not take the process capture down with it: logging just stops. */
  private report(line: string): void {
    try {
      this.emit(line);
    } catch {
      this.stopped = true;
    }
  }
}
