// createMcpNodeHandler(): the Streamable HTTP endpoint as a node:http listener (request/response conversion by hand).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { createMcpHttpHandler, type McpHttpHandler, type McpHttpHandlerOptions } from './http-handler.js';

/** A node:http endpoint: call `listener` for every request of the MCP path. */
export interface McpNodeHandler {
  listener(req: IncomingMessage, res: ServerResponse): void;
  close(): Promise<void>;
  /** The fetch-style handler underneath. */
  readonly handler: McpHttpHandler;
}

function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(url, {
    method: req.method ?? 'GET',
    headers,
    signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) {
    res.end();
    return;
  }
  res.flushHeaders();
  const reader = response.body.getReader();
  res.once('close', () => void reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read();
    if (done || res.destroyed) break;
    if (!res.write(value)) {
      await new Promise<void>((resolve) => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
    }
  }
  res.end();
}

/**
 * Creates the Streamable HTTP MCP endpoint for a plain node:http server.
 *
 * @example
 * const mcp = createMcpNodeHandler({ engine });
 * http.createServer((req, res) => (req.url?.startsWith('/mcp') ? mcp.listener(req, res) : res.end())).listen(3000, '127.0.0.1');
 */
export function createMcpNodeHandler(options: McpHttpHandlerOptions): McpNodeHandler {
  const handler = createMcpHttpHandler(options);
  return {
    handler,
    listener(req, res) {
      const disconnected = new AbortController();
      res.once('close', () => disconnected.abort());
      handler
        .handle(toRequest(req, disconnected.signal))
        .then((response) => writeResponse(response, res))
        .catch((error: unknown) => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'INTERNAL', message: (error as Error).message } }));
        });
    },
    close: () => handler.close(),
  };
}
