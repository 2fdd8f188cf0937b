// A tiny stdio MCP server for tests: `pid` (which process answers), `crash` (exits during the call),
// `wait_for_cancel` (writes `<marker>.started`, then `<marker>` when the client cancels the call) and `refuse` (answers isError).
// With `--stubborn` it ignores SIGTERM and the end of its stdin: only SIGKILL ends it.
import { writeFileSync } from 'node:fs';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const object = (properties = {}, required = []) => ({ type: 'object', properties, required });
const tools = [
  { name: 'pid', description: 'Returns the server process id', inputSchema: object() },
  { name: 'crash', description: 'Exits the server during the call', inputSchema: object() },
  {
    name: 'wait_for_cancel',
    description: 'Waits until the call is cancelled, then writes `marker`',
    inputSchema: object({ marker: { type: 'string' } }, ['marker']),
  },
  { name: 'refuse', description: 'Answers with isError', inputSchema: object() },
];

const server = new Server({ name: 'fixture', version: '1.0.0' }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
  const { name, arguments: args = {} } = request.params;
  if (name === 'pid') return { content: [{ type: 'text', text: JSON.stringify({ pid: process.pid }) }] };
  if (name === 'crash') {
    process.stderr.write('fixture: crashing on purpose\n');
    process.exit(3);
  }
  if (name === 'refuse') return { isError: true, content: [{ type: 'text', text: 'refused: the fixture says no' }] };
  if (name === 'wait_for_cancel') {
    writeFileSync(`${String(args.marker)}.started`, 'started');
    await new Promise((resolve) => {
      extra.signal.addEventListener('abort', resolve, { once: true });
    });
    writeFileSync(String(args.marker), 'cancelled');
    return { content: [{ type: 'text', text: 'cancelled' }] };
  }
  return { isError: true, content: [{ type: 'text', text: `unknown tool ${name}` }] };
});
if (process.argv.includes('--stubborn')) {
  process.on('SIGTERM', () => process.stderr.write('fixture: ignoring SIGTERM\n'));
  setInterval(() => undefined, 60_000);
}
await server.connect(new StdioServerTransport());
