// Reads an HTTP response body up to the output cap and turns it into a step output (JSON or text).
import type { Readable } from 'node:stream';
import { tryParseJson } from '../output/parse-output.js';

/** A response body read up to the cap. */
export interface CappedBody {
  bytes: Buffer;
  truncated: boolean;
}

/** Reads at most `limitBytes`; past the cap the body is dropped and the stream destroyed (no endless reads). */
export async function readCappedBody(body: Readable, limitBytes: number): Promise<CappedBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    const room = limitBytes - size;
    if (chunk.length > room) {
      if (room > 0) chunks.push(chunk.subarray(0, room));
      size = limitBytes;
      body.destroy();
      return { bytes: Buffer.concat(chunks, size), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { bytes: Buffer.concat(chunks, size), truncated: false };
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Lower-cased header names; repeated headers stay arrays (as undici gives them). */
export function responseHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) result[name.toLowerCase()] = value;
  }
  return result;
}

/** True for `application/json`, `text/json` and `*+json` media types. */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const media = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return media === 'application/json' || media === 'text/json' || media.endsWith('+json');
}

function decode(bytes: Buffer, contentType: string | undefined): string {
  const charset = /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset === undefined || charset === 'utf-8' || charset === 'utf8') return bytes.toString('utf8');
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return bytes.toString('utf8'); // unknown charset label
  }
}

/**
 * The step output of a response: the parsed value when the content type is JSON (or missing and the
 * body is JSON), otherwise the text. A truncated or unparsable body stays text.
 */
export function responseOutput(
  body: CappedBody,
  contentTypeHeader: string | string[] | undefined,
): { output: unknown; text: string } {
  const contentType = headerText(contentTypeHeader);
  const text = decode(body.bytes, contentType);
  if (body.truncated || text === '') return { output: text, text };
  if (contentType === undefined || isJsonContentType(contentType)) {
    const parsed = tryParseJson(text);
    if (parsed !== undefined) return { output: parsed.value, text };
  }
  return { output: text, text };
}
