// MCP servers declared in a project's `skills.toml`: how to reach each one, and the tools it offers.
import type { SourceLocation } from './errors.js';
import { isJsonObject } from './json-values.js';

/** A server started as a child process, spoken to over its stdin/stdout. */
export interface McpStdioServer {
  name: string;
  transport: 'stdio';
  command: string;
  args: string[];
  /** Extra environment; values may hold `{secrets.NAME}` (resolved when the server starts). */
  env: Record<string, string>;
  /** Working folder, relative to the project folder. */
  cwd?: string;
  location?: SourceLocation;
}

/** A server reached over Streamable HTTP. */
export interface McpHttpServer {
  name: string;
  transport: 'http';
  url: string;
  /** Request headers; values may hold `{secrets.NAME}` (resolved when connecting). */
  headers: Record<string, string>;
  location?: SourceLocation;
}

/** One `[mcp_servers.<name>]` table of `skills.toml`. */
export type McpServerDeclaration = McpStdioServer | McpHttpServer;

/** One tool as the server lists it (name, description, JSON Schema of its arguments). */
export interface McpToolDescription {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

/**
 * What identifies a declaration: which server is reached and how, as stable JSON (keys sorted, its place in
 * skills.toml left out, secrets unresolved). Equal for declarations that would open the same connection.
 */
export function mcpDeclarationIdentity(server: McpServerDeclaration): string {
  const { location: _location, ...declared } = server;
  return JSON.stringify(declared, (_key, value: unknown) =>
    isJsonObject(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value,
  );
}
