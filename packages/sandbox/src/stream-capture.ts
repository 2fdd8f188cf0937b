// Captures one output stream up to a byte cap, keeps draining past it, and forwards lines to a live logger.
import { LineLogger } from './live-lines.js';

/** One captured stream (stdout or stderr) of a sandboxed command. */
export class StreamCapture {
  private readonly chunks: Buffer[] = [];
  private stored = 0;
  private readonly lines: LineLogger | undefined;
  /** True once bytes past the cap were dropped. */
  truncated = false;

  /** `onLine` (optional) receives live lines, within {@link LiveLogLimits}. */
  constructor(
    private readonly limitBytes: number,
    onLine?: (line: string) => void,
  ) {
    this.lines = onLine ? new LineLogger(onLine) : undefined;
  }

  /** Stores what fits under the cap; the rest is read and dropped so the writer never blocks. */
  push(chunk: Buffer): void {
    if (!this.truncated) {
      const room = this.limitBytes - this.stored;
      if (chunk.length <= room) {
        this.chunks.push(chunk);
        this.stored += chunk.length;
      } else {
        if (room > 0) this.chunks.push(chunk.subarray(0, room));
        this.stored = this.limitBytes;
        this.truncated = true;
      }
    }
    this.lines?.push(chunk);
  }

  /** The stream ended: report a last unterminated line. */
  end(): void {
    this.lines?.flush();
  }

  /** The captured text (UTF-8; at most the cap in bytes). */
  text(): string {
    if (this.chunks.length === 0) return '';
    if (this.chunks.length === 1) return (this.chunks[0] as Buffer).toString('utf8');
    return Buffer.concat(this.chunks, this.stored).toString('utf8');
  }
}
