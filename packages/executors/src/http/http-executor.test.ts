import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { executorContext, httpStep, listenOnFreePort, useHttpServer, workflowErrorOf } from '@skill/test-kit';
import type { ExecutorContext } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { createHttpExecutor } from './http-executor.js';

const executor = createHttpExecutor();

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Paths that answer the same every time: status, content type (none: no header) and body. */
const CANNED: Readonly<Record<string, [status: number, contentType: string | undefined, body: string]>> = {
  '/text': [200, 'text/plain', 'plain text\n'],
  '/untyped': [200, undefined, '{"untyped": true}'],
  '/missing': [404, 'text/plain', 'no such thing\n'],
  '/unavailable': [503, 'text/plain', `${'x'.repeat(299)}yz-tail`],
  '/big': [200, 'application/json', `[${'1,'.repeat(1_000_000)}1]`],
};

/** Emits `arrived` each time a request to /hang arrives (and is left without an answer). */
const hangArrivals = new EventEmitter();

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (Object.hasOwn(CANNED, path)) {
    const [status, contentType, body] = CANNED[path] as [number, string | undefined, string];
    res.writeHead(status, contentType ? { 'content-type': contentType } : {});
    res.end(body);
    return;
  }
  switch (path) {
    case '/json':
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'X-Custom-Header': 'Yes' });
      res.end(JSON.stringify({ hello: 'world', n: 1 }));
      return;
    case '/echo': {
      const body = await readAll(req);
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
      return;
    }
    case '/hang':
      hangArrivals.emit('arrived');
      return; // never answers
    default:
      res.writeHead(500);
      res.end('unexpected path');
  }
}

const server = useHttpServer((req, res) => {
  handle(req, res).catch(() => res.destroy());
});

function context(extra: Partial<ExecutorContext> = {}): ExecutorContext {
  return executorContext({ base_dir: '/', step_id: 'call', ...extra });
}

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

describe('http executor: requests', () => {
  it('GETs JSON: parsed output, status, lower-cased headers, url and method in metadata', async () => {
    const result = await executor.run(httpStep({ url: `${server().url}/json` }), context());
    expect(result.output).toEqual({ hello: 'world', n: 1 });
    expect(result.metadata).toMatchObject({ status_code: 200, url: `${server().url}/json`, method: 'GET' });
    const headers = result.metadata?.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/json; charset=utf-8');
    expect(headers['x-custom-header']).toBe('Yes');
    expect(result.metadata?.truncated).toBeUndefined();
  });

  it('appends query parameters, repeating the key for arrays', async () => {
    const query = { q: 'a b&c', tags: ['x', 'y'], n: 3, skip: null };
    const result = await executor.run(httpStep({ url: `${server().url}/echo?keep=1`, query }), context());
    expect((result.output as Echo).url).toBe('/echo?keep=1&q=a+b%26c&tags=x&tags=y&n=3');
    expect(result.metadata?.url).toBe(`${server().url}/echo?keep=1&q=a+b%26c&tags=x&tags=y&n=3`);
    expect(result.metadata?.status_code).toBe(201);
  });

  it('sends headers', async () => {
    const headers = { 'X-Token': 'secret-1', Accept: 'application/json' };
    const result = await executor.run(httpStep({ url: `${server().url}/echo`, headers }), context());
    const echo = result.output as Echo;
    expect(echo.headers['x-token']).toBe('secret-1');
    expect(echo.headers.accept).toBe('application/json');
  });

  it('POSTs a table body as JSON with content-type application/json', async () => {
    const body = { user: { id: 7 }, tags: ['a'] };
    const result = await executor.run(httpStep({ url: `${server().url}/echo`, method: 'post', body }), context());
    const echo = result.output as Echo;
    expect(echo.method).toBe('POST');
    expect(echo.headers['content-type']).toBe('application/json');
    expect(JSON.parse(echo.body)).toEqual(body);
    expect(result.metadata?.method).toBe('POST');
  });

  it('sends a string body as is: text/plain when no content-type, the given one otherwise', async () => {
    const plain = await executor.run(
      httpStep({ url: `${server().url}/echo`, method: 'PUT', body: 'raw {text}' }),
      context(),
    );
    expect((plain.output as Echo).body).toBe('raw {text}');
    expect((plain.output as Echo).headers['content-type']).toBe('text/plain; charset=utf-8');
    const csv = httpStep({
      url: `${server().url}/echo`,
      method: 'POST',
      body: 'a,b\n1,2',
      headers: { 'Content-Type': 'text/csv' },
    });
    const typed = await executor.run(csv, context());
    expect((typed.output as Echo).headers['content-type']).toBe('text/csv');
    expect((typed.output as Echo).body).toBe('a,b\n1,2');
  });

  it('keeps a text response as text, and parses JSON when the content type is missing', async () => {
    expect((await executor.run(httpStep({ url: `${server().url}/text` }), context())).output).toBe('plain text\n');
    expect((await executor.run(httpStep({ url: `${server().url}/untyped` }), context())).output).toEqual({
      untyped: true,
    });
  });

  it('caps the response body and flags truncation', async () => {
    const result = await executor.run(httpStep({ url: `${server().url}/big` }), context({ output_limit_bytes: 1000 }));
    expect(result.output).toBe(`[${'1,'.repeat(499)}1`);
    expect((result.output as string).length).toBe(1000);
    expect(result.metadata?.truncated).toBe(true);
  });
});

describe('http executor: failures', () => {
  it('fails a 404 with HTTP_STATUS, statusCode, metadata and the body in the message', async () => {
    const error = await workflowErrorOf(executor.run(httpStep({ url: `${server().url}/missing` }), context()));
    expect(error.code).toBe('HTTP_STATUS');
    expect(error.message).toBe(`GET ${server().url}/missing returned 404 Not Found: no such thing`);
    expect(error.details.statusCode).toBe(404);
    expect(error.details.output).toBe('no such thing\n');
    expect(error.details.metadata).toMatchObject({ status_code: 404, method: 'GET' });
  });

  it('accepts a listed status', async () => {
    const result = await executor.run(httpStep({ url: `${server().url}/missing`, accept_status: [404] }), context());
    expect(result.output).toBe('no such thing\n');
    expect(result.metadata?.status_code).toBe(404);
    const strict = httpStep({ url: `${server().url}/json`, accept_status: [201] });
    expect((await workflowErrorOf(executor.run(strict, context()))).details.statusCode).toBe(200);
  });

  it('puts at most 300 characters of the body in the message', async () => {
    const error = await workflowErrorOf(executor.run(httpStep({ url: `${server().url}/unavailable` }), context()));
    expect(error.message).toBe(
      `GET ${server().url}/unavailable returned 503 Service Unavailable: ${'x'.repeat(299)}y…`,
    );
  });

  it('times out a request that gets no answer after timeout_ms', async () => {
    const started = Date.now();
    const error = await workflowErrorOf(
      executor.run(httpStep({ url: `${server().url}/hang`, timeout_ms: 300 }), context()),
    );
    const elapsed = Date.now() - started;
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe(`GET ${server().url}/hang timed out after 300ms`);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
  });

  it('aborts the request when ctx.signal aborts', async () => {
    const controller = new AbortController();
    hangArrivals.once('arrived', () => controller.abort(new Error('workflow cancelled')));
    const error = await workflowErrorOf(
      executor.run(httpStep({ url: `${server().url}/hang` }), context({ signal: controller.signal })),
    );
    expect(error.code).toBe('CANCELLED');
    expect(error.message).toBe(`GET ${server().url}/hang cancelled: workflow cancelled`);
  });

  it('fails a refused connection with HTTP_REQUEST_FAILED naming the cause (retryable)', async () => {
    const { port, close } = await listenOnFreePort(() => {});
    await close();
    const error = await workflowErrorOf(executor.run(httpStep({ url: `http://127.0.0.1:${port}/x` }), context()));
    expect(error.code).toBe('HTTP_REQUEST_FAILED');
    expect(error.message).toBe(
      `GET http://127.0.0.1:${port}/x failed: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:${port})`,
    );
    expect(error.details.retryable).toBe(true);
    expect(error.details.causeCode).toBe('ECONNREFUSED');
  });

  it('rejects an invalid URL with INVALID_VALUE (not retryable) and validate() reports it', async () => {
    const error = await workflowErrorOf(executor.run(httpStep({ url: 'not a url' }), context()));
    expect(error.code).toBe('INVALID_VALUE');
    expect(error.message).toBe('invalid URL: not a url');
    expect(error.details.retryable).toBe(false);
    const ftp = await workflowErrorOf(executor.run(httpStep({ url: 'ftp://example.com/file' }), context()));
    expect(ftp.code).toBe('INVALID_VALUE');
    expect(executor.validate?.(httpStep({ url: 'not a url' }))).toEqual(['http.url is not a valid URL: not a url']);
    expect(executor.validate?.(httpStep({ url: '{inputs.endpoint}/x' }))).toEqual([]);
  });

  it('hides a password in the URL of messages and metadata', async () => {
    const url = `http://user:hunter2@127.0.0.1:${server().port}/missing`;
    const error = await workflowErrorOf(executor.run(httpStep({ url }), context()));
    expect(error.message.startsWith(`GET http://user:***@127.0.0.1:${server().port}/missing returned 404`)).toBe(true);
    expect(JSON.stringify(error.details.metadata)).not.toContain('hunter2');
  });
});
