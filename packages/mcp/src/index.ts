// Public API of @skill/workflow-mcp: the engine as an MCP server over stdio and Streamable HTTP.

/** The SDK's server class: what {@link createMcpServer} returns. */
export type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
export { createMcpHttpHandler, type McpHttpHandler, type McpHttpHandlerOptions } from './http-handler.js';
export { createMcpServer, type McpServerOptions } from './mcp-server.js';
export { createMcpNodeHandler, type McpNodeHandler } from './node-handler.js';
export { type McpStdioOptions, type McpStdioSession, serveMcpStdio } from './stdio-server.js';
