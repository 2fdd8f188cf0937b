// Listening with several acceptors: Node takes one new connection per listening socket per event-loop turn, so
// while executions keep the loop busy, a burst of new connections waits turns in the kernel's accept queue (seconds
// under load). On Linux the server listens on ACCEPTORS sockets sharing the port (SO_REUSEPORT): the kernel spreads
// new connections over them and each turn takes one per socket, all handed to the same HTTP server.
import type { Server } from 'node:http';
import { type AddressInfo, createServer, type Server as NetServer } from 'node:net';

/** Listening sockets per server where the kernel balances connections over sockets sharing a port (Linux). */
const ACCEPTORS = process.platform === 'linux' ? 32 : 1;

/** Listens `server` (port 0 picks one) on `host` and resolves once it accepts, or rejects with the listen error. */
function listenOn(target: Server | NetServer, port: number, host: string, reusePort: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    target.once('error', failed);
    target.listen({ port, host, ...(reusePort ? { reusePort: true } : {}) }, () => {
      target.off('error', failed);
      resolve();
    });
  });
}

/**
 * Listens `server` on `host`:`port` with {@link ACCEPTORS} sockets; resolves with the function that stops the extra
 * ones (`server.close()` stops its own) and resolves once every connection they accepted has ended, like
 * `server.close()`'s callback for its own. The port is first taken without SO_REUSEPORT, so a port another program
 * (or another skill server) holds fails with EADDRINUSE as with one socket, then taken again with it.
 */
export async function listenWithAcceptors(server: Server, port: number, host: string): Promise<() => Promise<void>> {
  if (ACCEPTORS === 1) {
    await listenOn(server, port, host, false);
    return async () => {};
  }
  const probe = createServer();
  await listenOn(probe, port, host, false);
  const taken = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  await listenOn(server, taken.port, taken.address, true);
  const extra: NetServer[] = [];
  const closeExtra = () =>
    Promise.all(extra.map((acceptor) => new Promise<void>((resolve) => acceptor.close(() => resolve())))).then(
      () => {},
    );
  // Whoever closes the HTTP server itself closes the acceptors with it (they would keep the port and the process).
  server.once('close', () => {
    for (const acceptor of extra) if (acceptor.listening) acceptor.close();
  });
  try {
    for (let i = 1; i < ACCEPTORS; i++) {
      // Each socket it accepts is the HTTP server's, as if that server had accepted it (requests, upgrades, close).
      const acceptor = createServer((socket) => server.emit('connection', socket));
      await listenOn(acceptor, taken.port, taken.address, true);
      extra.push(acceptor);
    }
  } catch (error) {
    await closeExtra();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  return closeExtra;
}
