// Real HTTP servers for tests: listening on port 0 of a loopback address, closed with their connections.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useSuiteResource } from './suite-resource.js';

/** A listening server, its port and base URL (`http://127.0.0.1:<port>`), and how to stop it. */
export interface TestServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Starts `server` (or a new one answering with `handler`) on port 0 of `host` (127.0.0.1 or ::1). */
export async function listenOnFreePort(
  serverOrHandler: Server | RequestListener,
  host = '127.0.0.1',
): Promise<TestServer> {
  const server = typeof serverOrHandler === 'function' ? createServer(serverOrHandler) : serverOrHandler;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { server, port, url, close };
}

/**
 * A server answering with `handler` for the calling suite: listening from beforeAll, closed in afterAll.
 * Returns a getter, since the server exists only once the suite has started.
 *
 * @example
 * const target = useHttpServer((req, res) => res.end('ok'));
 * it('calls it', async () => { await fetch(`${target().url}/x`); });
 */
export function useHttpServer(handler: RequestListener, host = '127.0.0.1'): () => TestServer {
  return useSuiteResource(
    'useHttpServer',
    () => listenOnFreePort(handler, host),
    (server) => server.close(),
  );
}
