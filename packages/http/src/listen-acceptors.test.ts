// Several acceptors: a burst of new connections is taken in a few event-loop turns, every request is answered by
// the one HTTP server, a port in use is still refused, and closing frees the port once the connections ended.
import { createServer as createHttpServer, type Server } from 'node:http';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { waitFor } from '@skill/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { listenWithAcceptors } from './listen-acceptors.js';

const opened: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of opened.splice(0)) await close();
});

/** An HTTP server answering `ok`, listening with acceptors on a free loopback port. */
async function acceptingServer(): Promise<{ server: Server; port: number; accepted: number[] }> {
  const server = createHttpServer((_req, res) => res.end('ok'));
  const accepted: number[] = [];
  let turn = 0;
  let counting = true;
  const count = () => {
    turn += 1;
    if (counting) setImmediate(count);
  };
  server.on('connection', () => accepted.push(turn));
  const closeAcceptors = await listenWithAcceptors(server, 0, '127.0.0.1');
  setImmediate(count);
  opened.push(async () => {
    counting = false;
    server.closeAllConnections();
    await Promise.all([new Promise((resolve) => server.close(resolve)), closeAcceptors()]);
  });
  return { server, port: (server.address() as AddressInfo).port, accepted };
}

describe.runIf(process.platform === 'linux')('listenWithAcceptors', () => {
  it('takes a burst of 48 new connections in far fewer event-loop turns than one per connection', async () => {
    const { port, accepted } = await acceptingServer();
    const sockets: Socket[] = Array.from({ length: 48 }, () => connect(port, '127.0.0.1'));
    try {
      await waitFor(() => accepted.length === 48);
      const turns = (accepted.at(-1) ?? 0) - (accepted[0] ?? 0) + 1;
      expect(turns).toBeLessThan(24); // one listening socket takes one connection per turn: 48 turns
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  it('answers every request through the one HTTP server, whichever socket took the connection', async () => {
    const { port } = await acceptingServer();
    const answers = await Promise.all(
      Array.from({ length: 32 }, () =>
        fetch(`http://127.0.0.1:${port}/`, { headers: { connection: 'close' } }).then((res) => res.text()),
      ),
    );
    expect(answers).toEqual(Array(32).fill('ok'));
  });

  it('refuses a port another server holds, as a single socket would', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    try {
      const port = (holder.address() as AddressInfo).port;
      await expect(listenWithAcceptors(createHttpServer(), port, '127.0.0.1')).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('does not let a second server join the port while the first listens', async () => {
    const { port } = await acceptingServer();
    await expect(listenWithAcceptors(createHttpServer(), port, '127.0.0.1')).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });

  it('closes the acceptors with the HTTP server when only the server is closed', async () => {
    const server = createHttpServer((_req, res) => res.end('ok'));
    await listenWithAcceptors(server, 0, '127.0.0.1');
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const again = createServer();
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          again.once('error', () => resolve(false));
          again.listen(port, '127.0.0.1', () => resolve(true));
        }),
    );
    await new Promise((resolve) => again.close(resolve));
  });

  it('frees the port once closed', async () => {
    const server = createHttpServer((_req, res) => res.end('ok'));
    const closeAcceptors = await listenWithAcceptors(server, 0, '127.0.0.1');
    const port = (server.address() as AddressInfo).port;
    expect(await (await fetch(`http://127.0.0.1:${port}/`, { headers: { connection: 'close' } })).text()).toBe('ok');
    await Promise.all([new Promise((resolve) => server.close(resolve)), closeAcceptors()]);
    const again = createServer();
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => again.close(resolve));
  });
});
