// Splits Docker's multiplexed attach stream (8-byte frame headers) into stdout and stderr without copying payloads.

const HEADER_BYTES = 8;

/** Frame stream types of the Docker attach protocol. */
const StreamType = { Stdin: 0, Stdout: 1, Stderr: 2 } as const;

/**
 * Feeds raw attach-stream chunks in, hands each frame's payload (a subarray of the chunk, never a
 * copy) to `onStdout` or `onStderr`. Unlike docker-modem's demuxStream it does not concatenate the
 * input buffer on every chunk, which matters when a container writes a gigabyte.
 */
export class DockerFrameSplitter {
  private readonly header = Buffer.alloc(HEADER_BYTES);
  private headerFill = 0;
  /** Payload bytes still expected for the current frame. */
  private remaining = 0;
  private target: ((chunk: Buffer) => void) | undefined;

  constructor(
    private readonly onStdout: (chunk: Buffer) => void,
    private readonly onStderr: (chunk: Buffer) => void,
  ) {}

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - offset);
        this.target?.(chunk.subarray(offset, offset + take));
        this.remaining -= take;
        offset += take;
        continue;
      }
      const take = Math.min(HEADER_BYTES - this.headerFill, chunk.length - offset);
      chunk.copy(this.header, this.headerFill, offset, offset + take);
      this.headerFill += take;
      offset += take;
      if (this.headerFill < HEADER_BYTES) return;
      this.headerFill = 0;
      const type = this.header.readUInt8(0);
      this.remaining = this.header.readUInt32BE(4);
      this.target = type === StreamType.Stderr ? this.onStderr : type === StreamType.Stdout ? this.onStdout : undefined;
    }
  }
}
