// serveMcpStdio(): the MCP server over newline-delimited JSON-RPC on stdin/stdout (`skill mcp`).
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer, type McpServerOptions } from './mcp-server.js';

/** Options of {@link serveMcpStdio}. */
export interface McpStdioOptions extends McpServerOptions {
  /** Default `process.stdin`. */
  input?: Readable;
  /** Default `process.stdout`. Nothing else may write to it. */
  output?: Writable;
}

/** A running stdio server. */
export interface McpStdioSession {
  /** Resolves when the session ends: the input ended or {@link McpStdioSession.close} was called. */
  closed: Promise<void>;
  close(): Promise<void>;
}

/** Serves one MCP session over stdio until the input ends. */
export async function serveMcpStdio(options: McpStdioOptions): Promise<McpStdioSession> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const server = createMcpServer(options);
  const transport = new StdioServerTransport(input, output);
  let markClosed = () => {};
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  transport.onclose = () => markClosed();
  const onInputEnd = () => {
    void server.close();
  };
  input.once('end', onInputEnd);
  input.once('close', onInputEnd);
  await server.connect(transport);
  return {
    closed,
    async close() {
      input.off('end', onInputEnd);
      input.off('close', onInputEnd);
      await server.close();
      await closed;
    },
  };
}
