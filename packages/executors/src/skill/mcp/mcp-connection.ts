// One live connection to an MCP server: a child process over stdio or a Streamable HTTP session, with the
// SDK client on top, the tail of the server's stderr for messages, and a promise that settles when it closes.
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerDeclaration } from '@skill/workflow-model';

/** The bytes of a server's stderr kept for error messages. */
const STDERR_TAIL_BYTES = 2048;
/** The largest message a stdio server may send (one JSON-RPC line). */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** How long close() waits for a killed server process to be gone. */
const CLOSE_WAIT_MS = 5_000;
/** How long the initialize handshake may take. */
const CONNECT_TIMEOUT_MS = 30_000;

/** A connected server. */
export interface McpConnection {
  readonly client: Client;
  /** False once the transport closed (the process exited, the session ended, or close() was called). */
  readonly open: boolean;
  /** Resolves when the connection has closed. */
  readonly closed: Promise<void>;
  /** The last bytes the server wrote to stderr (stdio servers), for messages. */
  stderrTail(): string;
  /** The server process id (stdio servers). */
  readonly pid: number | undefined;
  /**
   * A progress token whose notifications go to `listener`, in order and before the answer that follows them
   * (the SDK's own `onprogress` drops a notification that arrives together with the answer).
   */
  trackProgress(listener: (progress: McpProgress) => void): { token: string; stop(): void };
  close(): Promise<void>;
}

/** One `notifications/progress` of a call. */
export interface McpProgress {
  progress: number;
  total?: number;
  message?: string;
}

/** Delivers progress notifications of our own tokens as they are read, and hands the rest to the SDK. */
function routeProgress(transport: Transport, listeners: Map<string, (progress: McpProgress) => void>): void {
  const protocolOnMessage = transport.onmessage;
  transport.onmessage = (message, extra) => {
    const params = 'method' in message && message.method === 'notifications/progress' ? message.params : undefined;
    const listener =
      params && typeof params.progressToken === 'string' ? listeners.get(params.progressToken) : undefined;
    if (listener && params && typeof params.progress === 'number') {
      listener({
        progress: params.progress,
        ...(typeof params.total === 'number' ? { total: params.total } : {}),
        ...(typeof params.message === 'string' ? { message: params.message } : {}),
      });
      return;
    }
    protocolOnMessage?.(message, extra);
  };
}

/** Where relative `cwd` values resolve and who the client says it is. */
export interface McpConnectOptions {
  baseDir: string;
  clientVersion: string;
  signal?: AbortSignal;
}

/** A transport to `server`, and how to end its session (HTTP); the SDK is loaded only when a server is used. */
async function transportOf(
  server: McpServerDeclaration,
  baseDir: string,
  onStderr: (chunk: Buffer) => void,
): Promise<{ transport: Transport; pid(): number | undefined; endSession(): Promise<void> }> {
  if (server.transport === 'http') {
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    const transport = new StreamableHTTPClientTransport(new URL(server.url), {
      requestInit: { headers: server.headers },
    });
    return { transport, pid: () => undefined, endSession: () => transport.terminateSession() };
  }
  const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
  const transport = new StdioClientTransport({
    command: server.command,
    args: server.args,
    env: server.env,
    cwd: path.resolve(baseDir, server.cwd ?? '.'),
    stderr: 'pipe',
    maxBufferSize: MAX_MESSAGE_BYTES,
  });
  transport.stderr?.on('data', onStderr);
  return { transport, pid: () => transport.pid ?? undefined, endSession: async () => undefined };
}

/**
 * Starts (stdio) or reaches (HTTP) `server`, whose `{secrets.*}` must already be resolved, and completes the MCP
 * handshake. Throws the transport's error when the process cannot start or the server does not answer.
 */
export async function openMcpConnection(
  server: McpServerDeclaration,
  options: McpConnectOptions,
): Promise<McpConnection> {
  let tail = '';
  const { transport, pid, endSession } = await transportOf(server, options.baseDir, (chunk) => {
    tail = (tail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
  });
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const client = new Client({ name: 'skill-workflows', version: options.clientVersion }, { capabilities: {} });
  let open = true;
  let markClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  client.onclose = () => {
    open = false;
    markClosed();
  };
  try {
    await client.connect(transport, {
      timeout: CONNECT_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  const listeners = new Map<string, (progress: McpProgress) => void>();
  routeProgress(transport, listeners);
  let nextToken = 0;
  return {
    client,
    get open() {
      return open;
    },
    closed,
    stderrTail: () => tail.trim(),
    get pid() {
      return pid();
    },
    trackProgress(listener) {
      const token = `skill-progress-${++nextToken}`;
      listeners.set(token, listener);
      return { token, stop: () => listeners.delete(token) };
    },
    async close() {
      open = false;
      await endSession().catch(() => undefined);
      await client.close().catch(() => undefined);
      // The SDK sends SIGKILL last without waiting: wait (bounded) until the process has really gone.
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
      markClosed();
    },
  };
}
