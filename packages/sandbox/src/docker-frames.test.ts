import { describe, expect, it } from 'vitest';
import { DockerFrameSplitter } from './docker-frames.js';

function frame(type: number, payload: string): Buffer {
  const body = Buffer.from(payload);
  const header = Buffer.alloc(8);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

function split(chunks: Buffer[]): { out: string; err: string } {
  let out = '';
  let err = '';
  const splitter = new DockerFrameSplitter(
    (chunk) => {
      out += chunk.toString();
    },
    (chunk) => {
      err += chunk.toString();
    },
  );
  for (const chunk of chunks) splitter.push(chunk);
  return { out, err };
}

describe('DockerFrameSplitter', () => {
  const stream = Buffer.concat([
    frame(1, 'hello '),
    frame(2, 'oops\n'),
    frame(1, 'world\n'),
    frame(0, 'in'),
    frame(1, ''),
  ]);

  it('routes whole frames to stdout and stderr and drops stdin frames', () => {
    expect(split([stream])).toEqual({ out: 'hello world\n', err: 'oops\n' });
  });

  it('gives the same result for every way of cutting the stream', () => {
    for (let size = 1; size <= stream.length; size++) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < stream.length; at += size) chunks.push(stream.subarray(at, at + size));
      expect(split(chunks)).toEqual({ out: 'hello world\n', err: 'oops\n' });
    }
  });

  it('hands out payload slices without copying', () => {
    const chunk = frame(1, 'abc');
    const seen: Buffer[] = [];
    new DockerFrameSplitter(
      (c) => seen.push(c),
      () => undefined,
    ).push(chunk);
    expect(seen[0]?.buffer).toBe(chunk.buffer);
  });
});
