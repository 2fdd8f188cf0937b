// One connection per MCP server, shared by every step of an engine: opened on first use, reopened after it
// died, all closed at shutdown.
import { type McpServerDeclaration, type McpToolDescription, mcpDeclarationIdentity } from '@skill/workflow-model';
import { type McpConnection, openMcpConnection } from './mcp-connection.js';

/** How the pool reaches servers. */
export interface McpClientPoolOptions {
  /** Folder relative `cwd` values of stdio servers resolve against (the project folder). */
  baseDir: string;
  /** Resolves `{secrets.*}` in a declaration just before connecting (the result is never logged or stored). */
  resolve?: (server: McpServerDeclaration) => McpServerDeclaration;
  /** Reported to servers as the client version. */
  clientVersion?: string;
}

/** Connections by server name. */
export class McpClientPool {
  readonly #connections = new Map<string, Promise<McpConnection>>();
  /** The declaration each connection was opened for (secrets unresolved). */
  readonly #declared = new Map<string, string>();
  readonly #options: McpClientPoolOptions;

  constructor(options: McpClientPoolOptions) {
    this.#options = options;
  }

  /**
   * The open connection to `server`, or a new one: the old one is dropped once it has closed, and closed when the
   * server's declaration changed.
   */
  async connection(server: McpServerDeclaration, signal?: AbortSignal): Promise<McpConnection> {
    const existing = this.#connections.get(server.name);
    if (existing) {
      const connection = await existing.catch(() => undefined);
      const same = this.#declared.get(server.name) === mcpDeclarationIdentity(server);
      if (connection?.open && same) return connection;
      if (this.#connections.get(server.name) === existing) this.#connections.delete(server.name);
      if (connection?.open) await connection.close();
      return this.connection(server, signal);
    }
    this.#declared.set(server.name, mcpDeclarationIdentity(server));
    const resolved = this.#options.resolve ? this.#options.resolve(server) : server;
    const opening = openMcpConnection(resolved, {
      baseDir: this.#options.baseDir,
      clientVersion: this.#options.clientVersion ?? '0.0.0',
      ...(signal ? { signal } : {}),
    });
    this.#connections.set(server.name, opening);
    opening.then(
      (connection) => {
        void connection.closed.then(() => {
          if (this.#connections.get(server.name) === opening) this.#connections.delete(server.name);
        });
      },
      () => {
        if (this.#connections.get(server.name) === opening) this.#connections.delete(server.name);
      },
    );
    return opening;
  }

  /** Every tool the server lists (all pages). */
  async listTools(server: McpServerDeclaration, signal?: AbortSignal): Promise<McpToolDescription[]> {
    const { client } = await this.connection(server, signal);
    const tools: McpToolDescription[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await client.listTools(cursor ? { cursor } : {}, signal ? { signal } : {});
      for (const tool of result.tools) {
        tools.push({
          name: tool.name,
          ...(tool.description ? { description: tool.description } : {}),
          inputSchema: tool.inputSchema as Record<string, unknown>,
        });
      }
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return tools;
  }

  /** The connection of `name` if one is open now (for messages and tests). */
  async current(name: string): Promise<McpConnection | undefined> {
    const connection = await this.#connections.get(name)?.catch(() => undefined);
    return connection?.open ? connection : undefined;
  }

  /** Closes every connection (stdio servers get stdin closed, then SIGTERM, then SIGKILL); a later call reconnects. */
  async close(): Promise<void> {
    const all = [...this.#connections.values()];
    this.#connections.clear();
    await Promise.all(all.map(async (opening) => (await opening.catch(() => undefined))?.close()));
  }
}
