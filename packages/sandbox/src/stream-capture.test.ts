import { describe, expect, it } from 'vitest';
import { LineLogger } from './live-lines.js';
import { StreamCapture } from './stream-capture.js';

describe('StreamCapture', () => {
  it('keeps the first N bytes and flags the rest as truncated', () => {
    const capture = new StreamCapture(5);
    capture.push(Buffer.from('abc'));
    capture.push(Buffer.from('defgh'));
    capture.push(Buffer.from('ijk'));
    expect(capture.text()).toBe('abcde');
    expect(capture.truncated).toBe(true);
  });

  it('is not truncated at exactly the cap', () => {
    const capture = new StreamCapture(4);
    capture.push(Buffer.from('abcd'));
    expect(capture.text()).toBe('abcd');
    expect(capture.truncated).toBe(false);
  });
});

/** The lines a LineLogger with these limits reports for `chunks`, flushed at the end. */
function loggedLines(chunks: string[], maxLines?: number, maxLineBytes?: number): string[] {
  const lines: string[] = [];
  const logger = new LineLogger((line) => lines.push(line), maxLines, maxLineBytes);
  for (const chunk of chunks) logger.push(Buffer.from(chunk));
  logger.flush();
  return lines;
}

describe('LineLogger', () => {
  it('reports lines split across chunks, CRLF included, and a last line without newline', () => {
    expect(loggedLines(['one\ntw', 'o\r\n\nthr', 'ee'])).toEqual(['one', 'two', '', 'three']);
  });

  it('stops after the line limit with one notice', () => {
    expect(loggedLines(['1\n2\n3\n4\n5\n', '6\n'], 3)).toEqual([
      '1',
      '2',
      '3',
      '[live output stopped after 3 lines; the rest is still captured]',
    ]);
  });

  it('cuts over-long lines and skips their rest', () => {
    expect(loggedLines(['abcdefgh', 'ijk\nnext\n'], 10, 4)).toEqual(['abcd…', 'next']);
  });

  it('stops logging, without throwing, when the sink throws', () => {
    let calls = 0;
    const logger = new LineLogger(() => {
      calls += 1;
      throw new Error('broken sink');
    });
    expect(() => logger.push(Buffer.from('a\nb\nc\n'))).not.toThrow();
    expect(calls).toBe(1);
  });
});
