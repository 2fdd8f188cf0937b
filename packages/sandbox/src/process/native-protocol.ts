// The native spawner's wire format (native/skill-spawner.c): length-prefixed binary frames over its stdin/stdout.
//
// Every frame is `u32 length` (little-endian, counting what follows), a type byte, then the body.
// Requests:  'E' u32 count, count × str "KEY=VALUE"                         (base environment)
//            'R' u32 id, limit, logLines, logLineBytes, killGraceMs, drainAfterExitMs, argc, setc, unsetc,
//                stdinLength, hasStdin; str file, str cwd, argc × str, setc × str "K=V", unsetc × str; stdin bytes
//            'K' u32 id                                                    (abort a job)
// Replies:   'Y' (ready) · 'P' u32 id, u32 pid · 'O' u32 id, u8 stream, u8 log, bytes
//            'X' u32 id, i32 code (-1: none), i32 signal number (0: none), u8 cancelled, u8 truncated × 2,
//                u8 contained (its step cgroup was emptied and removed)
//            'F' u32 id, i32 errno, syscall name
// where `str` is `u32 byteLength` then UTF-8 bytes.
import { constants } from 'node:os';
import { getSystemErrorName } from 'node:util';
import type { JobReply } from './spawner-job.js';
import type { SpawnerRequest, SpawnerRunRequest } from './spawner-process.js';

/** What the native spawner says: a job's reply, or that it is ready. */
export type NativeReply = JobReply | { t: 'ready' };

const U32_MAX = 0xffff_ffff;
const signalNames = new Map<number, NodeJS.Signals>(
  Object.entries(constants.signals).map(([name, num]) => [num, name as NodeJS.Signals]),
);

/** Writes frames one after the other into one buffer that grows as needed: a batch of requests is one allocation. */
class FrameWriter {
  private buffer = Buffer.allocUnsafe(4096);
  private at = 0;
  /** Where the frame being written starts (its length goes there). */
  private frameStart = 0;

  begin(type: string): this {
    this.reserve(5);
    this.frameStart = this.at;
    this.buffer.write(type, this.at + 4, 'latin1');
    this.at += 5;
    return this;
  }

  u32(...values: number[]): this {
    this.reserve(values.length * 4);
    for (const value of values) {
      this.buffer.writeUInt32LE(Math.max(0, Math.min(U32_MAX, Math.floor(value))), this.at);
      this.at += 4;
    }
    return this;
  }

  str(...values: string[]): this {
    for (const value of values) {
      this.reserve(4 + value.length * 3); // UTF-8 takes at most 3 bytes per UTF-16 unit
      const length = this.buffer.write(value, this.at + 4, 'utf8');
      this.buffer.writeUInt32LE(length, this.at);
      this.at += 4 + length;
    }
    return this;
  }

  bytes(data: Uint8Array): this {
    this.reserve(data.length);
    this.buffer.set(data, this.at);
    this.at += data.length;
    return this;
  }

  /** Ends the frame begun last: writes its length. */
  end(): this {
    this.buffer.writeUInt32LE(this.at - this.frameStart - 4, this.frameStart);
    return this;
  }

  /** The frames written so far. */
  done(): Buffer {
    return this.buffer.subarray(0, this.at);
  }

  private reserve(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }
}

function writeRun(out: FrameWriter, req: SpawnerRunRequest): void {
  const set = Object.entries(req.env.set).map(([key, value]) => `${key}=${value}`);
  const unset = req.env.unset ?? [];
  const stdin = Buffer.from(req.stdin ?? '', 'utf8');
  out
    .begin('R')
    .u32(req.id, req.limit, req.logLines, req.logLineBytes, req.killGraceMs, req.drainAfterExitMs)
    .u32(req.args.length, set.length, unset.length, stdin.length, req.stdin === undefined ? 0 : 1)
    .str(req.file, req.cwd, ...req.args, ...set, ...unset)
    .bytes(stdin)
    .end();
}

/** The frames for a batch of requests, as one buffer (one write). */
export function encodeRequests(requests: readonly SpawnerRequest[]): Buffer {
  const out = new FrameWriter();
  for (const request of requests) writeRequest(out, request);
  return out.done();
}

function writeRequest(out: FrameWriter, request: SpawnerRequest): void {
  if (request.t === 'run') {
    writeRun(out, request);
    return;
  }
  if (request.t === 'kill') {
    out.begin('K').u32(request.id).end();
    return;
  }
  const vars = Object.entries(request.vars).map(([key, value]) => `${key}=${value}`);
  out
    .begin('E')
    .u32(vars.length)
    .str(...vars)
    .end();
}

function decodeFrame(frame: Buffer): NativeReply {
  const type = String.fromCharCode(frame[0] as number);
  const id = frame.length >= 5 ? frame.readUInt32LE(1) : 0;
  switch (type) {
    case 'Y':
      return { t: 'ready' };
    case 'P':
      return { t: 'pid', id, pid: frame.readUInt32LE(5) };
    case 'O':
      return { t: 'out', id, s: frame[5] === 1 ? 1 : 0, data: frame.subarray(7), log: frame[6] === 1 };
    case 'X': {
      const code = frame.readInt32LE(5);
      const signal = frame.readInt32LE(9);
      return {
        t: 'end',
        id,
        code: code < 0 ? null : code,
        signal: signal === 0 ? null : (signalNames.get(signal) ?? 'SIGKILL'),
        cancelled: frame[13] === 1,
        truncated: [frame[14] === 1, frame[15] === 1],
        contained: frame[16] === 1,
      };
    }
    case 'F': {
      const errno = frame.readInt32LE(5);
      const syscall = frame.subarray(9).toString('utf8');
      const code = getSystemErrorName(-errno);
      return { t: 'fail', id, message: `${syscall} ${code}`, code, errno: -errno, syscall };
    }
    default:
      throw new Error(`the native spawner sent an unknown frame type ${JSON.stringify(type)}`);
  }
}

/** Splits the native spawner's stdout into replies; chunks may end anywhere, even inside a length. */
export class ReplyDecoder {
  private pending: Buffer = Buffer.alloc(0);

  /** The replies completed by `chunk`, in order. */
  push(chunk: Buffer): NativeReply[] {
    const data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const replies: NativeReply[] = [];
    let at = 0;
    while (data.length - at >= 4) {
      const length = data.readUInt32LE(at);
      if (data.length - at - 4 < length) break;
      replies.push(decodeFrame(data.subarray(at + 4, at + 4 + length)));
      at += 4 + length;
    }
    // Copy the rest: an 'O' reply's data is a view, so the next chunk must not be built on the same memory.
    this.pending = at === data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(at));
    return replies;
  }
}
