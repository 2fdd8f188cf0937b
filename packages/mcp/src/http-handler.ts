// createMcpHttpHandler(): Streamable HTTP at /mcp as a fetch-style handler with stateful sessions and an Origin check.
import { randomUUID } from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { buildMcpServer, type McpServerOptions } from './mcp-server.js';

/** Options of {@link createMcpHttpHandler}. */
export interface McpHttpHandlerOptions extends McpServerOptions {
  /**
   * Origins (`scheme://host[:port]`) browsers may call from. Requests with another `Origin` header get 403.
   * Unset: only loopback origins (localhost, 127.0.0.1, [::1]) are accepted. Requests without `Origin`
   * (non-browser clients) are always accepted; authentication is the mounting server's job.
   */
  allowedOrigins?: string[];
  /** Open sessions at most; beyond it new sessions get 503. Default 1000. */
  maxSessions?: number;
  /** A session with no request and no running tool call for this long is closed. Default 30 minutes. */
  sessionIdleMs?: number;
}

/** A Streamable HTTP endpoint: give it every request for the MCP path. */
export interface McpHttpHandler {
  handle(request: Request): Promise<Response>;
  /** Closes every session (running executions go on in the engine). */
  close(): Promise<void>;
  /** Number of open sessions. */
  readonly sessionCount: number;
}

interface Session {
  server: McpServer;
  transport: WebStandardStreamableHTTPServerTransport;
  lastSeen: number;
  inFlight: number;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function jsonRpcError(status: number, message: string, code = -32000): Response {
  return Response.json({ jsonrpc: '2.0', error: { code, message }, id: null }, { status });
}

function originAllowed(origin: string, allowed: ReadonlySet<string> | undefined): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return allowed ? allowed.has(url.origin) : LOOPBACK_HOSTS.has(url.hostname);
}

function normaliseOrigins(origins: readonly string[]): Set<string> {
  return new Set(
    origins.map((o) => {
      try {
        return new URL(o).origin;
      } catch {
        return o;
      }
    }),
  );
}

/**
 * Creates the Streamable HTTP MCP endpoint: an `initialize` POST opens a session (a fresh server, its id in
 * the `mcp-session-id` response header); later requests carry that header; DELETE ends the session.
 *
 * @example
 * const mcp = createMcpHttpHandler({ engine, allowedOrigins: ['http://localhost:3000'] });
 * app.all('/mcp', (c) => mcp.handle(c.req.raw));
 */
export function createMcpHttpHandler(options: McpHttpHandlerOptions): McpHttpHandler {
  const sessions = new Map<string, Session>();
  const allowed = options.allowedOrigins ? normaliseOrigins(options.allowedOrigins) : undefined;
  const maxSessions = options.maxSessions ?? 1000;
  const idleMs = options.sessionIdleMs ?? 30 * 60_000;
  let closed = false;

  const sweeper = setInterval(
    () => {
      const now = Date.now();
      for (const session of sessions.values()) {
        if (session.inFlight === 0 && now - session.lastSeen > idleMs) void session.server.close();
      }
    },
    Math.min(idleMs, 60_000),
  );
  sweeper.unref();

  async function openSession(request: Request): Promise<Response> {
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() });
    const session: Session = {
      transport,
      lastSeen: Date.now(),
      inFlight: 0,
      server: buildMcpServer(options, {
        begin: () => {
          session.inFlight += 1;
        },
        end: () => {
          session.inFlight -= 1;
          session.lastSeen = Date.now();
        },
      }),
    };
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await session.server.connect(transport);
    const response = await transport.handleRequest(request);
    if (transport.sessionId && !closed) sessions.set(transport.sessionId, session);
    else await session.server.close();
    return response;
  }

  return {
    get sessionCount() {
      return sessions.size;
    },
    async handle(request) {
      if (closed) return jsonRpcError(503, 'the MCP endpoint is shutting down');
      const origin = request.headers.get('origin');
      if (origin !== null && !originAllowed(origin, allowed)) {
        return jsonRpcError(403, `Forbidden: origin ${origin.slice(0, 200)} is not allowed`);
      }
      const sessionId = request.headers.get('mcp-session-id');
      if (sessionId !== null) {
        const session = sessions.get(sessionId);
        if (!session) return jsonRpcError(404, 'Session not found', -32001);
        session.lastSeen = Date.now();
        return session.transport.handleRequest(request);
      }
      if (request.method !== 'POST') return jsonRpcError(400, 'Bad Request: Mcp-Session-Id header is required');
      if (sessions.size >= maxSessions) return jsonRpcError(503, `too many MCP sessions (${maxSessions})`);
      return openSession(request);
    },
    async close() {
      closed = true;
      clearInterval(sweeper);
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.all(open.map((s) => s.server.close()));
    },
  };
}
