// Test support: an HTTP server on 127.0.0.1 port 0 that answers through one function, with the request body read.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the handler sees it: method, path, lower-cased headers and the whole body as text. */
export interface LocalRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The answer: status 200 and JSON unless told otherwise; a string body is sent as it is. */
export interface LocalResponse {
  status?: number;
  contentType?: string;
  body: unknown;
}

/** A started server: its base URL (`http://127.0.0.1:<port>`) and how to stop it. */
export interface LocalServer {
  base: string;
  close(): Promise<void>;
}

/** Starts a server answering every request with `handle`'s response. */
export async function startLocalServer(handle: (request: LocalRequest) => LocalResponse): Promise<LocalServer> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const answer = handle({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.statusCode = answer.status ?? 200;
      res.setHeader('content-type', answer.contentType ?? 'application/json');
      res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
