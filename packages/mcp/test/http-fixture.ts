// Test fixture: a real node:http server on 127.0.0.1:0 serving createMcpNodeHandler at /mcp.
import { listenOnFreePort } from '@skill/test-kit';
import type { Engine } from '@skill/workflow-core';
import { createMcpNodeHandler, type McpHttpHandlerOptions, type McpNodeHandler } from '../src/index.js';

/** A listening server: its /mcp URL, the handler, and a close function. */
export interface McpHttpFixture {
  url: URL;
  mcp: McpNodeHandler;
  close(): Promise<void>;
}

/** Starts the server; every other path answers 404. */
export async function startMcpHttpServer(
  engine: Engine,
  options: Omit<McpHttpHandlerOptions, 'engine'> = {},
): Promise<McpHttpFixture> {
  const mcp = createMcpNodeHandler({ engine, ...options });
  const server = await listenOnFreePort((req, res) => {
    if (req.url?.startsWith('/mcp')) mcp.listener(req, res);
    else res.writeHead(404).end();
  });
  return {
    url: new URL(`${server.url}/mcp`),
    mcp,
    async close() {
      await mcp.close();
      await server.close();
    },
  };
}

/** A JSON-RPC initialize request, as a client without the SDK sends it. */
export const initializeMessage = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } },
};

/** POSTs a JSON-RPC message with the headers Streamable HTTP requires. */
export function postJson(url: URL, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(body),
  });
}
