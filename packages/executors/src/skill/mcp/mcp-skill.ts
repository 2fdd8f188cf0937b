// An MCP server as a Skill: one tool per tool the server lists, each called through the engine's client pool.
import type { McpServerDeclaration, McpToolDescription, Skill, SkillTool } from '@skill/workflow-model';
import type { McpClientPool } from './mcp-client-pool.js';
import { callMcpTool } from './mcp-tool-call.js';

/**
 * The skill named like `server` whose tools are `tools` (from the server's tool list or its cache). With
 * `unavailable`, the skill has no tools and steps naming it fail with that reason.
 *
 * @example
 * registry.add(mcpSkill(server, await pool.listTools(server), pool));
 */
export function mcpSkill(
  server: McpServerDeclaration,
  tools: readonly McpToolDescription[],
  pool: McpClientPool,
  unavailable?: string,
): Skill {
  const entries = tools.map((tool): [string, SkillTool] => [
    tool.name,
    {
      description: tool.description ?? '',
      inputSchema: tool.inputSchema,
      run: (args, ctx) => callMcpTool(pool, server, tool.name, args, ctx),
    },
  ]);
  const where = server.transport === 'stdio' ? server.command : server.url;
  return {
    name: server.name,
    description: `MCP server (${server.transport}: ${where})`,
    tools: Object.fromEntries(entries),
    ...(unavailable === undefined ? {} : { unavailable }),
  };
}
