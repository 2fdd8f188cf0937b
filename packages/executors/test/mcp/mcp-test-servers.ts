// The MCP servers executors' tests run: server-everything from npm (by their bin path, with
// this Node), the fixture server of this folder, and server-everything over Streamable HTTP on a free port.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listenOnFreePort, waitFor } from '@skill/test-kit';
import type { McpHttpServer, McpStdioServer } from '@skill/workflow-model';

const require = createRequire(import.meta.url);

/** The `dist/index.js` next to a package's resolved package.json. */
function entryNextTo(packageJson: string): string {
  return path.join(path.dirname(packageJson), 'dist', 'index.js');
}

/** server-everything's entry point. */
export const EVERYTHING_BIN = entryNextTo(require.resolve('@modelcontextprotocol/server-everything/package.json'));
/** The fixture server (pid, crash, wait_for_cancel, refuse). */
export const FIXTURE_SERVER = fileURLToPath(new URL('./fixture-server.mjs', import.meta.url));

/** A stdio declaration running `script` with this Node. */
export function stdioServer(name: string, script: string, args: string[] = []): McpStdioServer {
  return { name, transport: 'stdio', command: process.execPath, args: [script, ...args], env: {} };
}

/** A free loopback port (listened on, then released). */
async function freePort(): Promise<number> {
  const server = await listenOnFreePort((_req, res) => res.end());
  const port = server.port;
  await server.close();
  return port;
}

/** server-everything in its `streamableHttp` mode on a free port, and how to stop it. */
export async function startEverythingHttp(): Promise<{
  server: McpHttpServer;
  child: ChildProcess;
  stop(): Promise<void>;
}> {
  const port = await freePort();
  const child = spawn(process.execPath, [EVERYTHING_BIN, 'streamableHttp'], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await waitFor(() => stderr.includes(`listening on port ${port}`) || child.exitCode !== null, 30_000);
  if (child.exitCode !== null) throw new Error(`server-everything did not start: ${stderr}`);
  const server: McpHttpServer = {
    name: 'everything',
    transport: 'http',
    url: `http://127.0.0.1:${port}/mcp`,
    headers: {},
  };
  return {
    server,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
