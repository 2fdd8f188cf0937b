// serveHttp(): the app and the WebSocket on one node server (loopback by default; a token beyond it).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { WorkflowError } from '@skill/workflow-model';
import { isLoopbackHost } from './access-control.js';
import { attachWebSocket } from './execution-socket.js';
import { createHttpApp } from './http-app.js';
import { checkHttpOptions, type HttpAppOptions } from './http-options.js';
import { listenWithAcceptors } from './listen-acceptors.js';

/** Options of {@link serveHttp}. */
export interface ServeHttpOptions extends HttpAppOptions {
  /** Port; 0 picks a free one. Default 3000. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`; anything but loopback requires `token`. */
  host?: string;
}

/** A listening server. */
export interface HttpServerHandle {
  /** `http://host:port`, without a trailing slash. */
  url: string;
  port: number;
  /** The node server (to add other `upgrade` listeners, for instance). */
  server: Server;
  /** Stops listening, closes WebSockets and connections (in-flight requests get up to `graceMs`, default 5 s). The engine is left running. */
  close(options?: { graceMs?: number }): Promise<void>;
}

/**
 * Serves {@link createHttpApp} and {@link attachWebSocket} on one node server.
 * Throws `AUTH_REQUIRED` when asked to listen beyond loopback without a token.
 *
 * @example
 * const server = await serveHttp({ engine: createEngine(), port: 0 });
 * console.log(`${server.url}/api/health`);
 * await server.close();
 */
export async function serveHttp(options: ServeHttpOptions): Promise<HttpServerHandle> {
  checkHttpOptions(options);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 3000;
  if (!isLoopbackHost(host) && options.token === undefined) {
    throw new WorkflowError(
      'AUTH_REQUIRED',
      `refusing to listen on ${host} without a token: only loopback addresses may be served without one`,
      { host },
    );
  }
  const app = createHttpApp(options);
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host }) as Server;
  // Several listening sockets: a burst of new connections is taken in a few turns of a busy loop, not one per turn.
  const closeAcceptors = await listenWithAcceptors(server, port, host);
  const socket = attachWebSocket(server, options);
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    server,
    async close(closeOptions = {}) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const acceptorsClosed = closeAcceptors(); // resolves when the connections they took have ended too
      server.closeIdleConnections();
      await socket.close();
      const timer = setTimeout(() => server.closeAllConnections(), closeOptions.graceMs ?? 5_000).unref();
      await closed;
      await acceptorsClosed;
      clearTimeout(timer);
    },
  };
}
