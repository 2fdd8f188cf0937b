// Raw bytes to an HTTP server over TCP, for requests no HTTP client will send (bad framing, missing Host).
import net from 'node:net';

/**
 * Connects to the host and port of `url`, writes `bytes`, and returns everything the server wrote until it
 * closed the connection (at most 10 s).
 */
export function rawHttpExchange(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) });
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
