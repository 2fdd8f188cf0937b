// Projects for core's MCP tests: skills.toml declaring real npm MCP servers (run with this Node by their bin path)
// and executors' fixture server, and workflows with skill steps calling their tools.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The `dist/index.js` next to a package's resolved package.json. */
function entryNextTo(packageJson: string): string {
  return path.join(path.dirname(packageJson), 'dist', 'index.js');
}

/** server-everything's entry point. */
export const EVERYTHING_BIN = entryNextTo(require.resolve('@modelcontextprotocol/server-everything/package.json'));
/** server-filesystem's entry point. */
export const FILESYSTEM_BIN = entryNextTo(require.resolve('@modelcontextprotocol/server-filesystem/package.json'));
/** The fixture server of executors' tests (tools pid, crash, wait_for_cancel, refuse). */
export const FIXTURE_SERVER = fileURLToPath(new URL('../../executors/test/mcp/fixture-server.mjs', import.meta.url));

/** A `[mcp_servers.<name>]` table running `script` with this Node (TOML strings written as JSON strings). */
export function stdioServerToml(name: string, script: string, args: string[] = [], extra = ''): string {
  const list = [script, ...args].map((arg) => JSON.stringify(arg)).join(', ');
  return `[mcp_servers.${name}]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${list}]\n${extra}`;
}

/** A workflow of one skill step (`args` is TOML inline-table text), with optional `[inputs]` text. */
export function skillWorkflow(server: string, tool: string, args: string, inputs = ''): string {
  return `version = "1"\nname = "mcp-call"\n${inputs}\n[[steps]]\nid = "call"\nstep_type = "skill"\nskill = "${server}"\ntool = "${tool}"\nargs = ${args}\n`;
}
