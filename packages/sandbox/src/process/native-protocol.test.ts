import { describe, expect, it } from 'vitest';
import { encodeRequests, type NativeReply, ReplyDecoder } from './native-protocol.js';
import type { SpawnerRequest } from './spawner-process.js';

/** A reply frame as skill-spawner writes it. */
function frame(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), ...parts]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length);
  return Buffer.concat([length, body]);
}

function u32(...values: number[]): Buffer {
  const buffer = Buffer.alloc(values.length * 4);
  for (const [i, value] of values.entries()) buffer.writeInt32LE(value, i * 4);
  return buffer;
}

const stream = Buffer.concat([
  frame('Y'),
  frame('P', u32(7, 4242)),
  frame('O', u32(7), Buffer.from([1, 0]), Buffer.from('err\nmore')),
  frame('X', u32(7, -1, 15), Buffer.from([1, 0, 1, 0])),
  frame('X', u32(9, 0, 0), Buffer.from([0, 0, 0, 1])),
  frame('F', u32(8, 2), Buffer.from('spawn')),
]);
const expected: NativeReply[] = [
  { t: 'ready' },
  { t: 'pid', id: 7, pid: 4242 },
  { t: 'out', id: 7, s: 1, data: Buffer.from('err\nmore'), log: false },
  { t: 'end', id: 7, code: null, signal: 'SIGTERM', cancelled: true, truncated: [false, true], contained: false },
  { t: 'end', id: 9, code: 0, signal: null, cancelled: false, truncated: [false, false], contained: true },
  { t: 'fail', id: 8, message: 'spawn ENOENT', code: 'ENOENT', errno: -2, syscall: 'spawn' },
];

describe('ReplyDecoder', () => {
  it('decodes every reply type', () => {
    expect(new ReplyDecoder().push(stream)).toEqual(expected);
  });

  it('gives the same replies whatever the chunk boundaries, even inside a length', () => {
    for (let size = 1; size <= 9; size += 1) {
      const decoder = new ReplyDecoder();
      const replies: NativeReply[] = [];
      for (let at = 0; at < stream.length; at += size) replies.push(...decoder.push(stream.subarray(at, at + size)));
      expect(replies).toEqual(expected);
    }
  });

  it('keeps output bytes intact when the next chunk reuses memory', () => {
    const decoder = new ReplyDecoder();
    const chunk = Buffer.from(frame('O', u32(1), Buffer.from([0, 0]), Buffer.from('abc')));
    const [reply] = decoder.push(chunk.subarray(0, chunk.length - 1));
    expect(reply).toBeUndefined();
    const [out] = decoder.push(chunk.subarray(chunk.length - 1));
    chunk.fill(0);
    expect(out).toMatchObject({ t: 'out', data: Buffer.from('abc') });
  });

  it('rejects an unknown frame type', () => {
    expect(() => new ReplyDecoder().push(frame('Z'))).toThrow(/unknown frame type "Z"/);
  });
});

/** A `str` of the request format: its UTF-8 byte length, then the bytes. */
function str(...values: string[]): Buffer {
  return Buffer.concat(values.map((value) => Buffer.concat([u32(Buffer.byteLength(value)), Buffer.from(value)])));
}

describe('encodeRequests', () => {
  it('writes a batch as the frames skill-spawner reads, one after the other, past the first buffer size', () => {
    const stdin = 'é'.repeat(3000); // 6,000 bytes: the writer's buffer grows
    const quiet = { logLines: 0, logLineBytes: 0, killGraceMs: 0, drainAfterExitMs: 0 };
    const batch: SpawnerRequest[] = [
      { t: 'env', vars: { PATH: '/usr/bin', LANG: 'C.UTF-8' } },
      {
        t: 'run',
        id: 3,
        file: '/bin/sh',
        args: ['-c', 'echo ✓ 𝄞'],
        cwd: '/tmp',
        env: { set: { MARK: 'ü' }, unset: ['HOME'] },
        stdin,
        limit: 1024,
        logLines: 0,
        logLineBytes: 200,
        killGraceMs: 100,
        drainAfterExitMs: 1000,
      },
      { t: 'kill', id: 3 },
      { t: 'run', id: 4, file: 'true', args: [], cwd: '/', env: { set: {} }, limit: 1, ...quiet },
    ];
    const expectedBytes = Buffer.concat([
      frame('E', u32(2), str('PATH=/usr/bin', 'LANG=C.UTF-8')),
      frame(
        'R',
        u32(3, 1024, 0, 200, 100, 1000, 2, 1, 1, Buffer.byteLength(stdin), 1),
        str('/bin/sh', '/tmp', '-c', 'echo ✓ 𝄞', 'MARK=ü', 'HOME'),
        Buffer.from(stdin),
      ),
      frame('K', u32(3)),
      frame('R', u32(4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0), str('true', '/')),
    ]);
    expect(encodeRequests(batch).equals(expectedBytes)).toBe(true);
  });
});
